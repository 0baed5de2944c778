/**
 * The preflight judges templates, not the configuration: a resource added to a template changes the count, stacks
 * pinned to a region are priced there, and bad input is refused with a named error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPreflightReport,
  checkAssemblyMatches,
  CfnTemplate,
  MissingTemplatesError,
  parseEnvironment,
  readCloudAssembly,
  StackTemplate,
  UnknownPriceRegionError,
} from '../../lib/preflight/preflight';
import { REPO_ROOT } from '../helpers/app';
import { fleetConfig, synthesizeAssembly } from './synth';

const config = fleetConfig(2);
let stacks: StackTemplate[];
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ stacks, dir, cleanup } = synthesizeAssembly(config));
});
afterAll(() => cleanup());

/** The fleet with one more NAT gateway in Tenant-tenant-000's first public subnet, as an escape hatch would add it. */
function withExtraNatGateway(): StackTemplate[] {
  return stacks.map((s) => {
    if (s.stackName !== 'Tenant-tenant-000') {
      return s;
    }
    const template = structuredClone(s.template) as { Resources: Record<string, unknown> } & CfnTemplate;
    const [natId, nat] = Object.entries(template.Resources).find(([, r]) => (r as { Type: string }).Type === 'AWS::EC2::NatGateway')!;
    template.Resources[`${natId}Extra`] = structuredClone(nat);
    return { ...s, template };
  });
}

describe('counted from templates', () => {
  test('GIVEN a template with an extra NAT gateway THEN the zone quota and the tenant cost count it', () => {
    const before = buildPreflightReport(stacks, config).placements[0];
    const after = buildPreflightReport(withExtraNatGateway(), config).placements[0];
    const natsPerAz = (p: typeof before) => p.quotas.find((q) => q.quota.id === 'nat-gateways-per-az')!;
    const natLine = (p: typeof before) => p.stackCosts.find((s) => s.stack === 'Tenant-tenant-000')!.lines.find((l) => l.item === 'NAT gateway')!;
    expect(natsPerAz(before)).toMatchObject({ needed: 3, where: 'AZ #1 (largest of 2)' });
    expect(natsPerAz(after)).toMatchObject({ needed: 4, where: 'AZ #1 (largest of 2)' });
    expect(natLine(before).quantity).toBe(2);
    expect(natLine(after)).toMatchObject({ quantity: 3, counted: '3 AWS::EC2::NatGateways', monthlyUsd: 98.55 });
    // The other tenant's template did not change, so neither did its cost.
    const other = (p: typeof before) => p.stackCosts.find((s) => s.stack === 'Tenant-tenant-001')!.summary.monthlyUsd;
    expect(other(after)).toBe(other(before));
  });
});

/** The fleet with Tenant-tenant-000's plan verifier reserving `reserve` executions, as an escape hatch would set it. */
function withReservation(reserve: number): StackTemplate[] {
  return stacks.map((s) => {
    if (s.stackName !== 'Tenant-tenant-000') {
      return s;
    }
    const template = structuredClone(s.template) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> } & CfnTemplate;
    const verifier = Object.entries(template.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('PlanVerifier'))!;
    verifier[1].Properties.ReservedConcurrentExecutions = reserve;
    return { ...s, template };
  });
}

describe('Lambda concurrency', () => {
  test('GIVEN a reservation raised through an escape hatch THEN the concurrency quota counts the template, and over 1,000 it is an increase to request', () => {
    const concurrency = (s: StackTemplate[]) => buildPreflightReport(s, config).placements[0].quotas.find((q) => q.quota.id === 'lambda-concurrency')!;
    const before = concurrency(stacks).needed;
    expect(concurrency(withReservation(520))).toMatchObject({ needed: before - 20 + 520, status: 'ok' });
    const over = withReservation(1000);
    expect(concurrency(over)).toMatchObject({ needed: before - 20 + 1000, status: 'exceeded' });
    expect(buildPreflightReport(over, config).increases.map((i) => [i.service, i.quotaName, i.quotaCode])).toContainEqual(['lambda', 'Concurrent executions', 'L-B99A9384']);
  });
});

