/** Prefix of every SSM parameter, metric namespace, log group and alias this platform creates. */
export const PLATFORM_PREFIX = 'tenant-baseline';

/** The ARN partition of a region, by its name (no lookup table: lambda/ and the deploy-time hook carry no aws-cdk-lib). */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('us-isob-') ? 'aws-iso-b' : region.startsWith('us-iso-') ? 'aws-iso' : 'aws';
}
