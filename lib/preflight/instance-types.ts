/**
 * vCPUs of the instance types the platform allows (Graviton, `<family>g.<size>`), for the On-Demand vCPU quota. Only
 * the sizes whose vCPU count follows from the name are answered; anything else is unknown rather than guessed.
 */

/** vCPUs per size of the general, compute and memory Graviton families (m6g, m7g, c7g, r7g, ...). */
const SIZE_VCPUS: Record<string, number> = { medium: 1, large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64 };

/** The burstable t4g family: two vCPUs up to large. */
const T4G_VCPUS: Record<string, number> = { nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 };

/** vCPUs of an EC2 instance type (`t4g.medium` -> 2), or undefined when this table does not know it. */
export function vcpusOf(instanceType: string | undefined): number | undefined {
  const match = /^([a-z]+\d+[a-z]*)\.([a-z0-9]+)$/.exec(instanceType ?? '');
  if (!match) {
    return undefined;
  }
  const [, family, size] = match;
  if (family === 't4g') {
    return T4G_VCPUS[size];
  }
  return /^[mcr]\d+g[dn]?$/.test(family) ? SIZE_VCPUS[size] : undefined;
}
