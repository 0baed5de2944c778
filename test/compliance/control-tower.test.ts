/**
 * The Control Tower proactive controls, run by the real cfn-guard binary, on a representative subset of the platform
 * (one stack of each kind). Full-fleet runs belong to `npm run compliance`; see docs/compliance.md for their cost.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CfnResource, Validations } from 'aws-cdk-lib';
import { collectAcknowledgements } from '../../lib/compliance/gate/acknowledgement-audit';
import { ControlTowerChecks, controlTowerRules } from '../../lib/compliance/gate/control-tower';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { NetworkHubStack } from '../../lib/stacks/network-hub-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';

const CONFIG = exampleConfig();

test('the package ships the Control Tower rules with their control ids and resource types', () => {
  const rules = controlTowerRules();
  expect(rules.length).toBeGreaterThanOrEqual(200);
  expect(rules.every((r) => /^CT\.[A-Z0-9-]+\.PR\.\d+$/.test(r.controlId))).toBe(true);
  expect(rules.find((r) => r.controlId === 'CT.S3.PR.1')?.resourceTypes).toContain('AWS::S3::Bucket');
});

test('GIVEN one stack of each kind THEN the Control Tower checks pass: every finding is fixed or acknowledged in the reviewed list', () => {
  const app = testApp();
  new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline });
  new NetworkHubStack(app, 'NetworkHub');
  new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'] });
  new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane });
  // Only this check (the stock packs and our own are exercised elsewhere); the CDK applies the acknowledgements.
  Validations.of(app).addPlugins(new ControlTowerChecks());
  expect(() => app.synth()).not.toThrow();
});

test('GIVEN a tenant bucket whose public access block is removed by an override THEN CT.S3.PR.1 names that bucket and fails synth, though the stack holds acknowledged findings', () => {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane });
  const bucket = stack.bucket.bucket.node.defaultChild as CfnResource;
  bucket.addPropertyDeletionOverride('PublicAccessBlockConfiguration');
  Validations.of(app).addPlugins(new ControlTowerChecks());
  // The CDK counts a finding without a severity as passing once anything else in the app is acknowledged.
  expect(collectAcknowledgements(app).length).toBeGreaterThan(0);
  expect(() => app.synth()).toThrow(/CT\.S3\.PR\.1/);
  const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
  const controlTower = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'ControlTower');
  expect(controlTower.conclusion).toBe('failure');
  const s3pr1 = controlTower.violations.find((v: { ruleName: string }) => v.ruleName === 'CT.S3.PR.1');
  type Violating = { cloudFormationResource: { templatePath: string; logicalId: string } };
  expect(s3pr1.violatingConstructs.map(({ cloudFormationResource: r }: Violating) => `${basename(r.templatePath)}:${r.logicalId}`)).toEqual([
    `Tenant-acme.template.json:${stack.resolve(bucket.logicalId)}`,
  ]);
});
