/** The account's audit-log alarms (CIS) as pure data: their CloudTrail filter patterns, thresholds and tiers (alarm-plan.ts plans them). */
import { PLATFORM_PREFIX } from '../naming';
import { AlertTier } from './alert-tiers';

/** Namespace of the metrics the account's audit-log filters publish. */
export const AUDIT_METRIC_NAMESPACE = `${PLATFORM_PREFIX}/Audit`;

export interface AuditAlarmSpec {
  /** Construct id and metric name. */
  readonly id: string;
  /** The CIS AWS Foundations Benchmark control it implements. */
  readonly control: string;
  /** CloudWatch Logs filter pattern over CloudTrail records. */
  readonly pattern: string;
  /** Alarm when the 5-minute sum is at or above this. */
  readonly threshold: number;
  readonly tier: AlertTier;
  /** The playbook's anchor in docs/runbooks.md (the alarm's description links it). */
  readonly playbook: string;
  /** The first thing the person on call does. */
  readonly runbook: string;
}

/**
 * The account-level alarms an auditor expects, one place for their patterns and thresholds. Counts of events: a
 * period without events is "not breaching" (silence means nothing happened), and any flood crosses the threshold.
 */
export const AUDIT_ALARMS: readonly AuditAlarmSpec[] = [
  {
    id: 'RootAccountUse',
    control: 'CIS 1.7 / 4.3',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    threshold: 1,
    tier: 'critical',
    playbook: 'root-account-used',
    runbook: 'Confirm with the account owner that root was used on purpose; if not, rotate the root password and MFA, and review the events in CloudTrail.',
  },
  {
    id: 'UnauthorizedApiCalls',
    control: 'CIS 4.1',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 10,
    tier: 'medium',
    playbook: 'compromised-admin-account',
    runbook: 'Group the denied calls by principal and source IP in CloudTrail; a single principal probing many APIs is a compromised credential until shown otherwise.',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    control: 'CIS 4.2',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    threshold: 1,
    tier: 'critical',
    playbook: 'compromised-admin-account',
    runbook: 'Ask the user whether they signed in; enforce MFA on the user, and if the sign-in was not theirs, disable the password and keys.',
  },
  {
    id: 'IamPolicyChanges',
    control: 'CIS 4.4',
    pattern:
      '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
    threshold: 1,
    tier: 'high',
    playbook: 'unplanned-iam-or-audit-change',
    runbook: 'Match the change to a deploy of the platform or an approved change; anything else is reverted and its principal investigated.',
  },
  {
    id: 'CloudTrailChanges',
    control: 'CIS 4.5',
    pattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    threshold: 1,
    tier: 'high',
    playbook: 'unplanned-iam-or-audit-change',
    runbook: 'Check the trail is logging and validating; a StopLogging or DeleteTrail outside a platform deploy is treated as an attempt to blind the audit.',
  },
  {
    id: 'KmsKeyDisabledOrScheduledForDeletion',
    control: 'CIS 4.7',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    threshold: 1,
    tier: 'critical',
    playbook: 'key-disabled-or-scheduled-for-deletion',
    runbook: 'If it is not a tenant offboarding (docs/data-protection.md), cancel the deletion (kms cancel-key-deletion) at once, as the break-glass role (protected keys refuse everyone else, docs/guardrails.md): the data under the key becomes unreadable when it completes.',
  },
  {
    id: 'SecurityGroupChanges',
    control: 'CIS 4.10',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    threshold: 1,
    tier: 'medium',
    playbook: 'network-path-opened',
    runbook: 'Compare with the firewall rules in docs/network.md; a rule that admits 22, 0.0.0.0/0 or another tenant is removed and its principal investigated.',
  },
  {
    id: 'NetworkAclChanges',
    control: 'CIS 4.11',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    threshold: 1,
    tier: 'medium',
    playbook: 'network-path-opened',
    runbook: 'Outside a platform deploy, restore the ACL from the stack (cdk deploy) and find who changed it.',
  },
  {
    id: 'RouteTableChanges',
    control: 'CIS 4.13',
    pattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) || ($.eventName = CreateTransitGatewayRoute) || ($.eventName = ReplaceTransitGatewayRoute) || ($.eventName = EnableTransitGatewayRouteTablePropagation) || ($.eventName = AssociateTransitGatewayRouteTable) }',
    threshold: 1,
    tier: 'medium',
    playbook: 'network-path-opened',
    runbook: 'A route or propagation that lets one tenant reach another breaks isolation: remove it first, then investigate.',
  },
  {
    id: 'VpcChanges',
    control: 'CIS 4.14',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    threshold: 1,
    tier: 'high',
    playbook: 'network-path-opened',
    runbook: 'Peering is never part of this design: a new peering connection is deleted and treated as an isolation breach.',
  },
];
