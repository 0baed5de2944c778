/**
 * The preflight of a platform in two regions (config/platform-multi-region.json): each region's baseline, hub, control
 * plane and tenants count in that region, at that region's prices; the assembly check knows each region's stacks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryConfig, loadPlatformConfig, PlatformConfig } from '../../lib/config/platform-config';
import { DeliveryStack } from '../../lib/delivery/delivery-stack';
import { buildPreflightReport, checkAssemblyMatches, MissingTemplatesError, PreflightReport, readCloudAssembly, StackTemplate } from '../../lib/preflight/preflight';
import { REPO_ROOT, testApp } from '../helpers/app';
import { synthesizeAssembly } from './synth';

const config = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-multi-region.json'));
let report: PreflightReport;
let stacks: StackTemplate[];
let cleanup: () => void;

beforeAll(() => {
  const synth = synthesizeAssembly(config);
  cleanup = synth.cleanup;
  stacks = synth.stacks;
  checkAssemblyMatches(stacks, config, 'cdk.out', 'config/platform-multi-region.json');
  report = buildPreflightReport(stacks, config);
});
afterAll(() => cleanup());

const placement = (account: string, region: string) => report.placements.find((p) => p.account === account && p.region === region)!;

test('GIVEN two regions THEN each region of the hub account is its own placement with its own hub, control plane and tenants', () => {
  expect(report.placements.map((p) => [p.account, p.region, p.stacks, p.tenantCount])).toEqual([
    ['111111111111', 'eu-west-1', 4, 1], // AccountBaseline, NetworkHub, ControlPlane, Tenant-acme
    ['111111111111', 'us-east-1', 4, 1], // the same three in us-east-1, Tenant-globex
    ['222222222222', 'us-east-1', 2, 1], // Tenant-initech and its account's AccountBaseline
  ]);
  expect(placement('111111111111', 'us-east-1').stackCosts.map((c) => c.stack).sort()).toEqual(['AccountBaseline', 'ControlPlane', 'NetworkHub', 'Tenant-globex']);
});

test("GIVEN two regions THEN each counts its own VPCs and is priced at its own region's prices", () => {
  const vpcs = (account: string, region: string) => placement(account, region).quotas.filter((q) => q.quota.id === 'vpcs').reduce((n, q) => n + q.needed, 0);
  expect(vpcs('111111111111', 'eu-west-1')).toBe(2); // its control plane's and acme's
  expect(vpcs('111111111111', 'us-east-1')).toBe(2); // its control plane's and globex's
  expect(report.placements.map((p) => p.priceRegion)).toEqual(['eu-west-1', 'us-east-1', 'us-east-1']);
});

test("GIVEN the additional region's baseline THEN it has no CIS alarms to pay for (the home region's trail covers every region)", () => {
  const alarms = (region: string) => placement('111111111111', region).stackCosts.find((c) => c.stack === 'AccountBaseline')!.lines.filter((l) => l.item.includes('alarm'));
  expect(alarms('eu-west-1').length).toBe(1);
  expect(alarms('us-east-1')).toEqual([]);
});

test('GIVEN an assembly missing one region of the platform THEN the check names the missing stacks by region', () => {
  expect(() => checkAssemblyMatches(stacks.filter((s) => s.region !== 'us-east-1'), config, 'cdk.out', 'config/platform-multi-region.json')).toThrow(MissingTemplatesError);
  expect(() => checkAssemblyMatches(stacks.filter((s) => s.region !== 'us-east-1'), config, 'cdk.out', 'config/platform-multi-region.json')).toThrow(/missing AccountBaseline@us-east-1, NetworkHub@us-east-1, ControlPlane@us-east-1, Tenant-globex@us-east-1, Tenant-initech@us-east-1/);
});

test("GIVEN two regions with a pipeline THEN the pipeline counts in the home region and its replication store in the additional region", () => {
  const delivered = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-multi-region-delivery.json')) as PlatformConfig & { readonly delivery: DeliveryConfig };
  const dir = mkdtempSync(join(tmpdir(), 'preflight-test-'));
  try {
    const app = testApp({ outdir: dir, stackTraces: false });
    new DeliveryStack(app, 'Delivery', { config: delivered, configPath: 'config/platform-multi-region-delivery.json' });
    app.synth();
    const assembly = readCloudAssembly(dir);
    checkAssemblyMatches(assembly, delivered, dir, 'config/platform-multi-region-delivery.json');
    const placed = buildPreflightReport(assembly, delivered).placements.map((p) => [p.account, p.region, p.stackCosts.map((c) => c.stack).sort()]);
    expect(placed).toEqual([
      ['111111111111', 'eu-west-1', ['AccountBaseline', 'ControlPlane', 'Delivery', 'NetworkHub', 'Tenant-acme']],
      ['111111111111', 'us-east-1', ['AccountBaseline', 'ControlPlane', 'DeliveryReplication', 'NetworkHub', 'Tenant-globex']],
      ['222222222222', 'us-east-1', ['AccountBaseline', 'Tenant-initech']],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
