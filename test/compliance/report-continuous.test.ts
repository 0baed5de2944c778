/** The report's "continuously verified" column (schema 5): which after-deploy checks keep each control true, from the configuration. */
import { buildComplianceReport } from '../../lib/compliance/report/build';
import { ComplianceReport } from '../../lib/compliance/report/schema';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { renderMarkdown } from '../../lib/compliance/report/render-markdown';
import { PACK } from '../helpers/pack';

function reportFor(config: PlatformConfig): ComplianceReport {
  return buildComplianceReport({
    config,
    provenance: { configPath: 'config/platform.json', configSha256: 'x', sourceSha256: 'y', tenants: 'all', templateSha256: {} },
    stacks: [],
    checks: ['TenantBaseline'],
    evaluations: [],
    stockTallies: new Map(),
    acknowledgements: [],
    usedAcknowledgements: new Set(),
  });
}

const checksOf = (report: ComplianceReport, id: string) => report.controls.find((c) => c.id === id)!.continuouslyVerifiedBy.map((c) => c.check);

test('GIVEN the example platform THEN each control names the hook, the drift rule and the managed rules that keep it true', () => {
  const report = reportFor(PACK.CONFIG);
  expect(report.schemaVersion).toBe(6);
  expect(checksOf(report, 'SOC2-CC8.1')).toEqual(['deploy-time gate (CloudFormation hook, our rules)', 'AWS Config CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK']);
  expect(checksOf(report, 'DATA-2')).toEqual(['deploy-time gate (CloudFormation hook, our rules)', 'AWS Config S3_BUCKET_SSL_REQUESTS_ONLY']);
  expect(report.controls.find((c) => c.id === 'DATA-1')!.continuouslyVerifiedBy).toContainEqual({ check: 'AWS Config CMK_BACKING_KEY_ROTATION_ENABLED', when: 'every 24 hours' });
  expect(checksOf(report, 'SOC2-CC6.1')).toContain('IAM Access Analyzer (external, internal and unused access)');
  expect(renderMarkdown(report)).toMatch(/\| Platform DATA-2 \| Encryption in transit \|.*\| deploy-time gate \(CloudFormation hook, our rules\), S3_BUCKET_SSL_REQUESTS_ONLY \|/);
});

test('GIVEN the hook and the managed rules turned off THEN only the drift rule remains, and the other controls read "synth only"', () => {
  const off = validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), accountBaseline: { ...PACK.CONFIG.accountBaseline, deployTimeGate: false, configRules: false, accessAnalysis: false } });
  const report = reportFor(off);
  expect(checksOf(report, 'SOC2-CC8.1')).toEqual(['AWS Config CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK']);
  expect(checksOf(report, 'DATA-2')).toEqual([]);
  expect(renderMarkdown(report)).toMatch(/\| Platform DATA-2 \| Encryption in transit \|.*\| synth only \|/);
});
