/**
 * The deploy-time hook's verdict (lib/compliance/hook/stack-verdict.ts): the same rules on the template alone, with the
 * acknowledgements the template carries, gives the gate's verdict: on the shipped stacks, on a stack the plan does not
 * know, on forged acknowledgements, after a catalog entry expires, and on a sample of the gate's own mutants.
 */
import { join } from 'node:path';
import * as cdkNag from 'cdk-nag';
import * as values from '../../lib/compliance/hook/cdk-nag-values';
import { judgeStackTemplate } from '../../lib/compliance/hook/stack-verdict';
import { mutateAndJudge } from '../../lib/compliance/mutation/run';
import { platformTemplates } from '../../lib/compliance/mutation/platform-templates';
import { StackTemplate } from '../../lib/compliance/rules';
import { ACKNOWLEDGED_FINDINGS_METADATA } from '../../lib/naming';
import { REPO_ROOT } from '../helpers/app';
import { PACK } from '../helpers/pack';

const TEMPLATES = platformTemplates(PACK.CONFIG, join(REPO_ROOT, 'cdk.json'));
const NOW = new Date('2026-12-02T12:00:00Z');
const template = (name: string) => structuredClone(TEMPLATES.find((t) => t.stackName === name)!.template) as StackTemplate & { Resources: Record<string, any> };

test('GIVEN the hook bundle\'s stand-in for cdk-nag THEN every value equals cdk-nag\'s', () => {
  expect({ ...values.NagMessageLevel }).toEqual({ ...cdkNag.NagMessageLevel });
  expect({ ...values.NagRuleCompliance }).toEqual({ ...cdkNag.NagRuleCompliance });
});

test('GIVEN the shipped stacks THEN each is compliant, the public routes acknowledged from their own template', () => {
  const verdicts = TEMPLATES.map((t) => ({ stack: t.stackName, ...judgeStackTemplate(t.stackName, t.template, PACK.TOPOLOGY, {}, NOW) }));
  expect(verdicts.filter((v) => !v.compliant)).toEqual([]);
  expect(verdicts.flatMap((v) => v.acknowledged.map((a) => `${v.stack}/${a}`))).toEqual([
    'ControlPlane/EdgeApihealthcheckGET90E91776 ApiMethodsAuthorized',
    'ControlPlane/EdgeApiheartbeatsPOST432ADBF4 ApiMethodsAuthorized',
    'ControlPlane/EdgeApiwellknownjwksjsonGET42514323 ApiMethodsAuthorized',
  ]);
});

test('GIVEN a stack the plan does not know, or a template without resources THEN it fails, never passes', () => {
  expect(judgeStackTemplate('Tenant-stranger', template('Tenant-acme'), PACK.TOPOLOGY, {}, NOW)).toEqual({ compliant: false, findings: ['Tenant-stranger NotInPlatformPlan'], acknowledged: [] });
  expect(judgeStackTemplate('Tenant-acme', { Resources: {} }, PACK.TOPOLOGY, {}, NOW).findings).toEqual(['Tenant-acme TemplateWithoutResources']);
  expect(judgeStackTemplate('Tenant-acme', {} as StackTemplate, PACK.TOPOLOGY, {}, NOW).compliant).toBe(false);
});

test('GIVEN an acknowledgement the template claims but the catalog does not allow there THEN the finding stands', () => {
  const t = template('ControlPlane');
  // A public route that the code never acknowledged, claiming the acknowledgement in its metadata: the catalog allows
  // ApiMethodsAuthorized on methods, so the claim is accepted exactly as acknowledge() would have been in code.
  const [methodId] = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.AuthorizationType === 'CUSTOM')!;
  t.Resources[methodId].Properties.AuthorizationType = 'NONE';
  expect(judgeStackTemplate('ControlPlane', t, PACK.TOPOLOGY, {}, NOW).findings).toEqual([`${methodId} ApiMethodsAuthorized`]);
  t.Resources[methodId].Metadata = { [ACKNOWLEDGED_FINDINGS_METADATA]: ['TenantBaseline-ApiMethodsAuthorized'] };
  expect(judgeStackTemplate('ControlPlane', t, PACK.TOPOLOGY, {}, NOW).compliant).toBe(true);
  // An isolation rule's finding can never be acknowledged, whatever the metadata says.
  const tenant = template('Tenant-acme');
  const [, entry] = Object.entries(tenant.Resources).find(([, r]) => r.Type === 'AWS::EC2::NetworkAclEntry' && r.Properties.RuleAction === 'allow')!;
  entry.Properties.CidrBlock = '10.101.0.0/16';
  const found = judgeStackTemplate('Tenant-acme', tenant, PACK.TOPOLOGY, {}, NOW).findings;
  expect(found.length).toBeGreaterThan(0);
  for (const f of found) {
    const [logicalId, finding] = f.split(' ');
    tenant.Resources[logicalId].Metadata = { [ACKNOWLEDGED_FINDINGS_METADATA]: [`TenantBaseline-${finding}`] };
  }
  expect(judgeStackTemplate('Tenant-acme', tenant, PACK.TOPOLOGY, {}, NOW).findings).toEqual(found);
});

test('GIVEN the day a catalog entry is due for review THEN the hook fails what it acknowledged, as the gate does', () => {
  const due = new Date('2027-06-01T00:00:00Z');
  const verdict = judgeStackTemplate('ControlPlane', template('ControlPlane'), PACK.TOPOLOGY, {}, due);
  expect(verdict.compliant).toBe(false);
  expect(verdict.findings).toHaveLength(3);
});

test('GIVEN a sample of the gate\'s mutants of the example platform THEN the hook fails exactly the mutants the gate kills', () => {
  const disagreements: string[] = [];
  let judged = 0;
  mutateAndJudge(TEMPLATES, PACK.TOPOLOGY, {
    sample: (i) => i % 7 === 3,
    observe: (mutant, named, killed) => {
      judged++;
      const hookFails = !judgeStackTemplate(named.stackName, named.template, PACK.TOPOLOGY, {}, NOW).compliant;
      if (hookFails !== killed) {
        disagreements.push(`${mutant.stack}/${mutant.logicalId} ${mutant.place} ${mutant.kind}: gate ${killed ? 'fails' : 'passes'}, hook ${hookFails ? 'fails' : 'passes'}`);
      }
    },
  });
  expect(disagreements).toEqual([]);
  expect(judged).toBeGreaterThan(800);
});
