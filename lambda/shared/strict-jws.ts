import { KeyObject, verify } from 'node:crypto';
import { JsonLimitError, parseBoundedObject } from './bounded-json';
import { JwsAlgorithm } from './jwk-policy';
import { COMPACT_JWS, JwtRejected } from './jwt-verification';

/**
 * Strict compact-JWS verification (RFC 7515, RFC 8725) for a verifier that allows exactly one algorithm:
 * - size and shape before any decoding; every segment the canonical base64url of its bytes (no dangling character, no
 *   stray bits); header and payload strict UTF-8 (no byte order mark) JSON objects within depth limits
 *   (`bounded-json.ts`). A member name that appears twice counts with its last value, as RFC 7515 4 and RFC 7519 4
 *   allow (JSON.parse): the bytes are signed, so only the issuer could write one, and nothing else parses them;
 * - `alg` exactly the allowed one (so never `none`, never HMAC with a public key as the secret);
 * - `crit` refused whatever it names (RFC 7515 4.1.11: we implement no extension, so a token that requires one must
 *   be rejected; an empty `crit` is malformed anyway);
 * - `jku`, `x5u`, `jwk`, `x5c` refused: keys come only from the configured JWKS (RFC 8725 3.10). Refusing rather than
 *   ignoring is the stricter choice and testable: no issuer of ours sets them, so a token that does is not one of ours,
 *   and no later change can start honouring a header it never sees;
 * - `kid` a non-empty string naming a key of the configured JWKS that fits the algorithm (`jwks-cache.ts`);
 * - the signature canonical base64url (one spelling per signature), 64 bytes for ES256 (r || s), verified with
 *   node:crypto before the payload is parsed. RS256: OpenSSL requires exactly the modulus length (RFC 8017 8.2.2
 *   step 1). ES256: both s and n - s verify (RFC 7518 3.4 does not ask for low S, and KMS does not normalise), so a
 *   plan token has two valid signatures; they carry the same claims, so anything that must see a token once keys on
 *   its `jti`, never on its bytes.
 * Validated headers are remembered by their exact segment (a bounded memo), since an issuer's header rarely changes.
 */
export interface StrictJwsOptions {
  readonly alg: JwsAlgorithm;
  readonly keys: { cached(kid: string): KeyObject | undefined; key(kid: string): Promise<KeyObject> };
  /** Longest compact token accepted, in characters. */
  readonly maxLength: number;
  /** If set, `typ` must be exactly this (RFC 8725 3.11 explicit typing). */
  readonly typ?: string;
  /** Deepest nesting of the claims set. */
  readonly maxPayloadDepth: number;
}

export interface VerifiedJws {
  readonly kid: string;
  readonly payload: Record<string, unknown>;
}

const HEADER_LIMITS = { maxLength: 2048, maxDepth: 2 };
const KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'];
const MAX_KID_LENGTH = 256;
const MEMO_LIMIT = 64;
/** Strict UTF-8, and a byte order mark kept (so JSON.parse refuses it) rather than silently dropped (RFC 8259 8.1). */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const B64URL_VALUE = (c: number): number => (c >= 97 ? c - 71 : c >= 65 ? c - 65 : c >= 48 ? c + 4 : c === 45 ? 62 : 63);

/**
 * Whether `text` (already known to be base64url characters) is the one canonical spelling of `bytes`: the shortest
 * length, and zero in the bits of the last character that carry no data. Equivalent to a re-encoding round trip,
 * without building the string.
 */
function canonicalB64url(text: string, bytes: Buffer): boolean {
  if (text.length !== Math.ceil((bytes.length * 4) / 3)) return false;
  const spare = bytes.length % 3 === 1 ? 0x0f : bytes.length % 3 === 2 ? 0x03 : 0;
  return (B64URL_VALUE(text.charCodeAt(text.length - 1)) & spare) === 0;
}

function decodeObject(segment: string, limits: { maxLength: number; maxDepth: number }, deepReason: 'MALFORMED_TOKEN' | 'NESTING_TOO_DEEP') {
  const bytes = Buffer.from(segment, 'base64url');
  // Buffer's decoder ignores a dangling character and stray bits: only the canonical spelling is a segment.
  if (!canonicalB64url(segment, bytes)) throw new JwtRejected('MALFORMED_TOKEN');
  try {
    return parseBoundedObject(utf8.decode(bytes), limits);
  } catch (error) {
    throw new JwtRejected(error instanceof JsonLimitError && error.reason === 'TOO_DEEP' ? deepReason : 'MALFORMED_TOKEN', { cause: error });
  }
}

/**
 * A verifier of compact tokens. It answers synchronously when the key is already cached (the common case: no promise,
 * no microtask) and with a promise when the key must be fetched; refusals are thrown (or rejected) as JwtRejected.
 */
export type StrictJwsVerifier = (token: unknown) => VerifiedJws | Promise<VerifiedJws>;

export function createStrictJwsVerifier(options: StrictJwsOptions): StrictJwsVerifier {
  const memo = new Map<string, string>();
  const signatureBytes = options.alg === 'ES256' ? 64 : undefined;

  const checkedKid = (segment: string): string => {
    const known = memo.get(segment);
    if (known !== undefined) return known;
    const header = decodeObject(segment, HEADER_LIMITS, 'MALFORMED_TOKEN');
    if (header.alg !== options.alg) throw new JwtRejected('ALG_NOT_ALLOWED');
    if ('crit' in header) throw new JwtRejected('CRIT_UNSUPPORTED');
    if (KEY_HEADERS.some((h) => h in header)) throw new JwtRejected('KEY_HEADER_REFUSED');
    if (options.typ !== undefined && header.typ !== options.typ) throw new JwtRejected('WRONG_TYP');
    const kid = header.kid;
    if (kid === undefined) throw new JwtRejected('UNKNOWN_KID');
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) throw new JwtRejected('MALFORMED_TOKEN');
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(segment, kid);
    return kid;
  };

  return (token) => {
    if (typeof token !== 'string' || token.length === 0) throw new JwtRejected('MALFORMED_TOKEN');
    if (token.length > options.maxLength) throw new JwtRejected('TOKEN_TOO_LARGE');
    if (!COMPACT_JWS.test(token)) throw new JwtRejected('MALFORMED_TOKEN');
    const first = token.indexOf('.');
    const last = token.lastIndexOf('.');
    const kid = checkedKid(token.slice(0, first));
    const signatureText = token.slice(last + 1);
    const signature = Buffer.from(signatureText, 'base64url');
    if ((signatureBytes !== undefined && signature.length !== signatureBytes) || !canonicalB64url(signatureText, signature)) {
      throw new JwtRejected('BAD_SIGNATURE');
    }
    const finish = (key: KeyObject): VerifiedJws => {
      const input = Buffer.from(token.slice(0, last), 'latin1');
      const valid = options.alg === 'ES256' ? verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature) : verify('sha256', input, key, signature);
      if (!valid) throw new JwtRejected('BAD_SIGNATURE');
      const payload = decodeObject(token.slice(first + 1, last), { maxLength: token.length, maxDepth: options.maxPayloadDepth }, 'NESTING_TOO_DEEP');
      return { kid, payload };
    };
    const cached = options.keys.cached(kid);
    return cached !== undefined ? finish(cached) : options.keys.key(kid).then(finish);
  };
}
