/**
 * The whole compliance gate on a platform in two regions (config/platform-multi-region.json): the five cdk-nag packs,
 * the TenantBaseline pack judging each region against its own plan, the acknowledgement audit and the schema
 * validation, all green; and the report showing each tenant's region. test/network/regions.test.ts breaks it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyComplianceGate } from '../../lib/compliance/gate/gate';
import { platformTopology } from '../../lib/compliance/topology';
import { writeComplianceReport } from '../../lib/compliance/report/write';
import { loadPlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { REPO_ROOT, testApp } from '../helpers/app';

const CONFIG = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-multi-region.json'));

test('GIVEN the two-region example THEN every check of the gate finds nothing, the synth passes and the report shows each tenant in its region', () => {
  // One app: the gate registered and the synth passing. The validation report lists a check only when it failed, found
  // something or had something acknowledged, so every listed check must have succeeded with no violation (a violation
  // without a severity would not fail the synth once anything is acknowledged: read, not inferred); and each check ran.
  const synthesized = testApp();
  buildPlatform(synthesized, CONFIG);
  const gate = applyComplianceGate(synthesized, platformTopology(CONFIG));
  expect(() => synthesized.synth()).not.toThrow();
  type PluginReport = { pluginName: string; conclusion: string; violations: { ruleName: string; violatingConstructs: { constructPath?: string }[] }[] };
  const { pluginReports } = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  expect(pluginReports.flatMap((r) => r.violations.flatMap((v) => v.violatingConstructs.map((c) => `${r.pluginName}: ${v.ruleName} @ ${c.constructPath}`)))).toEqual([]);
  expect(pluginReports.filter((r) => r.conclusion !== 'success').map((r) => r.pluginName)).toEqual([]);
  expect(gate.stockPacks.map((p) => [p.readPackName, p.tallies.size > 0, [...p.tallies.values()].reduce((n, t) => n + t.nonCompliant, 0)])).toEqual(
    ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'].map((name) => [name, true, 0]),
  );
  expect(gate.tenantBaseline.evaluations.length).toBeGreaterThan(0);
  expect(gate.tenantBaseline.evaluations.filter((e) => e.status === 'non-compliant')).toEqual([]);
  writeComplianceReport(synthesized, gate, { config: CONFIG, configPath: 'config/platform-multi-region.json' });
  const report = JSON.parse(readFileSync(join(synthesized.outdir, 'compliance', 'report.json'), 'utf8'));
  expect(report.verdict).toBe('pass');
  expect(report.tenants.map((t: { id: string; account: string; region: { pinned: string } }) => [t.id, t.account, t.region.pinned])).toEqual([
    ['acme', '111111111111', 'eu-west-1'],
    ['globex', '111111111111', 'us-east-1'],
    ['initech', '222222222222', 'us-east-1'],
  ]);
  // Every template keeps its own hash, though the regions' stacks share their names (keyed by template file).
  expect(Object.keys(report.provenance.templateSha256)).toEqual([
    'AccountBaseline',
    'AccountBaseline-222222222222-us-east-1',
    'AccountBaseline-us-east-1',
    'ControlPlane',
    'ControlPlane-us-east-1',
    'NetworkHub',
    'NetworkHub-us-east-1',
    'Tenant-acme',
    'Tenant-globex',
    'Tenant-initech',
  ]);
});
