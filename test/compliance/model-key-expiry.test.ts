/**
 * Sidecar key expiry on the real control plane: the hourly check, its schedule and role, the two alarms, and the
 * configured validity reaching the ingest; and the gate's SchedulesAsPlanned and AlarmsAsPlanned failing when any of
 * it is broken through an L1 attribute or an override.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { testApp } from '../helpers/app';
import { findingsOf, PACK, shipped } from '../helpers/pack';

const { CONFIG } = PACK;
const ids = (found: string[]) => found.map((f) => f.split(' @ ')[0]);

function controlPlane(sidecarKeyValidityDays = CONFIG.controlPlane.sidecarKeyValidityDays) {
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: { ...CONFIG.controlPlane, sidecarKeyValidityDays }, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
  return { app, stack, edge: stack.edge!, template: () => Template.fromStack(stack) };
}
const l1 = (construct: { node: { defaultChild?: unknown } }) => construct.node.defaultChild as CfnResource;
const MEDIUM = { Ref: Match.stringLikeRegexp('^SsmParameterValuetenantbaselinealertsmediumtopicarn') };
const LOW = { Ref: Match.stringLikeRegexp('^SsmParameterValuetenantbaselinealertslowtopicarn') };

describe('the sidecar key expiry check as built', () => {
  test('GIVEN a 30-day validity in config THEN the ingest and the check both get it, and the check reads the registry with Scan only', () => {
    const { edge, stack, template } = controlPlane(30);
    const t = template();
    const fn = (c: { function: { node: { defaultChild?: unknown } } }) => t.toJSON().Resources[stack.getLogicalId(c.function.node.defaultChild as CfnResource)];
    expect(fn(edge.heartbeats.ingest).Properties.Environment.Variables.KEY_VALIDITY_DAYS).toBe('30');
    expect(fn(edge.heartbeats.expiryCheck).Properties.Environment.Variables).toMatchObject({ KEY_VALIDITY_DAYS: '30', WARNING_DAYS: '14' });
    const statements = (edge.heartbeats.expiryCheck.policy.document.toJSON() as { Statement: { Sid: string; Action: unknown }[] }).Statement.filter((s) => !['WriteOwnLogs', 'VpcNetworking', 'Tracing'].includes(s.Sid));
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([['ScanRegistry', 'dynamodb:Scan'], ['UseRegistryKeyThroughDynamoDb', 'kms:Decrypt']]);
  });

  test('GIVEN the control plane THEN an hourly enabled schedule invokes the check through a role only this account\'s scheduler can assume', () => {
    const { template } = controlPlane();
    const t = template();
    t.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)', State: 'ENABLED', Target: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('KeyExpiryCheck'), 'Arn'] } } });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }] },
    });
  });

  test('GIVEN the control plane THEN the expiry alarm watches the hourly count (max over 6 h > 0) and tells the low topic on alarm and on silence (a key expiring in 14 days is seed 001 low tier)', () => {
    const m = PLATFORM_METRICS.sidecarKeysExpiringSoon;
    controlPlane().template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'tenant-baseline-SidecarKeyExpiring', Namespace: m.namespace, MetricName: m.name, Dimensions: [{ Name: 'service', Value: m.service }],
      Statistic: 'Maximum', Period: 21600, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'missing',
      AlarmActions: [LOW], InsufficientDataActions: [LOW],
    });
    controlPlane().template().hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'tenant-baseline-ExpiredSidecarKeyInUse', MetricName: PLATFORM_METRICS.expiredSidecarKey.name, Threshold: 0, AlarmActions: [MEDIUM] });
  });
});

describe('SchedulesAsPlanned', () => {
  test('GIVEN the shipped control plane THEN its schedule is judged and compliant', () => {
    shipped('SchedulesAsPlanned', () => controlPlane().app);
  });

  test('GIVEN the schedule disabled (L1 attribute) THEN it is reported', () => {
    const { app, edge } = controlPlane();
    edge.heartbeats.expirySchedule.state = 'DISABLED';
    expect(ids(findingsOf(app, 'SchedulesAsPlanned'))).toEqual(['TenantBaseline-SchedulesAsPlanned[State::DISABLED]']);
  });

  test('GIVEN the expression slowed to monthly and the target moved to a literal ARN (overrides) THEN both are reported', () => {
    const { app, edge } = controlPlane();
    edge.heartbeats.expirySchedule.addPropertyOverride('ScheduleExpression', 'rate(30 days)');
    edge.heartbeats.expirySchedule.addPropertyOverride('Target.Arn', 'arn:aws:lambda:eu-west-1:111122223333:function:x');
    expect(ids(findingsOf(app, 'SchedulesAsPlanned'))).toEqual(['TenantBaseline-SchedulesAsPlanned[ScheduleExpression::rate(30 days)]', 'TenantBaseline-SchedulesAsPlanned[Target.Arn::arn:aws:lambda:eu-west-1:111122223333:function:x]']);
  });

  test('GIVEN the role trust widened to any principal (override) THEN it is reported', () => {
    const { app, stack } = controlPlane();
    const role = stack.node.findAll().find((n) => n.node.path.endsWith('KeyExpiryScheduleRole/Resource')) as CfnResource;
    role.addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Principal', { AWS: '*' });
    expect(ids(findingsOf(app, 'SchedulesAsPlanned'))).toEqual([expect.stringMatching(/^TenantBaseline-SchedulesAsPlanned\[Target\.RoleArn::/)]);
  });
});

describe('AlarmsAsPlanned on the expiry alarm', () => {
  test('GIVEN its insufficient-data action removed and missing data made not breaching (overrides) THEN both are reported', () => {
    const { app, edge } = controlPlane();
    l1(edge.alarms.sidecarKeyExpiring).addPropertyOverride('InsufficientDataActions', []);
    (l1(edge.alarms.sidecarKeyExpiring) as cloudwatch.CfnAlarm).treatMissingData = 'notBreaching';
    expect(ids(findingsOf(app, 'AlarmsAsPlanned')).sort()).toEqual(['TenantBaseline-AlarmsAsPlanned[InsufficientDataActions::::planned-low]', 'TenantBaseline-AlarmsAsPlanned[TreatMissingData::notBreaching::planned-missing]']);
  });

  test('GIVEN an insufficient-data action added to an event-count alarm (override) THEN it is reported', () => {
    const { app, edge } = controlPlane();
    l1(edge.alarms.tamperDetected).addPropertyOverride('InsufficientDataActions', ['arn:aws:sns:eu-west-1:111122223333:x']);
    expect(ids(findingsOf(app, 'AlarmsAsPlanned'))).toEqual(['TenantBaseline-AlarmsAsPlanned[InsufficientDataActions::arn:aws:sns:eu-west-1:111122223333:x::planned-]']);
  });
});
