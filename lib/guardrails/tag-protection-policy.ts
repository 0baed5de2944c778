import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

/** The SCP size limit AWS Organizations enforces (characters, whitespace included). */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * Actions that change or delete the protected resources: Auto Scaling groups, network and firewall configuration
 * (VPCs, subnets, route tables, NACLs, security groups, NAT gateways, Transit Gateway attachments), KMS keys, the audit
 * bucket, the trail and GuardDuty. Wildcards keep the document under the SCP size limit; each is a verb prefix that
 * only ever mutates.
 */
export const PROTECTED_ACTIONS: readonly string[] = [
  'autoscaling:Delete*',
  'autoscaling:Detach*',
  'autoscaling:Put*',
  'autoscaling:Set*',
  'autoscaling:Suspend*',
  'autoscaling:Terminate*',
  'autoscaling:Update*',
  'ec2:Authorize*',
  'ec2:Delete*',
  'ec2:Disassociate*',
  'ec2:Modify*',
  'ec2:Replace*',
  'ec2:Revoke*',
  'ec2:Create*Route*',
  'ec2:CreateNetworkAclEntry',
  'kms:Delete*',
  'kms:Disable*',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:Update*',
  's3:DeleteBucket*',
  's3:PutBucket*',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  'cloudtrail:DeleteTrail',
  'cloudtrail:Put*',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
  'guardduty:Delete*',
  'guardduty:Disassociate*',
  'guardduty:Update*',
];

/** Actions that add or remove tags; protected resources must not lose (or unrelated ones gain) the protection tag. */
export const TAGGING_ACTIONS: readonly string[] = [
  'autoscaling:CreateOrUpdateTags',
  'autoscaling:DeleteTags',
  'ec2:CreateTags',
  'ec2:DeleteTags',
  'kms:TagResource',
  'kms:UntagResource',
  's3:PutBucketTagging',
  's3:DeleteBucketTagging',
  'cloudtrail:AddTags',
  'cloudtrail:RemoveTags',
  'guardduty:TagResource',
  'guardduty:UntagResource',
];

export interface TagProtectionPolicyOptions {
  /**
   * The principals allowed to change protected resources: the platform's deploy role(s), as IAM role ARNs; `*` is
   * allowed in the account and role-name parts (e.g. CDK's CloudFormation execution role in every account).
   */
  readonly deployRoleArns: readonly string[];
}

/**
 * The tag-protection service control policy: nobody but the deploy role may change or delete a resource tagged
 * `tenant-baseline:protected = true`, or add or remove that tag anywhere.
 */
export function tagProtectionPolicy(options: TagProtectionPolicyOptions): Record<string, unknown> {
  if (options.deployRoleArns.length === 0) {
    throw new Error("tagProtectionPolicy: 'deployRoleArns' must name at least one role, got none");
  }
  const exceptDeployRole = { ArnNotLike: { 'aws:PrincipalArn': [...options.deployRoleArns] } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyChangesToProtectedResources',
        Effect: 'Deny',
        Action: [...PROTECTED_ACTIONS],
        Resource: '*',
        Condition: { StringEquals: { [`aws:ResourceTag/${TAG_KEYS.protection}`]: PROTECTION_TAG_VALUE }, ...exceptDeployRole },
      },
      {
        Sid: 'DenyProtectionTagChanges',
        Effect: 'Deny',
        Action: [...TAGGING_ACTIONS],
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': [TAG_KEYS.protection] }, ...exceptDeployRole },
      },
      {
        Sid: 'DenyRetaggingProtectedResources',
        Effect: 'Deny',
        Action: [...TAGGING_ACTIONS],
        Resource: '*',
        Condition: { StringEquals: { [`aws:ResourceTag/${TAG_KEYS.protection}`]: PROTECTION_TAG_VALUE }, ...exceptDeployRole },
      },
    ],
  };
}
