import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { canonicalize } from './canonical-json';

/**
 * The heartbeat wire format, shared by the metering sidecar (signing) and the control plane (verifying).
 *
 * Body: a JSON object with exactly these members:
 *   tenantId   the tenant's id
 *   sidecarId  the sidecar's registered id
 *   counter    integer 0 .. 2^53 - 1, strictly increasing per sidecar
 *   timestamp  Unix time in seconds (integer)
 *   payload    the metering payload (a JSON object; `tamper` holds the sidecar's four self-checks)
 *   signature  standard base64 (with padding) of the 64-byte Ed25519 signature
 * Signed bytes: the UTF-8 of the RFC 8785 canonical JSON of the body without `signature`.
 */
export interface HeartbeatFields {
  readonly tenantId: string;
  readonly sidecarId: string;
  readonly counter: number;
  readonly timestamp: number;
  readonly payload: Record<string, unknown>;
}

export interface Heartbeat extends HeartbeatFields {
  readonly signature: string;
}

/** How far a heartbeat's timestamp may be from the ingest's clock, in seconds, unless the ingest is configured otherwise. */
export const HEARTBEAT_WINDOW_SECONDS = 300;

/**
 * Sidecar key lifetimes (seed 001: rotate credentials every 90 days). Each registry item carries `notAfter` (Unix
 * seconds); a heartbeat signed with a key past it, or with a key that has none, is refused (`KEY_EXPIRED`). The
 * validity is `controlPlane.sidecarKeyValidityDays` (the ingest also caps `notAfter` at `registeredAt` + that many days,
 * so a hand-written item cannot outlive the policy); the medium topic hears of a key `warningDays` before it expires
 * unless a successor is registered.
 */
export const SIDECAR_KEY_LIFETIME = { defaultValidityDays: 90, validityDays: { min: 1, max: 365 }, warningDays: 14 } as const;

/** Seconds in a day, for the key lifetime arithmetic. */
export const DAY_SECONDS = 86_400;

/**
 * When a registry key stops being valid (Unix seconds): its `notAfter`, capped at `registeredAt` plus the longest
 * validity; 0 (already expired) without a `notAfter`, so a key nobody dated is never valid. The ingest and the expiry
 * check both use this, so the warning and the refusal agree.
 */
export function sidecarKeyExpiry(key: { readonly notAfter?: number; readonly registeredAt?: number }, maxValiditySeconds: number): number {
  if (key.notAfter === undefined || !Number.isFinite(key.notAfter)) return 0;
  return key.registeredAt !== undefined && Number.isFinite(key.registeredAt) ? Math.min(key.notAfter, key.registeredAt + maxValiditySeconds) : key.notAfter;
}

/** The sidecar's integrity checks (seed document, "Tamper Detection"); any true value is a tamper report. */
export const TAMPER_FLAGS = ['debuggerAttached', 'binaryHashMismatch', 'wrongUid', 'unexpectedParent'] as const;

export function heartbeatSigningBytes(fields: HeartbeatFields): Buffer {
  const { tenantId, sidecarId, counter, timestamp, payload } = fields;
  return Buffer.from(canonicalize({ tenantId, sidecarId, counter, timestamp, payload }), 'utf8');
}

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 public key from its raw 32 bytes (as stored in the registry), or undefined if it is not 32 bytes. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject | undefined {
  if (raw.length !== 32) {
    return undefined;
  }
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

const KEY_CACHE_LIMIT = 1024;
const keyCache = new Map<string, KeyObject | undefined>();

/**
 * The registry's stored key (standard base64 of the raw 32 bytes) as a key object, cached: building a key object costs
 * about as much as a verification, and a sidecar's key does not change between its heartbeats.
 */
export function registryPublicKey(stored: string): KeyObject | undefined {
  if (keyCache.has(stored)) {
    return keyCache.get(stored);
  }
  const key = ed25519PublicKey(Buffer.from(stored, 'base64'));
  if (keyCache.size >= KEY_CACHE_LIMIT) {
    keyCache.delete(keyCache.keys().next().value as string);
  }
  keyCache.set(stored, key);
  return key;
}

/** RFC 8032 Ed25519 verification (node:crypto). False for a signature that is not exactly 64 bytes. */
export function verifyEd25519(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) {
    return false;
  }
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}
