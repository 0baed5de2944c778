/**
 * The deploy-time hook's verdict (lib/compliance/hook/stack-verdict.ts): the same rules on the template alone give the
 * gate's verdict: on the shipped stacks, on a stack the plan does not know, on a template that claims its own
 * exceptions and on transforms. That the hook fails exactly the mutants the gate kills is proven on every mutant of
 * three platforms by test/e2e/gate-mutation.test.ts (`npm run gate:mutate -- --hook`, in `npm run test:e2e`).
 */
import * as cdkNag from 'cdk-nag';
import * as values from '../../lib/compliance/hook/cdk-nag-values';
import { judgeStackTemplate, PLANNED_TRANSFORM } from '../../lib/compliance/hook/stack-verdict';
import { StackTemplate } from '../../lib/compliance/rules';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

// platformTemplates(PACK.CONFIG, cdk.json), synthesized once per run for every file that reads it.
const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);
const template = (name: string) => structuredClone(TEMPLATES.find((t) => t.stackName === name)!.template) as StackTemplate & { Resources: Record<string, any> };

test('GIVEN the hook bundle\'s stand-in for cdk-nag THEN every value equals cdk-nag\'s', () => {
  expect({ ...values.NagMessageLevel }).toEqual({ ...cdkNag.NagMessageLevel });
  expect({ ...values.NagRuleCompliance }).toEqual({ ...cdkNag.NagRuleCompliance });
});

test('GIVEN the shipped stacks THEN each is compliant with no finding at all (the public routes are in the plan)', () => {
  expect(TEMPLATES.map((t) => ({ stack: t.stackName, ...judgeStackTemplate(t.stackName, t.template, PACK.TOPOLOGY) })).filter((v) => !v.compliant)).toEqual([]);
});

test('GIVEN a stack the plan does not know, or a template without resources THEN it fails, never passes', () => {
  expect(judgeStackTemplate('Tenant-stranger', template('Tenant-acme'), PACK.TOPOLOGY)).toEqual({ compliant: false, findings: ['Tenant-stranger NotInPlatformPlan'] });
  expect(judgeStackTemplate('Tenant-acme', { Resources: {} }, PACK.TOPOLOGY).findings).toEqual(['Tenant-acme TemplateWithoutResources']);
  expect(judgeStackTemplate('Tenant-acme', {} as StackTemplate, PACK.TOPOLOGY).compliant).toBe(false);
});

test('GIVEN an admin route made public, whatever the template claims about it THEN it fails; the planned public routes pass only at their path', () => {
  const t = template('ControlPlane');
  const [methodId, method] = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.AuthorizationType === 'CUSTOM')!;
  method.Properties.AuthorizationType = 'NONE';
  delete method.Properties.AuthorizerId;
  method.Metadata = { 'tenant-baseline:acknowledged': ['TenantBaseline-ApiMethodsAuthorized'], cdk_nag: { rules_to_suppress: [{ id: 'TenantBaseline-ApiMethodsAuthorized', reason: 'trust me' }] } };
  expect(judgeStackTemplate('ControlPlane', t, PACK.TOPOLOGY).findings).toEqual([expect.stringMatching(new RegExp(`^${methodId} ApiMethodsAuthorized\\[Public::[A-Z]+ /`))]);
  // The health check's GET moved under another path is no longer the planned public route.
  const moved = template('ControlPlane');
  const [, healthResource] = Object.entries(moved.Resources).find(([, r]) => r.Type === 'AWS::ApiGateway::Resource' && r.Properties.PathPart === 'health-check')!;
  healthResource.Properties.PathPart = 'status';
  expect(judgeStackTemplate('ControlPlane', moved, PACK.TOPOLOGY).findings).toEqual([expect.stringMatching(/ApiMethodsAuthorized\[Public::GET \/status\]$/)]);
});

test('GIVEN a transform the platform does not use, or Fn::Transform anywhere THEN it fails; the tenant secret rotation\'s transform passes in tenant stacks only', () => {
  const tenant = template('Tenant-acme');
  expect(tenant.Transform).toBe(PLANNED_TRANSFORM);
  expect(judgeStackTemplate('Tenant-acme', { ...tenant, Transform: [PLANNED_TRANSFORM, 'AttackerMacro'] }, PACK.TOPOLOGY).findings).toEqual(['Tenant-acme UnplannedTransform::"AttackerMacro"']);
  expect(judgeStackTemplate('NetworkHub', { ...template('NetworkHub'), Transform: PLANNED_TRANSFORM }, PACK.TOPOLOGY).findings).toEqual([`NetworkHub UnplannedTransform::"${PLANNED_TRANSFORM}"`]);
  const include = template('Tenant-acme');
  const [, group] = Object.entries(include.Resources).find(([, r]) => r.Type === 'AWS::EC2::SecurityGroup')!;
  group.Properties['Fn::Transform'] = { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/ingress.yaml' } };
  expect(judgeStackTemplate('Tenant-acme', include, PACK.TOPOLOGY).findings).toContain('Tenant-acme UnplannedTransform::Fn::Transform');
});