describe('placement and prices', () => {
  test('GIVEN stacks pinned to eu-west-1 THEN they are priced there, and the RDS class without a price is "no price", left out of the total', () => {
    const pinned = stacks.map((s) => ({ ...s, region: 'eu-west-1' }));
    const placement = buildPreflightReport(pinned, config).placements[0];
    expect(placement).toMatchObject({ region: 'eu-west-1', priceRegion: 'eu-west-1' });
    const tenant = placement.stackCosts.find((s) => s.stack === 'Tenant-tenant-000')!;
    const rds = tenant.lines.find((l) => l.category === 'data')!;
    expect(rds.monthlyUsd).toBeUndefined();
    expect(tenant.summary.unpriced).toEqual(['Tenant-tenant-000: RDS postgres db.t4g.medium (Multi-AZ: x2) x2']);
    expect(tenant.summary.byCategory.data).toBe(0);
  });

  test('GIVEN stacks pinned to two regions THEN each region is its own placement with its own quota counts', () => {
    const split = stacks.map((s) => (s.stackName === 'Tenant-tenant-001' ? { ...s, region: 'eu-west-1' } : s));
    const report = buildPreflightReport(split, config);
    expect(report.placements.map((p) => [p.region, p.stacks, p.quotas.find((q) => q.quota.id === 'vpcs')!.needed])).toEqual([
      ["the deployer's region", 4, 2],
      ['eu-west-1', 1, 1],
    ]);
  });

  test('GIVEN a region the price table does not hold THEN UnknownPriceRegionError names the known regions', () => {
    expect(() => buildPreflightReport(stacks, config, { priceRegion: 'ap-south-1' })).toThrow(
      new UnknownPriceRegionError('ap-south-1', ['us-east-1', 'eu-west-1'], '--price-region'),
    );
    expect(() => buildPreflightReport(stacks, config, { priceRegion: 'ap-south-1' })).toThrow(
      "--price-region: 'price region' must be one of the regions the price table holds (us-east-1, eu-west-1), got \"ap-south-1\"",
    );
  });
});

describe('reading the assembly', () => {
  test('GIVEN manifest environments THEN unknown account and region mean the deployer', () => {
    expect(parseEnvironment('aws://unknown-account/unknown-region')).toEqual({});
    expect(parseEnvironment('aws://123456789012/eu-west-1')).toEqual({ account: '123456789012', region: 'eu-west-1' });
  });

  test('GIVEN a directory without manifest.json THEN MissingTemplatesError tells to synthesize first', () => {
    const empty = mkdtempSync(join(tmpdir(), 'preflight-empty-'));
    try {
      expect(() => readCloudAssembly(empty)).toThrow(MissingTemplatesError);
      expect(() => readCloudAssembly(empty)).toThrow(`${empty}: the directory must hold a synthesized cloud assembly (manifest.json), got none: run \`npx cdk synth\` first`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('GIVEN a manifest whose template file is gone THEN MissingTemplatesError names the stack', () => {
    const copy = mkdtempSync(join(tmpdir(), 'preflight-partial-'));
    try {
      writeFileSync(join(copy, 'manifest.json'), readFileSync(join(dir, 'manifest.json')));
      expect(() => readCloudAssembly(copy)).toThrow(/the template of stack \w+ must exist/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('GIVEN an assembly of another configuration THEN it is refused, naming the missing and the extra stacks', () => {
    expect(() => checkAssemblyMatches(stacks, fleetConfig(3), 'cdk.out', 'fleet.json')).toThrow(
      "cdk.out: the templates must be a whole-platform synth of fleet.json, got missing Tenant-tenant-002: run `npx cdk synth` first",
    );
    const tenantOnly = stacks.filter((s) => s.stackName === 'Tenant-tenant-000');
    expect(() => checkAssemblyMatches(tenantOnly, config, 'cdk.out', 'fleet.json')).toThrow(/got missing AccountBaseline, NetworkHub, ControlPlane, Tenant-tenant-001/);
    expect(() => checkAssemblyMatches(stacks, config, 'cdk.out', 'fleet.json')).not.toThrow();
  });

  test('GIVEN a configuration with a delivery pipeline THEN its assembly must hold the Delivery stack too', () => {
    const delivered = { ...config, delivery: { source: { connectionArn: 'x', repository: 'o/r', branch: 'main' }, canaryTenants: [], approveAfterCanary: true, waveSize: 10, notifications: [] } };
    expect(() => checkAssemblyMatches(stacks, delivered, 'cdk.out', 'fleet.json')).toThrow(/got missing Delivery:/);
    expect(() => checkAssemblyMatches([...stacks, { ...stacks[0], stackName: 'Delivery' }], delivered, 'cdk.out', 'fleet.json')).not.toThrow();
  });
});

describe('layering', () => {
  test('GIVEN lib/preflight THEN it imports only the configuration, the names and itself (it judges templates, builds nothing)', () => {
    const files = readdirSync(join(REPO_ROOT, 'lib', 'preflight')).filter((f) => f.endsWith('.ts'));
    const imports = files.flatMap((f) =>
      [...readFileSync(join(REPO_ROOT, 'lib', 'preflight', f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]).filter((spec) => !spec.startsWith('./') && !spec.startsWith('node:')),
    );
    expect([...new Set(imports)].sort()).toEqual(['../config/platform-config', '../naming']);
  });
});
