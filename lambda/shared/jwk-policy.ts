import { createPublicKey, KeyObject } from 'node:crypto';

/**
 * Which JWKs a verifier may use: each verifier allows exactly one algorithm (RFC 8725 3.1), and a key is a candidate
 * only if it fits that algorithm (RFC 7518 3.3, 3.4, 6.2, 6.3; RFC 7517 4.2-4.4):
 * - RS256: `kty` RSA, a modulus of 2048..8192 bits, an odd public exponent of at least 3;
 * - ES256: `kty` EC, `crv` P-256, `x` and `y` exactly 32 bytes each (and on the curve, which node:crypto checks);
 * - `alg`, if present, equal to the verifier's algorithm; `use`, if present, `sig`; `key_ops`, if present, holding
 *   `verify`; no private member (`d`, `p`, `q`, ...): a public key set that carries one is misconfigured;
 * - every base64url member canonical (no padding, no stray bits), `n` and `e` without leading zero octets (RFC 7518 2,
 *   6.3.1), `x` and `y` full length (6.2.1.2), so one key has exactly one spelling.
 * Anything else is not an error but not a key either: the verifier treats its `kid` as unknown.
 */
export type JwsAlgorithm = 'RS256' | 'ES256';

const B64URL = /^[A-Za-z0-9_-]+$/;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const RSA_BITS = { min: 2048, max: 8192 };

/** The bytes of a canonical unpadded base64url string, or undefined. */
function b64urlBytes(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !B64URL.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64url');
  return bytes.toString('base64url') === value ? bytes : undefined;
}

/** A Base64urlUInt (RFC 7518 2): canonical base64url of the minimum number of octets, so no leading zero octet. */
function uintBytes(value: unknown): Buffer | undefined {
  const bytes = b64urlBytes(value);
  return bytes && bytes[0] !== 0 ? bytes : undefined;
}

/** Bits of a big-endian integer without leading zero octets. */
function bitLength(bytes: Buffer): number {
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]));
}

function fitsRs256(jwk: Record<string, unknown>): boolean {
  const n = uintBytes(jwk.n);
  const e = uintBytes(jwk.e);
  if (jwk.kty !== 'RSA' || !n || !e || e.length > 4) return false;
  const bits = bitLength(n);
  const exponent = e.readUIntBE(0, e.length);
  return bits >= RSA_BITS.min && bits <= RSA_BITS.max && exponent >= 3 && exponent % 2 === 1;
}

function fitsEs256(jwk: Record<string, unknown>): boolean {
  return jwk.kty === 'EC' && jwk.crv === 'P-256' && b64urlBytes(jwk.x)?.length === 32 && b64urlBytes(jwk.y)?.length === 32;
}

/** Whether `jwk` may verify `alg` signatures under this policy (shape only; the key is built by `verificationKey`). */
export function jwkFits(jwk: unknown, alg: JwsAlgorithm): jwk is Record<string, unknown> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return false;
  const k = jwk as Record<string, unknown>;
  if (k.alg !== undefined && k.alg !== alg) return false;
  if (k.use !== undefined && k.use !== 'sig') return false;
  if (k.key_ops !== undefined && !(Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) return false;
  if (PRIVATE_MEMBERS.some((m) => m in k)) return false;
  return alg === 'RS256' ? fitsRs256(k) : fitsEs256(k);
}

/** The public key object of a JWK that fits `alg`, or undefined (including a point not on the curve). */
export function verificationKey(jwk: unknown, alg: JwsAlgorithm): KeyObject | undefined {
  if (!jwkFits(jwk, alg)) return undefined;
  const material = alg === 'RS256' ? { kty: 'RSA', n: jwk.n as string, e: jwk.e as string } : { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
  try {
    return createPublicKey({ key: material, format: 'jwk' });
  } catch {
    return undefined;
  }
}
