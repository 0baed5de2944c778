/**
 * The preflight on the example platform (config/platform.json), synthesized once into a temporary cloud assembly and
 * read back the way `npm run preflight` reads cdk.out.
 */
import { buildPreflightReport, HOURS_PER_MONTH, PlacementReport, PreflightReport, PRICES, QuotaUsage, renderText, StackTemplate } from '../../lib/preflight/preflight';
import { exampleConfig } from '../helpers/app';
import { synthesizeAssembly } from './synth';

const config = exampleConfig();
let stacks: StackTemplate[];
let report: PreflightReport;
let placement: PlacementReport;
let cleanup: () => void;

beforeAll(() => {
  ({ stacks, cleanup } = synthesizeAssembly(config));
  report = buildPreflightReport(stacks, config);
  placement = report.placements[0];
});
afterAll(() => cleanup());

const quota = (id: string): QuotaUsage => placement.quotas.find((q) => q.quota.id === id)!;
const tenantCost = (id: string) => placement.stackCosts.find((s) => s.tenantId === id)!;

describe('placement', () => {
  test('GIVEN environment-agnostic stacks THEN one placement in the deployer account and region, priced as us-east-1', () => {
    expect(report.placements).toHaveLength(1);
    expect(placement).toMatchObject({ account: "the deployer's account", region: "the deployer's region", priceRegion: 'us-east-1', stacks: 6, tenantCount: 3 });
  });
});

describe('quotas counted from the templates', () => {
  test('GIVEN 3 tenants and the control plane THEN 4 VPCs, 4 internet gateways, 8 Elastic IPs, 4 NAT gateways in each of 2 zones', () => {
    expect(quota('vpcs')).toMatchObject({ needed: 4, status: 'ok' });
    expect(quota('internet-gateways')).toMatchObject({ needed: 4, status: 'ok' });
    expect(quota('elastic-ips')).toMatchObject({ needed: 8, status: 'exceeded' });
    expect(quota('nat-gateways-per-az')).toMatchObject({ needed: 4, where: 'AZ #1 (largest of 2)', status: 'ok' });
  });

  test('GIVEN the hub THEN attachments and routes are traced to its Transit Gateway through the SSM parameters', () => {
    expect(quota('tgw-attachments')).toMatchObject({ needed: 4, where: 'NetworkHub/HubTransitGateway8E0236DF' });
    // 3 tenants propagate into the control-plane table, the control plane into the tenant table.
    expect(quota('tgw-routes')).toMatchObject({ needed: 4, where: 'NetworkHub/HubTransitGateway8E0236DF' });
  });

  test('GIVEN the templates THEN endpoints, ACLs, stacks, keys and databases are counted per their scope', () => {
    expect(quota('interface-endpoints-per-vpc').needed).toBe(7);
    expect(quota('gateway-endpoints').needed).toBe(8);
    expect(quota('rules-per-network-acl')).toMatchObject({ needed: 12, status: 'ok' });
    expect(quota('cloudformation-stacks').needed).toBe(6);
    expect(quota('rds-instances').needed).toBe(3);
    expect(quota('ec2-standard-vcpus')).toMatchObject({ needed: 6, status: 'compare' });
    expect(placement.quotas.find((q) => q.quota.id === 'codepipeline-actions')).toBeUndefined();
  });

  test('GIVEN 24 functions THEN Lambda concurrency needs every reservation plus the 100 Lambda keeps unreserved: 316', () => {
    // Control plane: six functions reserving 20 and the key-expiry check 1; the deploy-time gate 20; each tenant its plan
    // verifier 20, export 2, restore validation 2 and app-user provisioner 1; CDK's default-SG handlers reserve none.
    const reserved = 6 * 20 + 1 + 20 + 3 * (20 + 2 + 2 + 1);
    expect(quota('lambda-concurrency')).toMatchObject({ needed: reserved + 100, status: 'ok', where: 'region' });
    expect(quota('lambda-concurrency').counted).toBe('ReservedConcurrentExecutions of 20 of 24 AWS::Lambda::Function + the 100 Lambda keeps unreserved');
  });

  test('GIVEN 8 Elastic IPs THEN the only increase to request is EC2-VPC Elastic IPs to 8', () => {
    expect(report.increases).toEqual([
      { account: "the deployer's account", region: "the deployer's region", service: 'ec2', quotaName: 'EC2-VPC Elastic IPs', quotaCode: 'L-0263D0A3', defaultValue: 5, needed: 8, where: 'region', verified: true },
    ]);
  });
});

