/** Prefix of every SSM parameter, metric namespace, log group and alias this platform creates. */
export const PLATFORM_PREFIX = 'tenant-baseline';
