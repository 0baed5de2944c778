import { tenantPlan } from '../config/tenant-plan';
import { PlatformConfig, TenantConfig } from '../config/types';
import { STACK_NAMES } from '../naming';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { isCrossAccount, sharedTransitGatewayParameterArn, tenantAccount } from '../config/account-plan';
import { additionalRegions, regionalConfig } from '../config/regional-view';
import { DELIVERY_REPLICATION } from '../config/delivery-replication-plan';

/** What one stack is in the platform; rules that hold only for tenants, or only outside them, read this. */
export type StackRole =
  | { readonly kind: 'tenant'; readonly tenantId: string; readonly tenantNumber: number; readonly cidr: string; readonly keyAlias: string }
  | { readonly kind: 'control-plane' | 'network-hub' | 'account-baseline' | 'organization-guardrails' | 'delivery' | 'delivery-replication' | 'other' };

/**
 * The platform's plan, from its validated configuration: which stack is which, the control plane's CIDR, every
 * tenant's CIDR and key alias, and the SSM names of the hub's route tables. The rules compare templates with this.
 */
export interface PlatformTopology {
  readonly controlPlaneCidr: string;
  readonly roles: ReadonlyMap<string, StackRole>;
  readonly hubParameters: typeof HUB_PARAMETERS;
  /** The validated, defaulted configuration the plan comes from: the values rules compare properties with. */
  readonly config: PlatformConfig;
  /**
   * The plan of each additional region (`placement.additionalRegions`), by region: each region's stacks are judged
   * against their own region's plan only (`planForRegion`). @default - none: the platform has one region
   */
  readonly otherRegions?: ReadonlyMap<string, PlatformTopology>;
}

/**
 * The platform's plan: of the home region (the whole configuration when it has one region), with the plan of each
 * additional region, drawn from its regional view (lib/config/regional-view.ts), in `otherRegions`.
 */
export function platformTopology(config: PlatformConfig): PlatformTopology {
  const others = additionalRegions(config);
  if (others.length === 0) {
    return singleRegionTopology(config);
  }
  return { ...singleRegionTopology(regionalConfig(config, config.placement.region!)), otherRegions: new Map(others.map((region) => [region, singleRegionTopology(regionalConfig(config, region))])) };
}

/**
 * The plan that judges a stack of `region` (undefined: an environment-agnostic stack): the home plan for the home
 * region, for an environment-agnostic stack, and for any region when the platform is not placed in one; an additional
 * region's own plan for that region; none for a region of no plan (the gate reports such a stack, never skips it).
 */
export function planForRegion(topology: PlatformTopology, region: string | undefined): PlatformTopology | undefined {
  const home = topology.config.placement.region;
  if (region === undefined || home === undefined || region === home) {
    return topology;
  }
  return topology.otherRegions?.get(region);
}

/** Every region's plan, home first: [region, plan] (region undefined for a platform not placed in one). */
export function regionalPlans(topology: PlatformTopology): [string | undefined, PlatformTopology][] {
  return [[topology.config.placement.region, topology], ...(topology.otherRegions ?? new Map())];
}

function singleRegionTopology(config: PlatformConfig): PlatformTopology {
  const roles = new Map<string, StackRole>([
    [STACK_NAMES.accountBaseline, { kind: 'account-baseline' }],
    [STACK_NAMES.networkHub, { kind: 'network-hub' }],
    [STACK_NAMES.controlPlane, { kind: 'control-plane' }],
    [STACK_NAMES.organizationGuardrails, { kind: 'organization-guardrails' }],
  ]);
  if (config.delivery) {
    roles.set(STACK_NAMES.delivery, { kind: 'delivery' });
  }
  // With a pipeline, each additional region holds its replication store (docs/delivery.md#regions).
  if (config.placement.replicatesDelivery) {
    roles.set(DELIVERY_REPLICATION.stackName, { kind: 'delivery-replication' });
  }
  for (const plan of config.tenants.map(tenantPlan)) {
    roles.set(plan.stackName, { kind: 'tenant', tenantId: plan.id, tenantNumber: plan.number, cidr: plan.cidr, keyAlias: plan.keyAlias });
  }
  return { controlPlaneCidr: config.controlPlane.cidr, roles, hubParameters: HUB_PARAMETERS, config };
}

export function roleOf(topology: PlatformTopology, stackName: string): StackRole {
  return topology.roles.get(stackName) ?? { kind: 'other' };
}

/** A tenant's configuration in the plan (every tenant role has one). */
export function tenantConfig(topology: PlatformTopology, tenantId: string): TenantConfig {
  const tenant = topology.config.tenants.find((t) => t.id === tenantId);
  if (!tenant) {
    throw new Error(`tenant '${tenantId}' is not in the platform plan`);
  }
  return tenant;
}

/**
 * Where a stack reads the hub's transit gateway id: the hub's parameter by name, or, for a tenant in another account,
 * the hub's shared parameter by ARN (the only form CloudFormation resolves across accounts).
 */
export function hubTransitGatewayParameter(topology: PlatformTopology, role: StackRole): string {
  if (role.kind === 'tenant' && isCrossAccount(topology.config, tenantConfig(topology, role.tenantId))) {
    return sharedTransitGatewayParameterArn(topology.config);
  }
  return topology.hubParameters.transitGatewayId;
}

/** The tenants whose stacks live in `account` (every tenant when the platform is not placed by account). */
export function tenantsInAccount(topology: PlatformTopology, account: string | undefined): TenantConfig[] {
  return topology.config.tenants.filter((t) => tenantAccount(topology.config, t) === account);
}
