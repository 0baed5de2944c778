import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PLATFORM_PREFIX } from '../naming';

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
  readonly topic: 'security' | 'medium';
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
    topic: 'security',
    runbook: 'Confirm with the account owner that root was used on purpose; if not, rotate the root password and MFA, and review the events in CloudTrail.',
  },
  {
    id: 'UnauthorizedApiCalls',
    control: 'CIS 4.1',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 10,
    topic: 'medium',
    runbook: 'Group the denied calls by principal and source IP in CloudTrail; a single principal probing many APIs is a compromised credential until shown otherwise.',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    control: 'CIS 4.2',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    threshold: 1,
    topic: 'security',
    runbook: 'Ask the user whether they signed in; enforce MFA on the user, and if the sign-in was not theirs, disable the password and keys.',
  },
  {
    id: 'IamPolicyChanges',
    control: 'CIS 4.4',
    pattern:
      '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
    threshold: 1,
    topic: 'security',
    runbook: 'Match the change to a deploy of the platform or an approved change; anything else is reverted and its principal investigated.',
  },
  {
    id: 'CloudTrailChanges',
    control: 'CIS 4.5',
    pattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    threshold: 1,
    topic: 'security',
    runbook: 'Check the trail is logging and validating; a StopLogging or DeleteTrail outside a platform deploy is treated as an attempt to blind the audit.',
  },
  {
    id: 'KmsKeyDisabledOrScheduledForDeletion',
    control: 'CIS 4.7',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    threshold: 1,
    topic: 'security',
    runbook: 'If it is not a tenant offboarding (docs/data-protection.md), cancel the deletion (kms cancel-key-deletion) at once: the data under the key becomes unreadable when it completes.',
  },
  {
    id: 'SecurityGroupChanges',
    control: 'CIS 4.10',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    threshold: 1,
    topic: 'security',
    runbook: 'Compare with the firewall rules in docs/network.md; a rule that admits 22, 0.0.0.0/0 or another tenant is removed and its principal investigated.',
  },
  {
    id: 'NetworkAclChanges',
    control: 'CIS 4.11',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    threshold: 1,
    topic: 'security',
    runbook: 'Outside a platform deploy, restore the ACL from the stack (cdk deploy) and find who changed it.',
  },
  {
    id: 'RouteTableChanges',
    control: 'CIS 4.13',
    pattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) || ($.eventName = CreateTransitGatewayRoute) || ($.eventName = ReplaceTransitGatewayRoute) || ($.eventName = EnableTransitGatewayRouteTablePropagation) || ($.eventName = AssociateTransitGatewayRouteTable) }',
    threshold: 1,
    topic: 'security',
    runbook: 'A route or propagation that lets one tenant reach another breaks isolation: remove it first, then investigate.',
  },
  {
    id: 'VpcChanges',
    control: 'CIS 4.14',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    threshold: 1,
    topic: 'security',
    runbook: 'Peering is never part of this design: a new peering connection is deleted and treated as an isolation breach.',
  },
];

export interface AccountAlarmsProps {
  /** The audit trail's log group. */
  readonly logGroup: logs.ILogGroup;
  readonly securityTopic: sns.ITopic;
  readonly mediumTopic: sns.ITopic;
}

/** Metric filters on the audit log group and their alarms, each with an action on its topic. */
export class AccountAlarms extends Construct {
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: AccountAlarmsProps) {
    super(scope, id);
    const alarms: Record<string, cloudwatch.Alarm> = {};
    for (const spec of AUDIT_ALARMS) {
      const filter = new logs.MetricFilter(this, `${spec.id}Filter`, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(spec.pattern),
        metricNamespace: AUDIT_METRIC_NAMESPACE,
        metricName: spec.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, spec.id, {
        alarmName: `${PLATFORM_PREFIX}-${spec.id}`,
        alarmDescription: `${spec.control}: ${spec.runbook}`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: spec.threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(spec.topic === 'security' ? props.securityTopic : props.mediumTopic));
      alarms[spec.id] = alarm;
    }
    this.alarms = alarms;
  }
}
