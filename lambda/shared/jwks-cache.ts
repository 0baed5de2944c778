import { KeyObject } from 'node:crypto';
import { JsonLimitError, parseBoundedObject } from './bounded-json';
import { JwsAlgorithm, verificationKey } from './jwk-policy';
import { JwtRejected } from './jwt-verification';
import { TimeoutFetcher } from './timeout-fetcher';
import { DEFAULT_JWKS_MAX_AGE_SECONDS } from '../../contracts/admin-identity';

/**
 * The verification keys of one JWKS URL, for one algorithm, with bounded trust and a bounded fetch rate:
 * - a fetched set is used for at most `maxAgeSeconds`, counted from the start of the fetch that produced it; after
 *   that it is fetched again, and if that fails every token is refused (fail closed), so a key removed from the JWKS
 *   is refused by every warm verifier within the max age, whatever happens to the endpoint;
 * - an unknown `kid` causes a refetch, and so does an expired set, but never more than one fetch per
 *   `minRefetchSeconds` (concurrent callers share the fetch in flight), so a flood of random kids costs the JWKS
 *   endpoint at most one request per interval per container;
 * - only keys that fit the algorithm (`jwk-policy.ts`) are kept, as ready KeyObjects; a kid that two fitting keys
 *   share is ambiguous and dropped.
 */
export interface JwksCacheOptions {
  readonly url: string;
  readonly alg: JwsAlgorithm;
  readonly fetcher: { fetch(uri: string): Promise<ArrayBuffer> };
  readonly maxAgeSeconds: number;
  readonly minRefetchSeconds: number;
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** The largest JWKS document read, and how deep it may nest (`{"keys":[{"key_ops":[...]}]}` is 3). */
const JWKS_LIMITS = { maxLength: 64 * 1024, maxDepth: 4 };
const MAX_KID_LENGTH = 256;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class JwksKeyCache {
  private set?: { keys: ReadonlyMap<string, KeyObject>; fetchedAt: number };
  private lastAttempt = -Infinity;
  private inflight?: Promise<void>;
  private readonly maxAgeMs: number;
  private readonly minRefetchMs: number;
  private readonly now: () => number;

  constructor(private readonly options: JwksCacheOptions) {
    this.maxAgeMs = options.maxAgeSeconds * 1000;
    this.minRefetchMs = Math.min(options.minRefetchSeconds, options.maxAgeSeconds) * 1000;
    this.now = options.now ?? Date.now;
  }

  /** The key for `kid` if the cached set is fresh and has it, without waiting; the common case. */
  cached(kid: string): KeyObject | undefined {
    return this.freshKeys(this.now())?.get(kid);
  }

  /** The key for `kid`; throws JwtRejected UNKNOWN_KID or JWKS_UNAVAILABLE. */
  async key(kid: string): Promise<KeyObject> {
    const t = this.now();
    const fresh = this.freshKeys(t);
    const cached = fresh?.get(kid);
    if (cached) return cached;
    if (!this.inflight && t - this.lastAttempt < this.minRefetchMs) {
      throw new JwtRejected(fresh ? 'UNKNOWN_KID' : 'JWKS_UNAVAILABLE');
    }
    await this.refresh();
    const key = this.freshKeys(this.now())?.get(kid);
    if (!key) throw new JwtRejected('UNKNOWN_KID');
    return key;
  }

  private freshKeys(t: number): ReadonlyMap<string, KeyObject> | undefined {
    return this.set && t - this.set.fetchedAt < this.maxAgeMs ? this.set.keys : undefined;
  }

  private async refresh(): Promise<void> {
    if (!this.inflight) {
      const started = this.now();
      this.lastAttempt = started;
      this.inflight = this.options.fetcher
        .fetch(this.options.url)
        .then((body) => {
          this.set = { keys: keysOf(body, this.options.alg), fetchedAt: started };
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    try {
      await this.inflight;
    } catch (error) {
      throw new JwtRejected('JWKS_UNAVAILABLE', { cause: error });
    }
  }
}

/** The fitting keys of a JWKS document by kid; throws for a document that is not a key set. */
export function keysOf(body: ArrayBuffer, alg: JwsAlgorithm): Map<string, KeyObject> {
  let doc: Record<string, unknown>;
  try {
    doc = parseBoundedObject(utf8.decode(body), JWKS_LIMITS);
  } catch (error) {
    throw new JsonLimitError(error instanceof JsonLimitError ? error.reason : 'NOT_JSON', { cause: error });
  }
  if (!Array.isArray(doc.keys)) throw new JsonLimitError('NOT_JSON');
  const keys = new Map<string, KeyObject>();
  const ambiguous = new Set<string>();
  for (const jwk of doc.keys as unknown[]) {
    const kid = (jwk as { kid?: unknown })?.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) continue;
    const key = verificationKey(jwk, alg);
    if (!key) continue;
    if (keys.has(kid)) ambiguous.add(kid);
    keys.set(kid, key);
  }
  for (const kid of ambiguous) keys.delete(kid);
  return keys;
}

/** What a verifier says about its JWKS; the bounds default to the platform's. */
export interface RemoteKeysOptions {
  readonly url: string;
  readonly alg: JwsAlgorithm;
  /** Abort a fetch after this many milliseconds. @default 2000 */
  readonly timeoutMs?: number;
  /** @default DEFAULT_JWKS_MAX_AGE_SECONDS (300) */
  readonly maxAgeSeconds?: number;
  /** @default 30 */
  readonly cooldownSeconds?: number;
}

/** The key cache both token verifiers use: one bounded fetch at a time, trusted for the max age. */
export function remoteKeys(options: RemoteKeysOptions): JwksKeyCache {
  return new JwksKeyCache({
    url: options.url,
    alg: options.alg,
    fetcher: new TimeoutFetcher(options.timeoutMs ?? 2000),
    maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_JWKS_MAX_AGE_SECONDS,
    minRefetchSeconds: options.cooldownSeconds ?? 30,
  });
}
