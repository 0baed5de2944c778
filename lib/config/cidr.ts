/**
 * Minimal IPv4 CIDR arithmetic for configuration validation. Only what the validator needs: parse, containment and
 * overlap. Kept free of aws-cdk-lib so the configuration can be validated before any construct exists.
 */

/** A parsed IPv4 CIDR block: the network address as an unsigned 32-bit integer and the prefix length. */
export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
  readonly text: string;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/p`. Returns a reason string instead of throwing so callers can collect every problem at once.
 * Host bits must be zero: `10.0.0.1/16` is refused rather than silently rounded, because a typo in a CIDR is a
 * firewall rule that means something else.
 */
export function parseCidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return 'be an IPv4 CIDR block like 10.0.0.0/16';
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return 'be an IPv4 CIDR block with octets 0..255 and a prefix 0..32';
  }
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & prefixMask(prefix)) >>> 0;
  if (network !== address) {
    return `have no host bits set (did you mean ${formatAddress(network)}/${prefix}?)`;
  }
  return { network, prefix, text };
}

/** Parses a CIDR known to be valid (a constant of this codebase); throws if it is not. */
export function cidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') {
    throw new Error(`internal: '${text}' must ${parsed}`);
  }
  return parsed;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The first and last address of a block, inclusive. */
export function cidrRange(block: Ipv4Cidr): [number, number] {
  const size = 2 ** (32 - block.prefix);
  return [block.network, block.network + size - 1];
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const [aFirst, aLast] = cidrRange(a);
  const [bFirst, bLast] = cidrRange(b);
  return aFirst <= bLast && bFirst <= aLast;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  const [oFirst, oLast] = cidrRange(outer);
  const [iFirst, iLast] = cidrRange(inner);
  return oFirst <= iFirst && iLast <= oLast;
}

export function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}
