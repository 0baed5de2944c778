/**
 * `npm run gate:mutate [-- --config <file>] [--tenants N]`: mutation testing of the compliance gate. Synthesizes the
 * platform (config/platform.json, or a generated fleet of N tenants), mutates every value the TenantBaseline rules
 * judge and every stack's resource set, and prints the kill score and every surviving mutant. Exits 1 on any survivor.
 */
import { join } from 'node:path';
import { loadPlatformConfig, validatePlatformConfig } from '../lib/config/platform-config';
import { platformTopology } from '../lib/compliance/topology';
import { mutateAndJudge } from '../lib/compliance/mutation/run';
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
      { controlPlane: { cidr: '10.0.0.0/16' }, tenants: Array.from({ length: Number(tenants) }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n })) },
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
const report = mutateAndJudge(templates, platformTopology(config));
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
if (report.survivors.length > 0) {
  console.log(`Survivors (${report.survivors.length}): changes the gate lets through`);
  for (const s of report.survivors) {
    console.log(`  ${s.stack}/${s.logicalId} (${s.resourceType}) ${s.place || '(resource)'} ${s.kind}`);
  }
  process.exitCode = 1;
}
