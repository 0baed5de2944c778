import { App } from 'aws-cdk-lib';
import { PlatformConfig, TenantConfig, tenantPlan } from './config/platform-config';
import { STACK_NAMES } from './naming';
import { AccountBaselineStack } from './stacks/account-baseline-stack';
import { ControlPlaneStack } from './stacks/control-plane-stack';
import { NetworkHubStack } from './stacks/network-hub-stack';
import { OrganizationGuardrailsStack } from './stacks/organization-guardrails-stack';
import { TenantStack } from './stacks/tenant-stack';

export interface PlatformStacks {
  readonly accountBaseline?: AccountBaselineStack;
  readonly organizationGuardrails?: OrganizationGuardrailsStack;
  readonly networkHub?: NetworkHubStack;
  readonly controlPlane?: ControlPlaneStack;
  readonly tenants: readonly TenantStack[];
}

export interface BuildPlatformOptions {
  /**
   * Build only these tenants' stacks and nothing else (a per-tenant synth or deploy).
   * @default - the whole platform: hub, control-plane network and every tenant
   */
  readonly onlyTenants?: readonly TenantConfig[];
  /**
   * Pin every stack to this region (data residency: a template that names its region cannot be deployed to another).
   * @default - environment-agnostic stacks (the region is the deploying profile's)
   */
  readonly region?: string;
}

/** Builds the platform's stacks from a validated configuration. Stacks are wired only through SSM parameters. */
export function buildPlatform(app: App, config: PlatformConfig, options: BuildPlatformOptions = {}): PlatformStacks {
  const env = options.region !== undefined ? { env: { region: options.region } } : {};
  if (options.onlyTenants) {
    return { tenants: options.onlyTenants.map((tenant) => new TenantStack(app, tenantPlan(tenant).stackName, { ...env, tenant, controlPlane: config.controlPlane, sidecar: config.sidecar })) };
  }
  const accountBaseline = new AccountBaselineStack(app, STACK_NAMES.accountBaseline, { ...env, baseline: config.accountBaseline });
  const networkHub = new NetworkHubStack(app, STACK_NAMES.networkHub, env);
  const controlPlane = new ControlPlaneStack(app, STACK_NAMES.controlPlane, { ...env, controlPlane: config.controlPlane, tenantIds: config.tenants.map((t) => t.id), sidecar: config.sidecar });
  // Deploy order only (the hub's SSM parameters must exist first); no values flow through CloudFormation exports.
  controlPlane.addStackDependency(networkHub, 'reads the hub ids from SSM');
  controlPlane.addStackDependency(accountBaseline, 'reads the alert topics from SSM');
  const tenants = config.tenants.map((tenant) => {
    const stack = new TenantStack(app, tenantPlan(tenant).stackName, { ...env, tenant, controlPlane: config.controlPlane, sidecar: config.sidecar });
    stack.addStackDependency(networkHub, 'reads the hub ids from SSM');
    if (config.sidecar) {
      stack.addStackDependency(controlPlane, 'reads the sidecar release store from SSM');
    }
    return stack;
  });
  const organizationGuardrails =
    config.guardrails.organizationTargetIds.length > 0 ? new OrganizationGuardrailsStack(app, STACK_NAMES.organizationGuardrails, { guardrails: config.guardrails }) : undefined;
  return { accountBaseline, organizationGuardrails, networkHub, controlPlane, tenants };
}
