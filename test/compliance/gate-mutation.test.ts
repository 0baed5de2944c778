/**
 * Mutation testing of the gate, a fast sample (every 7th mutant of the example platform; `npm run gate:mutate` and
 * test/e2e/gate-mutation.test.ts run them all): every mutant of a judged value, and every unplanned resource, is killed
 * by the TenantBaseline rules. And the tool is not blind: without the rule that judges NACLs, NACL mutants survive.
 */
import { RuleIndex } from '../../lib/compliance/gate/judge';
import { mutateAndJudge } from '../../lib/compliance/mutation/run';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

// platformTemplates(PACK.CONFIG, cdk.json), synthesized once per run for every file that reads it.
const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);

test('GIVEN a sample of the mutants of the example platform THEN every one is killed', () => {
  const report = mutateAndJudge(TEMPLATES, PACK.TOPOLOGY, { sample: (i) => i % 7 === 0 });
  expect(report.survivors).toEqual([]);
  expect(report.mutants).toBeGreaterThan(800);
  expect(Object.keys(report.perType).length).toBeGreaterThan(30);
});

test('GIVEN the pack without NetworkAclAsPlanned THEN the mutation run reports the NACL changes it lets through', () => {
  const index = new RuleIndex(TENANT_BASELINE_RULES.filter((r) => r.id !== 'NetworkAclAsPlanned'));
  const tenant = TEMPLATES.filter((t) => t.stackName === 'Tenant-acme');
  // The judged paths come from every rule, so the NACL mutants are still generated; without the rule they survive.
  const withAll = mutateAndJudge(tenant, PACK.TOPOLOGY, { sample: (i) => i % 7 === 0 });
  const without = mutateAndJudge(tenant, PACK.TOPOLOGY, { sample: (i) => i % 7 === 0, index, judgedBy: TENANT_BASELINE_RULES });
  expect(withAll.survivors).toEqual([]);
  expect(without.survivors.filter((s) => s.resourceType === 'AWS::EC2::NetworkAclEntry').length).toBeGreaterThan(20);
});

test('GIVEN frozen templates THEN a mutation run changes none of them, and each mutant differs from its original in the resource it names', () => {
  const freeze = <T>(value: T): T => {
    if (value && typeof value === 'object') {
      Object.values(value).forEach(freeze);
      Object.freeze(value);
    }
    return value;
  };
  const tenant = freeze(structuredClone(TEMPLATES.filter((t) => t.stackName === 'Tenant-acme')));
  const unchanged: string[] = [];
  // Writing to a frozen object throws in strict-mode code, so a mutant applied to a shared resource fails the run.
  const report = mutateAndJudge(tenant, PACK.TOPOLOGY, {
    sample: (i) => i % 11 === 0,
    observe: (mutant, named) => {
      const before = tenant[0].template.Resources?.[mutant.logicalId];
      if (JSON.stringify(before) === JSON.stringify(named.template.Resources?.[mutant.logicalId])) {
        unchanged.push(`${mutant.logicalId} ${mutant.place} ${mutant.kind}`);
      }
    },
  });
  expect(report.mutants).toBeGreaterThan(50);
  expect(unchanged).toEqual([]);
});
