/**
 * `npm run gate:mutate [-- --config <file>] [--tenants N] [--hook]`: mutation testing of the compliance gate. Synthesizes the
 * platform (config/platform.json, or a generated fleet of N tenants), mutates every value the TenantBaseline rules
 * judge and every stack's resource set, and prints the kill score and every surviving mutant. Exits 1 on any survivor.
 * `--hook` also judges every mutant with the deploy-time hook's verdict and exits 1 on any verdict that differs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatformConfig, validatePlatformConfig } from '../lib/config/platform-config';
import { planForRegion, platformTopology } from '../lib/compliance/topology';
import { NamedTemplate } from '../lib/compliance/gate/judge';
import { judgeStackTemplate } from '../lib/compliance/hook/stack-verdict';
import { Mutant, mutateAndJudge } from '../lib/compliance/mutation/run';
import { platformTemplates } from '../lib/compliance/mutation/platform-templates';
import { DeliveryStack } from '../lib/delivery/delivery-stack';
import { STACK_NAMES } from '../lib/naming';

const ROOT = join(__dirname, '..');

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const tenants = argument('--tenants');
const config = tenants
  ? validatePlatformConfig(
      // The example platform's alert subscribers: every configuration names them.
      { accountBaseline: { subscriptions: JSON.parse(readFileSync(join(ROOT, 'config', 'platform.json'), 'utf8')).accountBaseline.subscriptions }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: Array.from({ length: Number(tenants) }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n })) },
      `generated fleet of ${tenants}`,
    )
  : loadPlatformConfig(argument('--config') ?? join(ROOT, 'config', 'platform.json'));

const started = Date.now();
const { delivery } = config;
// With a pipeline configured, the pipeline stack and its stages, as bin/app.ts builds them.
const templates = delivery
  ? platformTemplates(config, join(ROOT, 'cdk.json'), (app) => new DeliveryStack(app, STACK_NAMES.delivery, { config: { ...config, delivery }, configPath: argument('--config')! }))
  : platformTemplates(config, join(ROOT, 'cdk.json'));
const synthesized = Date.now();
const topology = platformTopology(config);
// `--hook`: also judge every mutant with the deploy-time hook's verdict, which must be the gate's, mutant for mutant.
const withHook = process.argv.includes('--hook');
const disagreements: string[] = [];
let hookJudged = 0;
const report = mutateAndJudge(templates, topology, {
  ...(withHook
    ? {
        observe: (mutant: Mutant, named: NamedTemplate, killed: boolean) => {
          hookJudged++;
          // Each region's hook bundles that region's plan.
          const hookFails = !judgeStackTemplate(named.stackName, named.template, planForRegion(topology, named.region) ?? topology).compliant;
          if (hookFails !== killed) {
            disagreements.push(`${mutant.stack}/${mutant.logicalId} (${mutant.resourceType}) ${mutant.place || '(resource)'} ${mutant.kind}: gate ${killed ? 'fails' : 'passes'}, hook ${hookFails ? 'fails' : 'passes'}`);
          }
        },
      }
    : {}),
});
const seconds = (ms: number) => (ms / 1000).toFixed(1);

console.log(`Gate mutation testing: ${templates.length} stacks, ${config.tenants.length} tenants`);
for (const [type, { mutants, killed }] of Object.entries(report.perType).sort()) {
  console.log(`  ${type.padEnd(48)} ${String(killed).padStart(6)} / ${mutants}`);
}
console.log(`Findings of the unmutated platform (the gate acknowledges or fails these; a mutant is killed when it adds one): ${report.baseline.length}`);
for (const finding of report.baseline) {
  console.log(`  ${finding}`);
}
console.log(`Killed ${report.killed} of ${report.mutants} (${((100 * report.killed) / Math.max(1, report.mutants)).toFixed(1)}%); synth ${seconds(synthesized - started)} s, mutants ${seconds(Date.now() - synthesized)} s`);
if (withHook) {
  const shipped = templates.filter((t) => !judgeStackTemplate(t.stackName, t.template, planForRegion(topology, t.region) ?? topology).compliant).map((t) => t.stackName);
  console.log(`Deploy-time hook: ${hookJudged - disagreements.length} of ${hookJudged} mutant verdicts identical to the gate's; unmutated stacks it fails: ${shipped.length === 0 ? 'none' : shipped.join(', ')}`);
  for (const d of disagreements) {
    console.log(`  ${d}`);
  }
  if (disagreements.length > 0 || shipped.length > 0) {
    process.exitCode = 1;
  }
}
if (report.survivors.length > 0) {
  console.log(`Survivors (${report.survivors.length}): changes the gate lets through`);
  for (const s of report.survivors) {
    console.log(`  ${s.stack}/${s.logicalId} (${s.resourceType}) ${s.place || '(resource)'} ${s.kind}`);
  }
  process.exitCode = 1;
}
