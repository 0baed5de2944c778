/**
 * Offboarding under the tag-protection SCP: the tenant key is protected, so nobody but the deploy roles may schedule
 * its deletion. The documented path (docs/data-protection.md) is a stack change: `state: "offboarding"` makes the
 * key's DeletionPolicy Delete with the configured pending window and lifts the database's and table's deletion
 * protection, the gate accepts exactly that for that tenant, and destroying the stack is CloudFormation, as the deploy
 * role, scheduling the key's deletion.
 */
import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { tagProtectionPolicies } from '../../lib/guardrails/tag-protection-policy';
import { TAG_KEYS } from '../../lib/naming';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { ACCOUNT, decide } from '../helpers/scp-simulator';

const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;
const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;

const lifecycle = (offboarding: boolean, keyDeletionWindowDays = 14) => (offboarding ? { state: 'offboarding', keyDeletionWindowDays } : {});

function tenantApp(offboarding: boolean) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, ...lifecycle(offboarding) }] });
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: config.tenants[0], controlPlane: config.controlPlane, sidecar: config.sidecar });
  return { app, stack, config };
}

test('GIVEN a tenant being offboarded THEN its key is deleted with the stack (the configured window) and its database and table can be', () => {
  const template = Template.fromStack(tenantApp(true).stack);
  template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', Properties: { PendingWindowInDays: 14 } });
  template.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  const kept = Template.fromStack(tenantApp(false).stack);
  kept.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  kept.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: true });
});

test('GIVEN the offboarding plan THEN the gate accepts lifted deletion protection for that tenant only', () => {
  const judge = (offboardingInPlan: boolean, offboardingInStack: boolean) => {
    const { app } = tenantApp(offboardingInStack);
    const plan = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, ...lifecycle(offboardingInPlan) }] });
    const pack = new TenantBaselineChecks(platformTopology(plan));
    pack.validateScope(app);
    return pack.evaluations.filter((e) => ['TenantBaseline-DatabaseAsPlanned', 'TenantBaseline-TableProtected'].includes(e.ruleId) && e.status !== 'compliant').map((e) => e.findings.join());
  };
  expect(judge(true, true)).toEqual([]);
  expect(judge(false, true)).toEqual(['TenantBaseline-DatabaseAsPlanned[DeletionProtection::false::planned-true]', 'TenantBaseline-TableProtected[DeletionProtectionEnabled::false]']);
  expect(judge(true, false)).toEqual(['TenantBaseline-DatabaseAsPlanned[DeletionProtection::true::planned-false]', 'TenantBaseline-TableProtected[DeletionProtectionEnabled::true::planned-false]']);
});

test('GIVEN the tag-protection SCPs THEN scheduling the tenant key deletion works as the deploy role (CloudFormation) and is denied to an operator', async () => {
  const policies = tagProtectionPolicies({ deployRoleArns: [DEPLOY] });
  const request = { action: 'kms:ScheduleKeyDeletion', resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/tenant-acme`, context: { [`aws:ResourceTag/${TAG_KEYS.protection}`]: 'true' } };
  expect(await decide(policies, { ...request, principal: DEPLOY })).toBe('Allowed');
  expect(await decide(policies, { ...request, principal: OPERATOR })).toBe('ExplicitlyDenied');
  expect(await decide(policies, { ...request, action: 'kms:CancelKeyDeletion', principal: OPERATOR })).toBe('ExplicitlyDenied');
});

test('GIVEN an offboarding without a window, a window on an active tenant, or the old offboarding flag THEN each is named', () => {
  const problems = (tenant: Record<string, unknown>) => {
    try {
      validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, ...tenant }] }, 'c.json');
      return [];
    } catch (error) {
      return [...(error as PlatformConfigError).problems];
    }
  };
  expect(problems({ state: 'offboarding' })).toEqual([`c.json: 'tenants[0].keyDeletionWindowDays' must be an integer in 7..30 when state is "offboarding" (the days in which the erasure can still be cancelled), got nothing`]);
  expect(problems({ state: 'offboarding', keyDeletionWindowDays: 3 })[0]).toContain(`'tenants[0].keyDeletionWindowDays' must be an integer in 7..30`);
  expect(problems({ keyDeletionWindowDays: 14 })).toEqual([`c.json: 'tenants[0].keyDeletionWindowDays' must be set only when state is "offboarding", got 14`]);
  expect(problems({ state: 'gone' })).toEqual([`c.json: 'tenants[0].state' must be "active" or "offboarding", got "gone"`]);
  expect(problems({ offboarding: true })).toEqual([`c.json: 'tenants[0].offboarding' must not be present: replaced by "state": "offboarding" with "keyDeletionWindowDays" (7..30), got true`]);
});

describe('KeyLifecycleAsPlanned', () => {
  const judge = (app: ReturnType<typeof testApp>, offboardingInPlan: boolean, window = 14) => {
    const plan = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, ...lifecycle(offboardingInPlan, window) }] });
    const pack = new TenantBaselineChecks(platformTopology(plan));
    pack.validateScope(app);
    return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-KeyLifecycleAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings);
  };

  test('GIVEN the shipped stacks, active and offboarding THEN nothing is found', () => {
    expect(judge(tenantApp(false).app, false)).toEqual([]);
    expect(judge(tenantApp(true).app, true)).toEqual([]);
  });

  test("GIVEN an active tenant's key set to Delete by an escape hatch THEN it is reported, and it cannot be acknowledged", () => {
    const { app, stack } = tenantApp(false);
    const key = stack.key.key.node.defaultChild as CfnResource;
    key.cfnOptions.deletionPolicy = CfnDeletionPolicy.DELETE;
    key.addPropertyOverride('PendingWindowInDays', 7);
    expect(judge(app, false)).toEqual(['TenantBaseline-KeyLifecycleAsPlanned[DeletionPolicy::Delete::planned-Retain]', 'TenantBaseline-KeyLifecycleAsPlanned[PendingWindowInDays::7::planned-30]']);
    expect(TENANT_BASELINE_RULES.find((r) => r.id === 'KeyLifecycleAsPlanned')!.acknowledgeable).toBe(false);
  });

  test("GIVEN a platform key outside any tenant (the control plane's) set to Delete with a shorter window THEN it is reported", () => {
    const plan = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] });
    const app = testApp();
    const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: plan.controlPlane });
    const key = stack.key.key.node.defaultChild as CfnResource;
    key.cfnOptions.deletionPolicy = CfnDeletionPolicy.DELETE;
    key.addPropertyOverride('PendingWindowInDays', 7);
    const pack = new TenantBaselineChecks(platformTopology(plan));
    pack.validateScope(app);
    const found = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-KeyLifecycleAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings);
    expect(found).toEqual(['TenantBaseline-KeyLifecycleAsPlanned[DeletionPolicy::Delete::planned-Retain]', 'TenantBaseline-KeyLifecycleAsPlanned[PendingWindowInDays::7::planned-30]']);
  });

  test('GIVEN an offboarding stack judged against another window, or against an active plan THEN it is reported', () => {
    expect(judge(tenantApp(true).app, true, 30)).toEqual(['TenantBaseline-KeyLifecycleAsPlanned[PendingWindowInDays::14::planned-30]']);
    expect(judge(tenantApp(true).app, false)).toEqual([
      'TenantBaseline-KeyLifecycleAsPlanned[DeletionPolicy::Delete::planned-Retain]',
      'TenantBaseline-KeyLifecycleAsPlanned[PendingWindowInDays::14::planned-30]',
      'TenantBaseline-KeyLifecycleAsPlanned[UpdateReplacePolicy::Delete::planned-Retain]',
    ]);
  });
});
