import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDK_JSON_CONTEXT, REPO_ROOT, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

/** Runs bin/app.ts the way the CDK CLI does (context and output directory through the environment). */
function runApp(context: Record<string, unknown>, outdir: string, env: Record<string, string> = {}) {
  return spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'bin', 'app.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, ...context }), AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
  });
}

describe('bin/app.ts', () => {
  const dir = scratch('app-test-');

  test('GIVEN an invalid configuration THEN it exits non-zero listing every problem and leaves no deployable cloud assembly', () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.150.0.0/16' }, tenants: [{ id: 'Acme', number: 156 }, { id: 'ok-id', number: 1.5 }], extra: true }));
    const outdir = join(dir, 'out-bad');
    mkdirSync(outdir);
    // What an earlier, successful synth left behind must not survive to look like this run's result.
    writeFileSync(join(outdir, 'manifest.json'), '{}');
    writeFileSync(join(outdir, 'Tenant-acme.template.json'), '{}');

    const result = runApp({ config }, outdir);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('invalid platform configuration (5 problems)');
    expect(result.stderr).toContain(`${config}: 'extra' must not be present: unknown key`);
    expect(result.stderr).toContain(`${config}: 'controlPlane.cidr' must lie outside the tenant address space`);
    expect(result.stderr).toContain(`${config}: 'tenants[0].id' must be a DNS-safe slug`);
    expect(result.stderr).toContain(`${config}: 'tenants[0].number' must be an integer in 0..155 (the VPC is 10.(100+N).0.0/16), got 156`);
    expect(result.stderr).toContain(`${config}: 'tenants[1].number' must be an integer in 0..155 (the VPC is 10.(100+N).0.0/16), got 1.5`);
    expect(readdirSync(outdir)).toEqual([]);
  });

  test('GIVEN -c tenant=<id> THEN only that tenant stack is synthesized, with the gate passing', () => {
    const outdir = join(dir, 'out-one');
    const result = runApp({ tenant: 'globex' }, outdir);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(readdirSync(outdir).filter((f) => f.endsWith('.template.json'))).toEqual(['Tenant-globex.template.json']);
    expect(existsSync(join(outdir, 'compliance', 'acknowledgements.json'))).toBe(true);
    const report = JSON.parse(readFileSync(join(outdir, 'compliance', 'report.json'), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(report.provenance.tenants).toEqual(['globex']);
    expect(report.tenants.map((t: { id: string; verdict: string }) => `${t.id}:${t.verdict}`)).toEqual(['acme:not-synthesized', 'globex:isolated', 'initech:not-synthesized']);
    expect(Object.keys(report.provenance.templateSha256)).toEqual(['Tenant-globex']);
  });

  test('GIVEN an unknown tenant THEN it exits non-zero naming the configured tenants', () => {
    const result = runApp({ tenant: 'nobody' }, join(dir, 'out-unknown'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`context: 'tenant' must name a configured tenant (acme, globex, initech), got "nobody"`);
  });

  test('GIVEN allowed regions THEN an unknown region, or a target region outside them, fails before any stack is built', () => {
    const config = join(dir, 'regions.json');
    writeFileSync(config, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }], guardrails: { allowedRegions: ['eu-west-1', 'eu-moon-1'] } }));
    const unknown = runApp({ config }, join(dir, 'out-regions'), { CDK_DEFAULT_REGION: 'eu-west-1' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`${config}: 'guardrails.allowedRegions[1]' must be an AWS region aws-cdk-lib knows (e.g. eu-west-1), got "eu-moon-1"`);
    writeFileSync(config, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }], guardrails: { allowedRegions: ['eu-west-1'] } }));
    const outside = runApp({ config }, join(dir, 'out-regions-2'), { CDK_DEFAULT_REGION: 'us-east-1' });
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain(`${config}: the target region must be one of guardrails.allowedRegions (eu-west-1), got "us-east-1"`);
    expect(existsSync(join(dir, 'out-regions-2', 'Tenant-acme.template.json'))).toBe(false);
  });

  test("GIVEN a tenant's allowed regions THEN a synth without a target region fails, and one inside them pins the tenant's template to that region", () => {
    const config = join(dir, 'tenant-regions.json');
    writeFileSync(config, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, allowedRegions: ['eu-central-1'] }] }));
    const { CDK_DEFAULT_REGION: _, AWS_REGION: __, ...withoutRegion } = process.env;
    const agnostic = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'bin', 'app.ts')], {
      cwd: REPO_ROOT,
      env: { ...withoutRegion, CDK_OUTDIR: join(dir, 'out-tenant-regions'), CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, config, tenant: 'acme' }), AWS_EC2_METADATA_DISABLED: 'true' },
      encoding: 'utf8',
    });
    expect(agnostic.status).toBe(1);
    expect(agnostic.stderr).toContain(`${config}: the synth must target a region`);
    const pinned = runApp({ config, tenant: 'acme' }, join(dir, 'out-tenant-regions-2'), { CDK_DEFAULT_REGION: 'eu-central-1' });
    expect(pinned.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out-tenant-regions-2', 'manifest.json'), 'utf8'));
    expect(manifest.artifacts['Tenant-acme'].environment).toBe('aws://unknown-account/eu-central-1');
  });
});