describe('cost of one tenant', () => {
  const us = PRICES['us-east-1'];
  const hourly = (quantity: number, usd: number) => Math.round(quantity * usd * HOURS_PER_MONTH * 100) / 100;

  test('GIVEN Tenant-acme THEN its line items are the priced resources of its template', () => {
    const lines = tenantCost('acme').lines.map((l) => [l.category, l.item, l.quantity, l.monthlyUsd]);
    expect(lines).toEqual([
      ['network', 'NAT gateway', 2, hourly(2, us.natGateway!.usd)],
      ['network', 'interface endpoint per AZ', 14, hourly(14, us.interfaceEndpointAz!.usd)],
      ['network', 'Transit Gateway attachment', 1, hourly(1, us.transitGatewayAttachment!.usd)],
      ['network', 'public IPv4 address', 2, hourly(2, us.publicIpv4!.usd)],
      ['compute', 'EC2 t4g.medium (Linux)', 1, hourly(1, us.ec2['t4g.medium'].usd)],
      ['data', 'RDS postgres db.t4g.medium (Multi-AZ: x2)', 2, hourly(2, us.rdsPostgres['db.t4g.medium'].usd)],
      ['keys', 'KMS customer managed key', 1, 1],
      // The database master secret and the tenant's API key secret (issue 19).
      ['keys', 'Secrets Manager secret', 2, 0.8],
    ]);
  });

  test('GIVEN the line items THEN the total and the split are their sums', () => {
    const cost = tenantCost('acme');
    const sum = (category?: string) => Math.round(cost.lines.filter((l) => !category || l.category === category).reduce((n, l) => n + l.monthlyUsd!, 0) * 100) / 100;
    expect(cost.summary.monthlyUsd).toBe(sum());
    expect(cost.summary.byCategory).toEqual({ network: sum('network'), compute: sum('compute'), data: sum('data'), keys: sum('keys'), monitoring: 0 });
    // The figures at the price table's us-east-1 rates (docs/preflight.md compares them with the issue's ~$330, 64%).
    expect(cost.summary.monthlyUsd).toBe(332.93);
    expect(cost.networkShare).toBe(0.64);
    expect(cost.summary.unpriced).toEqual([]);
  });

  test('GIVEN every stack THEN the fleet total is the sum of the stacks, hub and control plane included', () => {
    const stacksTotal = placement.stackCosts.reduce((n, s) => n + s.summary.monthlyUsd, 0);
    expect(placement.fleet.monthlyUsd).toBeCloseTo(stacksTotal, 2);
    expect(placement.stackCosts.find((s) => s.stack === 'ControlPlane')!.summary.monthlyUsd).toBeGreaterThan(0);
  });
});

describe('text output', () => {
  test('GIVEN the report THEN the table names the exceeded quota, the tenants sharing one cost row and the increase', () => {
    const text = renderText(report);
    expect(text).toContain("Preflight of 6 stacks (3 tenants) in the deployer's account, the deployer's region");
    expect(text).toMatch(/! EC2-VPC Elastic IPs\s+ec2\s+L-0263D0A3\s+5\s+8\s+region/);
    expect(text).toContain('Tenant-acme and 2 more (each)');
    expect(text).toContain('- ec2: "EC2-VPC Elastic IPs" (quota code L-0263D0A3): needs 8, default 5');
  });
});
