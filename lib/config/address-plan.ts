import { cidr, Ipv4Cidr } from './cidr';
import { TENANT_SECOND_OCTET_BASE, tenantVpcCidr } from '../../contracts/platform';

/** The lowest and highest tenant number: VPCs 10.100.0.0/16 .. 10.255.0.0/16. */
export const TENANT_NUMBER_MIN = 0;
export const TENANT_NUMBER_MAX = 155;
/** The first octet pair of tenant 0's VPC: tenant N lives in 10.(TENANT_SECOND_OCTET_BASE + N).0.0/16 (contracts). */
export { TENANT_SECOND_OCTET_BASE };

/**
 * The whole tenant address space, 10.100.0.0 - 10.255.255.255, as the smallest set of aligned blocks. Every tenant
 * VPC lies inside it, now and after tenants are added, so firewall rules that name "every other tenant" can use these
 * four blocks instead of a list that grows with the fleet.
 */
export const TENANT_ADDRESS_SPACE: readonly string[] = ['10.100.0.0/14', '10.104.0.0/13', '10.112.0.0/12', '10.128.0.0/9'];

/** Where a control plane may live: a private range, not too large, not too small to hold its subnets. */
export const RFC1918: readonly Ipv4Cidr[] = [cidr('10.0.0.0/8'), cidr('172.16.0.0/12'), cidr('192.168.0.0/16')];
export const CONTROL_PLANE_PREFIX = { min: 16, max: 24 } as const;

/** True when `n` is a valid tenant number. */
export function isTenantNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= TENANT_NUMBER_MIN && n <= TENANT_NUMBER_MAX;
}

/**
 * The VPC CIDR of tenant number `n` (which must already be valid). Use `tenantPlan` for everything else about a
 * tenant; this is its address part.
 */
export function tenantCidr(n: number): string {
  return tenantVpcCidr(n);
}
