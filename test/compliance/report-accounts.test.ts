/** The report's tenant table with tenants in other accounts: each tenant's account (from its stack's rule) and region. */
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { buildComplianceReport } from '../../lib/compliance/report/build';
import { renderMarkdown } from '../../lib/compliance/report/render-markdown';
import { platformTopology } from '../../lib/compliance/topology';
import { loadPlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { REPO_ROOT, testApp } from '../helpers/app';

test('GIVEN tenants in two other accounts THEN the report shows each tenant in its own account and the region, isolated', () => {
  const config = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-cross-account.json'));
  const app = testApp();
  buildPlatform(app, config);
  const pack = new TenantBaselineChecks(platformTopology(config));
  pack.validateScope(app);
  const stacks = app.node.findAll().filter((n): n is Stack => Stack.isStack(n)).map((s) => ({ name: s.stackName, template: s.resolve((s as any)._toCloudFormation()), region: s.region }));
  const report = buildComplianceReport({
    config,
    provenance: { configPath: 'config/platform-cross-account.json', configSha256: 'x', sourceSha256: 'y', tenants: 'all', templateSha256: {} },
    stacks,
    checks: ['TenantBaseline'],
    evaluations: pack.evaluations,
    stockTallies: new Map(),
    acknowledgements: [],
    usedAcknowledgements: new Set(),
  });
  expect(report.tenants.map((t) => [t.id, t.account, t.region.pinned, t.verdict])).toEqual([
    ['acme', '111111111111', 'eu-west-1', 'isolated'],
    ['globex', '222222222222', 'eu-west-1', 'isolated'],
    ['initech', '333333333333', 'eu-west-1', 'isolated'],
  ]);
  expect(renderMarkdown(report)).toMatch(/\| globex \| 1 \| [^|]+ \| 222222222222 \| [^|]*eu-west-1/);
});
