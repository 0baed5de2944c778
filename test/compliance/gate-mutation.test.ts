/**
 * The mutation tool itself (lib/compliance/mutation): it is not blind (without the rule that judges NACLs, NACL mutants
 * survive) and it never writes to the templates it mutates. That every mutant of the example platform is killed is
 * test/e2e/gate-mutation.test.ts (`npm run gate:mutate`, every mutant of three platforms, in `npm run test:e2e`).
 */
import { RuleIndex } from '../../lib/compliance/gate/judge';
import { mutateAndJudge } from '../../lib/compliance/mutation/run';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

// platformTemplates(PACK.CONFIG, cdk.json), synthesized once per run for every file that reads it.
const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);

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
