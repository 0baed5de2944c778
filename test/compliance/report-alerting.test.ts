/** The report's alert-tier section (schema 6): per tier its topic, response target, subscribers or opt-out, and what reaches it. */
import { buildComplianceReport } from '../../lib/compliance/report/build';
import { renderHtml } from '../../lib/compliance/report/render-html';
import { renderMarkdown } from '../../lib/compliance/report/render-markdown';
import { ComplianceReport } from '../../lib/compliance/report/schema';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);

function reportFor(config: PlatformConfig): ComplianceReport {
  return buildComplianceReport({
    config,
    provenance: { configPath: 'config/platform.json', configSha256: 'x', sourceSha256: 'y', tenants: 'all', templateSha256: {} },
    stacks: TEMPLATES.map((t) => ({ name: t.stackName, template: t.template })),
    checks: ['TenantBaseline'],
    evaluations: [],
    stockTallies: new Map(),
    acknowledgements: [],
    usedAcknowledgements: new Set(),
  });
}

test('GIVEN the example platform THEN each tier shows its topic, response target, subscribers, and the alarms and routes of the templates that reach it', () => {
  const alerting = reportFor(PACK.CONFIG).alerting;
  expect(alerting.map((a) => [a.tier, a.topic, a.respondWithinMinutes, a.optOut])).toEqual([
    ['critical', 'tenant-baseline-critical-alerts', 15, undefined],
    ['high', 'tenant-baseline-high-alerts', 60, undefined],
    ['medium', 'tenant-baseline-medium-alerts', 240, undefined],
    ['low', 'tenant-baseline-low-alerts', 1440, undefined],
  ]);
  const critical = alerting[0];
  expect(critical.subscribers).toEqual(['email: security-oncall@example.com', 'https: https://pager.example.com/hooks/tenant-baseline-critical']);
  expect(critical.alarms).toEqual(['tenant-baseline-RootAccountUse', 'tenant-baseline-ConsoleSignInWithoutMfa', 'tenant-baseline-KmsKeyDisabledOrScheduledForDeletion']);
  expect(critical.routes).toEqual(['CriticalFindings', 'AttackSequences']);
  expect(alerting[3].alarms).toContain('tenant-baseline-SidecarKeyExpiring');
  expect(alerting[3].routes).toEqual(['DriftRoute', 'UnusedAccessRoute']);
});

test('GIVEN a tier opted out THEN the report names the reason and shows it as failing (red) in HTML and bold in markdown', () => {
  const reason = 'low alerts are read in the console by the platform team every morning';
  const config = validatePlatformConfig({
    ...JSON.parse(JSON.stringify(PACK.CONFIG)),
    accountBaseline: { ...JSON.parse(JSON.stringify(PACK.CONFIG.accountBaseline)), subscriptions: { ...JSON.parse(JSON.stringify(PACK.CONFIG.accountBaseline.subscriptions)), low: { optOut: reason } } },
  });
  const report = reportFor(config);
  expect(report.alerting[3]).toMatchObject({ tier: 'low', subscribers: [], optOut: reason });
  expect(renderHtml(report)).toContain(`<span class="badge fails">opted out</span> ${reason}`);
  expect(renderMarkdown(report)).toContain(`| low | tenant-baseline-low-alerts | 1440 min | **opted out**: ${reason} |`);
});
