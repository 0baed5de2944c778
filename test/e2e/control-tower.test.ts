/**
 * The Control Tower proactive controls (the real cfn-guard binary) on one stack of each kind, in-process: every finding is
 * fixed or acknowledged in the reviewed list. Here rather than in npm test because cfn-guard takes ~3 s per tenant
 * template on 2 cores; the deliberate break that must fail synth is in test/compliance/control-tower.test.ts.
 */
import { Validations } from 'aws-cdk-lib';
import { ControlTowerChecks } from '../../lib/compliance/gate/control-tower';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { NetworkHubStack } from '../../lib/stacks/network-hub-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const CONFIG = exampleConfig();
const scratch = scratchDirs();

test('GIVEN one stack of each kind THEN the Control Tower checks pass: every finding is fixed or acknowledged in the reviewed list', () => {
  const app = testApp({ outdir: scratch('control-tower-app-') });
  new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
  new NetworkHubStack(app, 'NetworkHub');
  new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
  new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  // Only this check (the stock packs and our own are exercised elsewhere); the CDK applies the acknowledgements.
  Validations.of(app).addPlugins(new ControlTowerChecks());
  expect(() => app.synth()).not.toThrow();
});
