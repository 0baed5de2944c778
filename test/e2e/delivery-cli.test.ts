/**
 * The delivery pipeline through bin/app.ts, as `cdk synth` runs it: the example platform with its pipeline passes the
 * whole gate, a hand synth of one tenant renders the very template the pipeline deploys (asset bundling included),
 * and a 156-tenant fleet's pipeline is within CodePipeline's quotas in the layout the wave plan predicts.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { layoutProblems, wavePlan } from '../../lib/config/wave-plan';
import { plannedLayout } from '../../lib/delivery/fleet-pipeline';
import { CDK_JSON_CONTEXT, REPO_ROOT } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

const CONFIG = 'config/platform-delivery.json';

function runApp(context: Record<string, unknown>, outdir: string) {
  return spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'bin', 'app.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, ...context }), AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const pipelineOf = (outdir: string) => Object.values(json(join(outdir, 'Delivery.template.json')).Resources as Record<string, any>).find((r) => r.Type === 'AWS::CodePipeline::Pipeline').Properties;

describe('the delivery pipeline through bin/app.ts', () => {
  const dir = scratch('delivery-e2e-');
  const outdir = join(dir, 'pipeline');
  let synth: ReturnType<typeof runApp>;

  beforeAll(() => {
    synth = runApp({ config: CONFIG }, outdir);
  });

  test('GIVEN the example delivery config THEN the pipeline and its stages synthesize and pass the whole gate', () => {
    expect(synth.stderr).not.toMatch(/error/i);
    expect(synth.status).toBe(0);
    expect(readdirSync(outdir).filter((f) => f.endsWith('.template.json'))).toEqual(['Delivery.template.json']);
    expect(readdirSync(outdir).filter((f) => f.startsWith('assembly-')).sort()).toEqual(['assembly-ControlPlane', 'assembly-Foundation', 'assembly-Tenant-acme', 'assembly-Tenant-globex', 'assembly-Tenant-initech']);
    const report = json(join(outdir, 'compliance', 'report.json'));
    expect(report.verdict).toBe('pass');
    expect(report.tenants.map((t: any) => `${t.id}:${t.verdict}:${t.account}:${t.region.pinned}`)).toEqual([
      'acme:isolated:111111111111:us-east-1',
      'globex:isolated:111111111111:us-east-1',
      'initech:isolated:111111111111:us-east-1',
    ]);
    expect(report.summary.stacks.map((s: { stack: string; role: string }) => `${s.stack}:${s.role}`).sort()).toEqual([
      'AccountBaseline:account baseline', 'ControlPlane:control plane', 'Delivery:delivery', 'NetworkHub:network hub', 'Tenant-acme:tenant', 'Tenant-globex:tenant', 'Tenant-initech:tenant',
    ]);
    expect(pipelineOf(outdir).Stages.map((s: { Name: string }) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Foundation', 'ControlPlane', 'Tenant-acme', 'Wave-1']);
  });

  test('GIVEN -c tenant=globex with a pipeline configured THEN the hand-deployed template is byte for byte the one the pipeline deploys', () => {
    const hand = join(dir, 'hand');
    const result = runApp({ config: CONFIG, tenant: 'globex' }, hand);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const byHand = readdirSync(join(hand, 'assembly-Tenant-globex')).filter((f) => f.endsWith('.template.json'));
    expect(byHand).toHaveLength(1);
    expect(readFileSync(join(hand, 'assembly-Tenant-globex', byHand[0]), 'utf8')).toBe(readFileSync(join(outdir, 'assembly-Tenant-globex', byHand[0]), 'utf8'));
  });

  test('GIVEN 156 tenants THEN the pipeline passes the gate and has the planned layout: 23 stages, at most 22 actions each, within every quota', () => {
    const raw = json(join(REPO_ROOT, CONFIG));
    const fleet = { ...raw, tenants: Array.from({ length: 156 }, (_, i) => ({ id: `tenant-${String(i).padStart(3, '0')}`, number: i })), delivery: { ...raw.delivery, canaryTenants: ['tenant-000'] } };
    const file = join(dir, 'fleet156.json');
    writeFileSync(file, JSON.stringify(fleet));
    const out = join(dir, 'fleet');
    const result = runApp({ config: file }, out);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const stages = pipelineOf(out).Stages.map((s: any) => ({ name: s.Name, actions: s.Actions.length }));
    const config = validatePlatformConfig(fleet, file);
    const assets = stages.find((s: { name: string }) => s.name === 'Assets').actions;
    expect(stages.map((s: { actions: number }) => s.actions)).toEqual(plannedLayout(wavePlan(config.tenants, config.delivery!), assets).map((s) => s.actions));
    expect(stages).toHaveLength(23);
    expect(layoutProblems(stages)).toEqual([]);
    expect(readdirSync(out).filter((f) => f.startsWith('assembly-Tenant-'))).toHaveLength(156);
  });
});
