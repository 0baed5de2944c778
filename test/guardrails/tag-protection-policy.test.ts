import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_DEPLOY_ROLE_ARN, validatePlatformConfig } from '../../lib/config/platform-config';
import { SCP_MAX_CHARACTERS, tagProtectionPolicy } from '../../lib/guardrails/tag-protection-policy';
import { TAG_KEYS } from '../../lib/naming';
import { buildPlatform } from '../../lib/platform';
import { resourcesOfType, testApp } from '../helpers/app';

/**
 * A small evaluator for the condition operators this SCP uses, with IAM's semantics: actions and ARNs match with
 * case-insensitive `*` / `?` wildcards for actions and case-sensitive ones for ARNs; a condition on a key the request
 * does not carry is false (so StringEquals on a missing tag does not match); every condition of a statement must hold.
 */
interface Request {
  readonly action: string;
  readonly principalArn: string;
  readonly resourceTags?: Record<string, string>;
  readonly requestTagKeys?: string[];
}
const glob = (pattern: string, flags = '') => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);

function contextValues(request: Request, key: string): string[] | undefined {
  if (key === 'aws:PrincipalArn') return [request.principalArn];
  if (key === 'aws:TagKeys') return request.requestTagKeys;
  const tag = /^aws:ResourceTag\/(.+)$/.exec(key);
  if (tag) return request.resourceTags && tag[1] in request.resourceTags ? [request.resourceTags[tag[1]]] : undefined;
  throw new Error(`evaluator: unsupported condition key ${key}`);
}

function conditionHolds(operator: string, key: string, expected: unknown, request: Request): boolean {
  const wanted = [expected].flat() as string[];
  const actual = contextValues(request, key);
  switch (operator) {
    case 'StringEquals':
      return actual !== undefined && actual.some((a) => wanted.includes(a));
    case 'ArnNotLike':
      return actual !== undefined && actual.every((a) => !wanted.some((w) => glob(w).test(a)));
    case 'ForAnyValue:StringEquals':
      return actual !== undefined && actual.some((a) => wanted.includes(a));
    default:
      throw new Error(`evaluator: unsupported operator ${operator}`);
  }
}

function deniedBy(policy: any, request: Request): string[] {
  return policy.Statement.filter((s: any) => s.Effect === 'Deny')
    .filter((s: any) => [s.Action].flat().some((a: string) => glob(a, 'i').test(request.action)))
    .filter((s: any) => Object.entries(s.Condition ?? {}).every(([op, block]) => Object.entries(block as object).every(([k, v]) => conditionHolds(op, k, v, request))))
    .map((s: any) => s.Sid);
}

