import { KEY_ALIASES, LOG_GROUP_PREFIXES, RDS_LOG_GROUP_PREFIX, STACK_NAMES } from '../naming';
import { tenantCidr } from './address-plan';

/** Subnet group names of a tenant VPC. They are part of construct ids, so they never change after a deploy. */
export const TENANT_SUBNETS = {
  public: 'Public',
  runtime: 'Runtime',
  data: 'Data',
  transit: 'Transit',
} as const;

export type TenantSubnetTier = keyof typeof TENANT_SUBNETS;

/** One subnet tier of a tenant VPC: its group name, what reaches the internet from it, and its size in each AZ. */
export interface TenantSubnetPlan {
  readonly tier: TenantSubnetTier;
  readonly name: string;
  /** `public`: NAT gateways only; `egress`: out through NAT; `isolated`: no route out of the VPC. */
  readonly reach: 'public' | 'egress' | 'isolated';
  readonly cidrMask: number;
}

/** The tiers of every tenant VPC, in the order the VPC allocates them. */
export const TENANT_SUBNET_PLAN: readonly TenantSubnetPlan[] = [
  { tier: 'public', name: TENANT_SUBNETS.public, reach: 'public', cidrMask: 24 },
  { tier: 'runtime', name: TENANT_SUBNETS.runtime, reach: 'egress', cidrMask: 20 },
  { tier: 'data', name: TENANT_SUBNETS.data, reach: 'isolated', cidrMask: 22 },
  { tier: 'transit', name: TENANT_SUBNETS.transit, reach: 'isolated', cidrMask: 28 },
];

/**
 * Everything the platform derives from a tenant's id and number: where it lives, what its stack and key are called,
 * where its logs go. Constructs, stacks, the gate's rules and the report all read a tenant through this, so none of
 * them can disagree with another about which CIDR or key is the tenant's.
 */
export interface TenantPlan {
  readonly id: string;
  readonly number: number;
  /** The tenant VPC's CIDR, 10.(100+N).0.0/16. */
  readonly cidr: string;
  readonly stackName: string;
  /** The alias of the tenant's customer-managed key. */
  readonly keyAlias: string;
  /** The prefix of the tenant's own log groups (flow logs, functions). */
  readonly logGroupPrefix: string;
  /** The prefix of the log groups RDS writes for the tenant database. */
  readonly databaseLogGroupPrefix: string;
  readonly subnets: readonly TenantSubnetPlan[];
}

/** The plan of one tenant. `tenant.number` must be a valid tenant number (the loader and the constructs check it). */
export function tenantPlan(tenant: { readonly id: string; readonly number: number }): TenantPlan {
  return {
    id: tenant.id,
    number: tenant.number,
    cidr: tenantCidr(tenant.number),
    stackName: STACK_NAMES.tenant(tenant.id),
    keyAlias: KEY_ALIASES.tenant(tenant.id),
    logGroupPrefix: LOG_GROUP_PREFIXES.tenant(tenant.id),
    databaseLogGroupPrefix: RDS_LOG_GROUP_PREFIX(tenant.id),
    subnets: TENANT_SUBNET_PLAN,
  };
}
