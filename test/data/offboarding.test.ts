/**
 * Offboarding under the tag-protection SCP: the tenant key is protected, so nobody but the deploy roles may schedule
 * its deletion. The documented path (docs/data-protection.md) is a stack change: `offboarding: true` makes the key's
 * DeletionPolicy Delete and lifts the database's and table's deletion protection, the gate accepts exactly that for
 * that tenant, and destroying the stack is CloudFormation, as the deploy role, scheduling the key's deletion.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { tagProtectionPolicies } from '../../lib/guardrails/tag-protection-policy';
import { TAG_KEYS } from '../../lib/naming';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp } from '../helpers/app';
import { ACCOUNT, decide } from '../helpers/scp-simulator';

const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;
const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;

function tenantApp(offboarding: boolean) {
  const config = validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, offboarding }] });
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: config.tenants[0], controlPlane: config.controlPlane, sidecar: config.sidecar });
  return { app, stack, config };
}

test('GIVEN a tenant being offboarded THEN its key is deleted with the stack (30-day window) and its database and table can be', () => {
  const template = Template.fromStack(tenantApp(true).stack);
  template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', Properties: { PendingWindowInDays: 30 } });
  template.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
  template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  const kept = Template.fromStack(tenantApp(false).stack);
  kept.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  kept.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: true });
});

test('GIVEN the offboarding plan THEN the gate accepts lifted deletion protection for that tenant only', () => {
  const judge = (offboardingInPlan: boolean, offboardingInStack: boolean) => {
    const { app } = tenantApp(offboardingInStack);
    const plan = validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, offboarding: offboardingInPlan }] });
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

test('GIVEN offboarding that is not a boolean THEN the configuration names the field', () => {
  expect(() => validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, offboarding: 'yes' }] })).toThrow("'tenants[0].offboarding' must be true or false, got \"yes\"");
});