const ACCOUNT = '111122223333';
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:role/developer`;
const PROTECTED = { [TAG_KEYS.protection]: 'true', [TAG_KEYS.tenant]: 'acme' };
const UNPROTECTED = { Name: 'scratch' };

describe('tag-protection SCP, evaluated', () => {
  const policy = tagProtectionPolicy({ deployRoleArns: [DEFAULT_DEPLOY_ROLE_ARN] });

  test.each([
    'autoscaling:UpdateAutoScalingGroup',
    'autoscaling:DeleteAutoScalingGroup',
    'autoscaling:TerminateInstanceInAutoScalingGroup',
    'ec2:DeleteNatGateway',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ReplaceNetworkAclEntry',
    'ec2:CreateNetworkAclEntry',
    'ec2:CreateRoute',
    'ec2:CreateTransitGatewayRoute',
    'ec2:DeleteVpc',
    'ec2:ModifySubnetAttribute',
    'kms:ScheduleKeyDeletion',
    'kms:DisableKey',
    'kms:PutKeyPolicy',
    's3:PutBucketPolicy',
    's3:DeleteBucket',
    's3:PutLifecycleConfiguration',
    'cloudtrail:StopLogging',
    'cloudtrail:DeleteTrail',
    'cloudtrail:PutEventSelectors',
    'guardduty:DeleteDetector',
    'guardduty:UpdateDetector',
  ])('GIVEN anyone but the deploy role WHEN %s on a protected resource THEN it is denied', (action) => {
    expect(deniedBy(policy, { action, principalArn: DEVELOPER, resourceTags: PROTECTED })).toEqual(['DenyChangesToProtectedResources']);
  });

  test.each(['ec2:DeleteNatGateway', 'kms:ScheduleKeyDeletion', 'cloudtrail:StopLogging', 'autoscaling:UpdateAutoScalingGroup'])(
    'GIVEN the deploy role WHEN %s on a protected resource THEN it is allowed',
    (action) => {
      expect(deniedBy(policy, { action, principalArn: DEPLOY, resourceTags: PROTECTED })).toEqual([]);
    },
  );

  test.each(['ec2:DeleteNatGateway', 'kms:ScheduleKeyDeletion', 's3:DeleteBucket'])('GIVEN an unprotected resource WHEN %s THEN the SCP does not interfere', (action) => {
    expect(deniedBy(policy, { action, principalArn: DEVELOPER, resourceTags: UNPROTECTED })).toEqual([]);
    expect(deniedBy(policy, { action, principalArn: DEVELOPER })).toEqual([]);
  });

  test.each(['ec2:DescribeSecurityGroups', 'kms:Decrypt', 'kms:GenerateDataKey', 's3:GetObject', 'cloudtrail:LookupEvents', 'autoscaling:DescribeAutoScalingGroups'])(
    'GIVEN a read or data-plane action %s on a protected resource THEN it is allowed',
    (action) => {
      expect(deniedBy(policy, { action, principalArn: DEVELOPER, resourceTags: PROTECTED })).toEqual([]);
    },
  );

  test('GIVEN anyone but the deploy role WHEN removing the protection tag THEN it is denied', () => {
    expect(deniedBy(policy, { action: 'ec2:DeleteTags', principalArn: DEVELOPER, resourceTags: PROTECTED, requestTagKeys: [TAG_KEYS.protection] })).toEqual([
      'DenyChangesToProtectedResources',
      'DenyProtectionTagChanges',
      'DenyRetaggingProtectedResources',
    ]);
    expect(deniedBy(policy, { action: 'kms:UntagResource', principalArn: DEVELOPER, resourceTags: PROTECTED, requestTagKeys: [TAG_KEYS.protection] })).toContain('DenyProtectionTagChanges');
  });

  test('GIVEN anyone but the deploy role WHEN adding the protection tag to any resource THEN it is denied', () => {
    expect(deniedBy(policy, { action: 'ec2:CreateTags', principalArn: DEVELOPER, resourceTags: UNPROTECTED, requestTagKeys: [TAG_KEYS.protection] })).toEqual(['DenyProtectionTagChanges']);
  });

  test('GIVEN anyone but the deploy role WHEN re-tagging a protected resource with other tags THEN it is denied; elsewhere it is allowed', () => {
    expect(deniedBy(policy, { action: 'ec2:CreateTags', principalArn: DEVELOPER, resourceTags: PROTECTED, requestTagKeys: ['Name'] })).toEqual(['DenyRetaggingProtectedResources']);
    expect(deniedBy(policy, { action: 'ec2:CreateTags', principalArn: DEVELOPER, resourceTags: UNPROTECTED, requestTagKeys: ['Name'] })).toEqual([]);
  });

  test('GIVEN the deploy role WHEN it tags or untags THEN it is allowed', () => {
    expect(deniedBy(policy, { action: 'ec2:CreateTags', principalArn: DEPLOY, resourceTags: PROTECTED, requestTagKeys: [TAG_KEYS.protection] })).toEqual([]);
  });

  test('THEN the minified document fits the SCP size limit', () => {
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test('GIVEN no deploy role THEN building the policy fails', () => {
    expect(() => tagProtectionPolicy({ deployRoleArns: [] })).toThrow("tagProtectionPolicy: 'deployRoleArns' must name at least one role, got none");
  });
});

describe('the resources the SCP protects carry the tag', () => {
  const stacks = buildPlatform(testApp(), validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }] }));
  const tagged = (template: Template, type: string) =>
    Object.entries(resourcesOfType(template, type)).map(([id, r]) => {
      const tags = r.Properties!.Tags ?? r.Properties!.BackupVaultTags;
      const value = Array.isArray(tags) ? tags.find((t: any) => t.Key === TAG_KEYS.protection)?.Value : undefined;
      return [id, value];
    });

  test.each([
    ['tenant', 'AWS::AutoScaling::AutoScalingGroup'],
    ['tenant', 'AWS::EC2::NatGateway'],
    ['tenant', 'AWS::EC2::NetworkAcl'],
    ['tenant', 'AWS::EC2::SecurityGroup'],
    ['tenant', 'AWS::EC2::RouteTable'],
    ['tenant', 'AWS::EC2::VPC'],
    ['tenant', 'AWS::KMS::Key'],
    ['baseline', 'AWS::KMS::Key'],
    ['baseline', 'AWS::S3::Bucket'],
    ['baseline', 'AWS::CloudTrail::Trail'],
    ['baseline', 'AWS::GuardDuty::Detector'],
  ])('GIVEN the %s stack THEN every %s is tagged protected', (which, type) => {
    const template = Template.fromStack(which === 'tenant' ? stacks.tenants[0] : stacks.accountBaseline!);
    const rows = tagged(template, type);
    expect(rows.length).toBeGreaterThan(0);
    for (const [id, value] of rows) {
      expect({ id, value }).toEqual({ id, value: 'true' });
    }
  });
});

describe('guardrails configuration and the optional management-account stack', () => {
  const base = { controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] };

  test('GIVEN no guardrails section THEN the CDK execution role is the deploy role and no organization stack is built', () => {
    const config = validatePlatformConfig(base);
    expect(config.guardrails).toEqual({ deployRoleArns: [DEFAULT_DEPLOY_ROLE_ARN], organizationTargetIds: [] });
    expect(buildPlatform(testApp(), config).organizationGuardrails).toBeUndefined();
  });

  test('GIVEN organization targets THEN the management-account stack attaches exactly the evaluated policy to them', () => {
    const config = validatePlatformConfig({ ...base, guardrails: { deployRoleArns: ['arn:aws:iam::*:role/platform-deploy'], organizationTargetIds: ['ou-ab12-cdef3456'] } });
    const stack = buildPlatform(testApp(), config).organizationGuardrails!;
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'SERVICE_CONTROL_POLICY',
      TargetIds: ['ou-ab12-cdef3456'],
      Content: tagProtectionPolicy({ deployRoleArns: ['arn:aws:iam::*:role/platform-deploy'] }),
    });
  });

  test.each([
    [{ deployRoleArns: [] }, "'guardrails.deployRoleArns' must be a non-empty array of an IAM role ARN"],
    [{ deployRoleArns: ['arn:aws:iam::12345:role/x'] }, "'guardrails.deployRoleArns[0]' must be an IAM role ARN like arn:aws:iam::123456789012:role/deploy"],
    [{ deployRoleArns: ['arn:aws:iam::123456789012:user/alice'] }, "'guardrails.deployRoleArns[0]' must be an IAM role ARN"],
    [{ organizationTargetIds: ['ou-bad'] }, "'guardrails.organizationTargetIds[0]' must be an organization root (r-...), OU (ou-...-...) or 12-digit account id, got \"ou-bad\""],
  ])('GIVEN %p THEN the configuration is refused naming the field', (guardrails, message) => {
    expect(() => validatePlatformConfig({ ...base, guardrails })).toThrow(message);
  });
});
