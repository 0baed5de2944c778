/**
 * The Control Tower proactive controls, run by the real cfn-guard binary: the rule catalog, and a deliberate break that
 * must fail synth. One stack of each kind passing them is in test/e2e/control-tower.test.ts (cfn-guard takes ~3 s per
 * tenant template); the whole example platform passing them, in test/e2e/compliance-command.test.ts.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CfnResource, Validations } from 'aws-cdk-lib';
import { collectAcknowledgements } from '../../lib/compliance/gate/acknowledgement-audit';
import { ControlTowerChecks, controlTowerRules } from '../../lib/compliance/gate/control-tower';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';

const CONFIG = exampleConfig();

test('the package ships the Control Tower rules with their control ids and resource types', () => {
  const rules = controlTowerRules();
  expect(rules.length).toBeGreaterThanOrEqual(200);
  expect(rules.every((r) => /^CT\.[A-Z0-9-]+\.PR\.\d+$/.test(r.controlId))).toBe(true);
  expect(rules.find((r) => r.controlId === 'CT.S3.PR.1')?.resourceTypes).toContain('AWS::S3::Bucket');
});

test('GIVEN a tenant bucket whose public access block is removed by an override THEN CT.S3.PR.1 names that bucket and fails synth, though the stack holds acknowledged findings', () => {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  const bucket = stack.bucket.bucket.node.defaultChild as CfnResource;
  bucket.addPropertyDeletionOverride('PublicAccessBlockConfiguration');
  // The S3 controls only: every control over the shipped stacks runs in test:e2e (cfn-guard takes seconds per template).
  Validations.of(app).addPlugins(new ControlTowerChecks({ controls: controlTowerRules().filter((r) => r.controlId.startsWith('CT.S3.')).map((r) => r.controlId) }));
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
