/** Prefix of every SSM parameter, metric namespace, log group and alias this platform creates. */
export const PLATFORM_PREFIX = 'tenant-baseline';

/** The ARN partition of a region, by its name (no lookup table: lambda/ and the deploy-time hook carry no aws-cdk-lib). */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('us-isob-') ? 'aws-iso-b' : region.startsWith('us-iso-') ? 'aws-iso' : 'aws';
}

/** Tenant N's VPC is 10.(TENANT_SECOND_OCTET_BASE + N).0.0/16 (the address plan, DESIGN.md). */
export const TENANT_SECOND_OCTET_BASE = 100;

/** The VPC CIDR of tenant number `n` (lib/config/address-plan.ts validates numbers; the acceptor reads them). */
export function tenantVpcCidr(n: number): string {
  return `10.${TENANT_SECOND_OCTET_BASE + n}.0.0/16`;
}
