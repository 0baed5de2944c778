/**
 * The preflight with tenants in other accounts (config/platform-cross-account.json): each tenant counts in its own
 * account, where its VPC, NAT gateways and roles are, and the hub account keeps only its own tenant.
 */
import { join } from 'node:path';
import { loadPlatformConfig } from '../../lib/config/platform-config';
import { buildPreflightReport, checkAssemblyMatches, PreflightReport } from '../../lib/preflight/preflight';
import { REPO_ROOT } from '../helpers/app';
import { synthesizeAssembly } from './synth';

const config = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-cross-account.json'));
let report: PreflightReport;
let cleanup: () => void;

beforeAll(() => {
  const synth = synthesizeAssembly(config);
  cleanup = synth.cleanup;
  checkAssemblyMatches(synth.stacks, config, 'cdk.out', 'config/platform-cross-account.json');
  report = buildPreflightReport(synth.stacks, config);
});
afterAll(() => cleanup());

test('GIVEN tenants in two other accounts THEN there is one placement per account, each with its own tenants and account baseline', () => {
  const placements = Object.fromEntries(report.placements.map((p) => [p.account, p]));
  expect(Object.keys(placements).sort()).toEqual(['111111111111', '222222222222', '333333333333']);
  expect(placements['111111111111'].tenantCount).toBe(1);
  expect(placements['222222222222'].tenantCount).toBe(1);
  expect(placements['222222222222'].stacks).toBe(2); // Tenant-globex and its account's AccountBaseline
  expect(placements['111111111111'].stacks).toBe(4); // AccountBaseline, NetworkHub, ControlPlane, Tenant-acme
});

test("GIVEN a tenant in another account THEN its VPC counts against that account's VPC quota, not the hub account's", () => {
  const vpcs = (account: string) => report.placements.find((p) => p.account === account)!.quotas.filter((q) => q.quota.id === 'vpcs').reduce((n, q) => n + q.needed, 0);
  expect(vpcs('222222222222')).toBe(1);
  expect(vpcs('111111111111')).toBe(2); // the control plane's and acme's
});
