/**
 * `npm run compliance` on bad input: no synthesized app, a stale cdk.out, a configuration that fails validation. Each
 * gives a clear message and a non-zero exit, never a green report; and an app whose gate fails gives a red report and
 * exit 1; and the shipped example platform passes every check, the Control Tower ones included (`npm run test:e2e`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSha256, sourceSha256 } from '../../lib/compliance/report/provenance';
import { REPO_ROOT, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

const SCRIPT = join(REPO_ROOT, 'scripts', 'compliance.ts');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CONFIG = join(REPO_ROOT, 'config', 'platform.json');

function run(cwd: string, args: string[]) {
  return spawnSync(TSX, [SCRIPT, ...args], { cwd, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
}

/** A cdk.out that looks like the compliance command's output, with the provenance given. */
function fakeOutput(provenance: Record<string, unknown>, checks = ['AwsSolutions', 'TenantBaseline', 'ControlTower'], extra: Record<string, unknown> = {}) {
  const cwd = scratch('compliance-cmd-');
  mkdirSync(join(cwd, 'cdk.out', 'compliance'), { recursive: true });
  writeFileSync(join(cwd, 'cdk.out', 'manifest.json'), '{}');
  writeFileSync(join(cwd, 'cdk.out', 'Tenant-acme.template.json'), '{"Resources":{}}');
  const report = { ...extra, verdict: 'pass', checks, provenance: { configPath: CONFIG, configSha256: fileSha256(CONFIG), sourceSha256: sourceSha256(), tenants: 'all', templateSha256: { 'Tenant-acme': fileSha256(join(cwd, 'cdk.out', 'Tenant-acme.template.json')) }, ...provenance } };
  writeFileSync(join(cwd, 'cdk.out', 'compliance', 'report.json'), JSON.stringify(report));
  return cwd;
}

describe('npm run compliance -- --no-synth', () => {
  test('GIVEN no synthesized app THEN it says so and exits 2', () => {
    const result = run(scratch('compliance-empty-'), ['--no-synth']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cdk.out/ holds no synthesized app');
    expect(result.stdout).not.toContain('PASS');
  });

  test('GIVEN a cdk.out from a plain cdk synth (no Control Tower checks) THEN it refuses', () => {
    const result = run(fakeOutput({}, ['AwsSolutions', 'TenantBaseline']), ['--no-synth']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('without the Control Tower checks');
  });

  test('GIVEN sources that changed since the synth THEN it reports cdk.out as stale', () => {
    const result = run(fakeOutput({ sourceSha256: '0'.repeat(64) }), ['--no-synth']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is stale: the sources (bin/, lib/, lambda/, cdk.json, package-lock.json) changed');
  });

  test('GIVEN a configuration that changed since the synth THEN it reports cdk.out as stale', () => {
    const result = run(fakeOutput({ configSha256: '0'.repeat(64) }), ['--no-synth']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`is stale: ${CONFIG} changed`);
  });

  test('GIVEN a template edited after the report THEN it reports cdk.out as stale', () => {
    const cwd = fakeOutput({});
    writeFileSync(join(cwd, 'cdk.out', 'Tenant-acme.template.json'), '{"Resources":{"X":{}}}');
    const result = run(cwd, ['--no-synth']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Tenant-acme.template.json changed after the report was made');
  });

  test('GIVEN a configuration that no longer validates THEN it names every problem and exits 2', () => {
    const dir = scratch('compliance-badcfg-');
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 200 }] }));
    const result = run(fakeOutput({ configPath: config, configSha256: fileSha256(config) }), ['--no-synth']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${config}: 'tenants[0].number' must be an integer in 0..155`);
  });

  test('GIVEN an intact cdk.out of this command THEN it prints the one-screen summary', () => {
    // A minimal report is enough for the freshness checks to pass; the summary then reads it.
    const cwd = fakeOutput({}, ['ControlTower'], {
      summary: { controls: { holds: 1, 'holds-with-acknowledgements': 0, fails: 0, 'outside-templates': 0 }, packs: [], stacks: [] },
      controls: [],
      tenants: [],
      findings: [],
    });
    const result = run(cwd, ['--no-synth']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Compliance: PASS');
  });
});

describe('npm run compliance (synthesizing)', () => {
  test('GIVEN a configuration that fails validation THEN it prints the problems, exits non-zero and leaves no report', () => {
    const cwd = scratch('compliance-synth-');
    const config = join(cwd, 'bad.json');
    writeFileSync(config, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'Acme', number: 0 }] }));
    const outdir = join(cwd, 'out');
    mkdirSync(join(outdir, 'compliance'), { recursive: true });
    writeFileSync(join(outdir, 'compliance', 'report.json'), '{"verdict":"pass"}'); // a previous run's green report
    // The CDK CLI runs the app from the repository (cdk.json); the output goes to a directory of the test's own.
    const result = spawnSync(TSX, [SCRIPT, '--output', outdir, '-c', `config=${config}`], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${config}: 'tenants[0].id' must be a DNS-safe slug`);
    expect(result.stderr).toContain('No compliance report');
    expect(result.stdout).not.toContain('PASS');
    expect(existsSync(join(outdir, 'compliance', 'report.json'))).toBe(false);
  });

  test('GIVEN the shipped example platform THEN every check passes, the Control Tower checks included, and it exits 0', () => {
    const outdir = join(scratch('compliance-green-'), 'out');
    const result = spawnSync(TSX, [SCRIPT, '--output', outdir], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(result.stderr).not.toContain('ERROR');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Compliance: PASS');
    const report = JSON.parse(readFileSync(join(outdir, 'compliance', 'report.json'), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(report.checks).toContain('ControlTower');
    expect(report.findings).toEqual([]);
  });

  test('GIVEN an app whose gate fails (acme opened to globex) THEN the report is red, the summary names the tenant and it exits 1', () => {
    const outdir = join(scratch('compliance-red-'), 'out');
    const app = `${TSX} ${join(REPO_ROOT, 'test', 'fixtures', 'broken-tenant-app.ts')}`;
    const result = spawnSync(TSX, [SCRIPT, '--output', outdir, '--app', app], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Compliance: FAIL');
    expect(result.stdout).toContain('NOT ISOLATED acme: TenantBaseline-TenantIngressControlPlaneOnly[10.101.0.0/16:tcp:5678]');
    expect(result.stdout).toContain('FAILS Platform NET-2');
    const report = JSON.parse(readFileSync(join(outdir, 'compliance', 'report.json'), 'utf8'));
    expect(report.verdict).toBe('fail');
    expect(report.checks).toContain('ControlTower');
  });
});
