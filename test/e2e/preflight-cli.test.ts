/**
 * `npm run preflight` as a user runs it, in a subprocess: the 156-tenant fleet (numbers 0..155) synthesized in-process
 * by `--synth` and judged as real templates, not scaled from one tenant (~50 s on 2 cores, about half what the same
 * synth takes inside a jest worker), and the named errors of bad input (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlacementReport, PreflightReport, renderText } from '../../lib/preflight/preflight';
import { groupIdenticalTenants } from '../../lib/preflight/render-text';
import { REPO_ROOT, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const work = scratchDirs()('preflight-cli-');

function preflight(...args: string[]) {
  const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/preflight.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DEFAULT_REGION: '' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeFleet(size: number): string {
  const path = join(work, `fleet-${size}.json`);
  const tenants = Array.from({ length: size }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n }));
  writeFileSync(path, JSON.stringify({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants }));
  return path;
}

describe('156 tenants', () => {
  let exit: number | null;
  let report: PreflightReport;
  let placement: PlacementReport;

  beforeAll(() => {
    const run = preflight('--synth', '--json', '--config', writeFleet(156));
    exit = run.status;
    report = JSON.parse(run.stdout) as PreflightReport;
    placement = report.placements[0];
  }, 300_000);

  const increase = (name: string) => report.increases.find((i) => i.quotaName === name);

  test('GIVEN quotas exceeded THEN the command exits 1', () => {
    expect(exit).toBe(1);
  });

  test('GIVEN 156 tenant VPCs and the control plane THEN VPCs per Region needs 157 (default 5)', () => {
    expect(increase('VPCs per Region')).toMatchObject({ service: 'vpc', quotaCode: 'L-F678F1CE', defaultValue: 5, needed: 157 });
  });

  test('GIVEN two NAT gateways per VPC THEN Elastic IPs need 314 and NAT gateways 157 in each zone', () => {
    expect(increase('EC2-VPC Elastic IPs')).toMatchObject({ service: 'ec2', quotaCode: 'L-0263D0A3', defaultValue: 5, needed: 314 });
    expect(increase('NAT gateways per Availability Zone')).toMatchObject({ service: 'vpc', quotaCode: 'L-FE5A380F', defaultValue: 5, needed: 157, where: 'AZ #1 (largest of 2)' });
  });

  test('GIVEN the whole fleet THEN every exceeded default is listed, and internet gateways ride on the VPC increase', () => {
    expect(report.increases.map((i) => [i.quotaName, i.needed])).toEqual([
      ['VPCs per Region', 157],
      ['Internet gateways per Region', 157],
      ['EC2-VPC Elastic IPs', 314],
      ['NAT gateways per Availability Zone', 157],
      ['Gateway VPC endpoints per Region', 314],
      ['DB instances', 156],
      ['Backup vaults per account per Region', 156],
      // About nine roles per tenant (runtime, backup, restore testing and validation, database user, flow logs, ...).
      ['Roles per account', 1571],
      // 25 reserved executions per tenant, 20 for the deploy-time gate, and the 100 Lambda keeps unreserved.
      ['Concurrent executions', 156 * 25 + 20 + 100],
    ]);
    expect(increase('Internet gateways per Region')!.raisedWith).toBe('VPCs per Region');
  });

  test('GIVEN one hub THEN its Transit Gateway holds 157 attachments and 157 routes, within 5,000 and 10,000', () => {
    const q = (id: string) => placement.quotas.find((u) => u.quota.id === id)!;
    expect(q('tgw-attachments')).toMatchObject({ needed: 157, status: 'ok' });
    expect(q('tgw-routes')).toMatchObject({ needed: 157, status: 'ok' });
    expect(q('cloudformation-stacks')).toMatchObject({ needed: 159, status: 'ok' });
  });

  test('GIVEN tenants identical in every priced resource THEN one cost row, and the fleet is 156 tenants plus the platform', () => {
    const groups = groupIdenticalTenants(placement.stackCosts);
    expect(groups.map((g) => g.length)).toEqual([156]);
    const platform = placement.stackCosts.filter((s) => s.tenantId === undefined).reduce((n, s) => n + s.summary.monthlyUsd, 0);
    expect(placement.fleet.monthlyUsd).toBeCloseTo(156 * groups[0][0].summary.monthlyUsd + platform, 2);
    expect(renderText(report)).toContain('Tenant-tenant-000 and 155 more (each)');
  });
});

describe('bad input: named errors, exit 2', () => {
  test('GIVEN a missing configuration THEN PlatformConfigError names the file', () => {
    const run = preflight('--config', join(work, 'absent.json'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`PlatformConfigError: invalid platform configuration (1 problem):\n  - ${join(work, 'absent.json')}: the file must be readable, got ENOENT`);
  });

  test('GIVEN an output directory without templates THEN MissingTemplatesError tells to synthesize first', () => {
    const run = preflight('--config', writeFleet(1), '--out', work);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`MissingTemplatesError: ${work}: the directory must hold a synthesized cloud assembly (manifest.json), got none: run \`npx cdk synth\` first`);
  });

  test('GIVEN a price region the table does not hold THEN UnknownPriceRegionError', () => {
    const run = preflight('--price-region', 'ap-south-1');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('UnknownPriceRegionError: --price-region: \'price region\' must be one of the regions the price table holds (us-east-1, eu-west-1), got "ap-south-1"');
  });

  test('GIVEN an unknown option THEN the usage', () => {
    const run = preflight('--tenants', '3');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run preflight --');
  });
});
