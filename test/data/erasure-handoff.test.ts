/**
 * The hand-off from a confirmed GDPR erasure request (control-plane ledger) to the offboarding deploy: the tenant's
 * configuration names the request (`erasureRequestId`), the tenant key carries it as a tag, and the gate keeps the tag
 * exactly as planned, so the deployed shredding can be checked against the ledger's confirmed record.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { TAG_KEYS } from '../../lib/naming';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { cfn } from '../helpers/pack';

const REQUEST = '6f1c1f9e-8a51-4f7a-9a43-0a6cb1f7c0de';
const OFFBOARDING = { state: 'offboarding', keyDeletionWindowDays: 14 };

const config = (tenant: Record<string, unknown>, file?: string) =>
  validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, ...tenant }] }, file);

function tenantApp(tenant: Record<string, unknown>) {
  const c = config(tenant);
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: c.tenants[0], controlPlane: c.controlPlane });
  return { app, stack };
}

/** KeyLifecycleAsPlanned's findings on the tenant key, judged against the plan of `planned`. */
function keyFindings(app: ReturnType<typeof tenantApp>['app'], planned: Record<string, unknown>): string[] {
  const pack = new TenantBaselineChecks(platformTopology(config(planned)));
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-KeyLifecycleAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings);
}

const erasureTag = (stack: TenantStack) =>
  (Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0].Properties.Tags as Array<{ Key: string; Value: string }>).filter((t) => t.Key === TAG_KEYS.erasureRequest);

test('GIVEN an offboarding that carries a confirmed erasure request THEN the tenant key is tagged with its id, and the gate accepts it', () => {
  const { app, stack } = tenantApp({ ...OFFBOARDING, erasureRequestId: REQUEST });
  expect(erasureTag(stack)).toEqual([{ Key: 'tenant-baseline:erasure-request', Value: REQUEST }]);
  expect(keyFindings(app, { ...OFFBOARDING, erasureRequestId: REQUEST })).toEqual([]);
});

test('GIVEN an offboarding without a request, or an active tenant THEN no erasure tag', () => {
  expect(erasureTag(tenantApp(OFFBOARDING).stack)).toEqual([]);
  expect(erasureTag(tenantApp({}).stack)).toEqual([]);
});

test('GIVEN an override that drops, changes or adds the tag THEN KeyLifecycleAsPlanned fails (it cannot be acknowledged)', () => {
  const planned = { ...OFFBOARDING, erasureRequestId: REQUEST };
  const dropped = tenantApp(planned);
  cfn(dropped.app, 'Tenant-acme/Key/Resource/Resource').addPropertyOverride('Tags', [{ Key: TAG_KEYS.protection, Value: 'true' }]);
  expect(keyFindings(dropped.app, planned)).toEqual([`TenantBaseline-KeyLifecycleAsPlanned[ErasureRequest::none::planned-${REQUEST}]`]);
  const other = '0b7a6c9e-1d2f-4a3b-8c4d-5e6f7a8b9c0d';
  const changed = tenantApp({ ...OFFBOARDING, erasureRequestId: other });
  Template.fromStack(changed.stack); // tags are an aspect: applied when the stack is synthesized
  expect(keyFindings(changed.app, planned)).toEqual([`TenantBaseline-KeyLifecycleAsPlanned[ErasureRequest::${other}::planned-${REQUEST}]`]);
  const claimed = tenantApp(OFFBOARDING);
  cfn(claimed.app, 'Tenant-acme/Key/Resource/Resource').addPropertyOverride('Tags', [{ Key: TAG_KEYS.erasureRequest, Value: REQUEST }]);
  expect(keyFindings(claimed.app, OFFBOARDING)).toEqual([`TenantBaseline-KeyLifecycleAsPlanned[ErasureRequest::${REQUEST}::planned-none]`]);
});

test('GIVEN a request id on an active tenant, or one that is not a request id THEN each is named', () => {
  const problems = (tenant: Record<string, unknown>) => {
    try {
      config(tenant, 'c.json');
      return [];
    } catch (error) {
      return [...(error as PlatformConfigError).problems];
    }
  };
  expect(problems({ erasureRequestId: REQUEST })).toEqual([`c.json: 'tenants[0].erasureRequestId' must be set only when state is "offboarding", got "${REQUEST}"`]);
  expect(problems({ ...OFFBOARDING, erasureRequestId: 'erasure#1' })).toEqual([
    `c.json: 'tenants[0].erasureRequestId' must be the id of a confirmed GDPR erasure request (a lower-case UUID, as POST /tenants/{tenantId}/erasure returned it), got "erasure#1"`,
  ]);
  expect(problems({ ...OFFBOARDING, erasureRequestId: REQUEST.toUpperCase() })).toHaveLength(1);
});
