import { JwtRsaVerifier } from 'aws-jwt-verify';
import * as errors from 'aws-jwt-verify/error';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import { JwksFetchError, TimeoutFetcher } from '../shared/timeout-fetcher';

/** Why a token was refused. Logged and counted; never returned to the caller. */
export type RejectReason =
  | 'MISSING_TOKEN'
  | 'TOKEN_TOO_LARGE'
  | 'MALFORMED_TOKEN'
  | 'ALG_NOT_ALLOWED'
  | 'UNKNOWN_KID'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'ISSUED_IN_FUTURE'
  | 'LIFETIME_TOO_LONG'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'MISSING_CLAIM'
  | 'EMAIL_NOT_VERIFIED'
  | 'BAD_GROUPS'
  | 'NO_ROLE'
  | 'JWKS_UNAVAILABLE'
  | 'INVALID';

export class TokenRejected extends Error {
  public readonly reason: RejectReason;

  constructor(reason: RejectReason, cause?: unknown) {
    super(`token rejected: ${reason}`, { cause });
    this.name = 'TokenRejected';
    this.reason = reason;
  }
}

/** The identity a valid admin token carries. */
export interface AdminIdentity {
  readonly sub: string;
  readonly email: string;
  readonly groups: readonly string[];
}

/** Limits from the platform's security documents. */
export const TOKEN_LIMITS = {
  /** Bytes of the compact token; larger ones are refused before any decoding. */
  maxLength: 8192,
  /** exp - iat, seconds. */
  maxLifetimeSeconds: 3600,
  clockToleranceSeconds: 30,
} as const;

export interface VerifierOptions {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** Abort a JWKS fetch after this many milliseconds. @default 2000 */
  readonly jwksTimeoutMs?: number;
  /** After a fetch for an unknown `kid`, wait this long before fetching again. @default 30 */
  readonly jwksCooldownSeconds?: number;
}

/** A compact JWS: three base64url segments, nothing else (no padding, no whitespace). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type AdminTokenVerifier = (token: string | undefined) => Promise<AdminIdentity>;

/**
 * Builds the verifier once, outside the handler. Signature and standard claims (iss, aud, exp, nbf) are checked by
 * aws-jwt-verify on node:crypto; its JWKS cache keeps keys across invocations and its penalty box allows at most one
 * fetch per cooldown for unknown kids; every fetch is bounded by a timeout. This module adds only what the platform
 * requires on top: size and shape before any decoding, RS256 only, the required claims, email_verified true, groups an
 * array of strings, lifetime <= 1 hour, iat not in the future.
 */
export function createAdminTokenVerifier(options: VerifierOptions): AdminTokenVerifier {
  const verifier = JwtRsaVerifier.create(
    { issuer: options.issuer, audience: options.audience, jwksUri: options.jwksUrl, graceSeconds: TOKEN_LIMITS.clockToleranceSeconds },
    {
      jwksCache: new SimpleJwksCache({
        fetcher: new TimeoutFetcher(options.jwksTimeoutMs ?? 2000),
        penaltyBox: new SimplePenaltyBox({ waitSeconds: options.jwksCooldownSeconds ?? 30 }),
      }),
    },
  );

  return async (token) => {
    if (token === undefined || token.length === 0) {
      throw new TokenRejected('MISSING_TOKEN');
    }
    if (token.length > TOKEN_LIMITS.maxLength) {
      throw new TokenRejected('TOKEN_TOO_LARGE');
    }
    if (!COMPACT_JWS.test(token)) {
      throw new TokenRejected('MALFORMED_TOKEN');
    }
    const header = decodeSegment(token.slice(0, token.indexOf('.')));
    if (header === undefined) {
      throw new TokenRejected('MALFORMED_TOKEN');
    }
    if (header.alg !== 'RS256') {
      throw new TokenRejected('ALG_NOT_ALLOWED');
    }
    let payload: Record<string, unknown>;
    try {
      payload = (await verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      throw new TokenRejected(reasonFor(error), error);
    }
    for (const claim of ['exp', 'iat'] as const) {
      if (typeof payload[claim] !== 'number') {
        throw new TokenRejected('MISSING_CLAIM');
      }
    }
    const nowSeconds = Math.floor(Date.now() / 1000);
    const iat = payload.iat as number;
    const exp = payload.exp as number;
    if (iat > nowSeconds + TOKEN_LIMITS.clockToleranceSeconds) {
      throw new TokenRejected('ISSUED_IN_FUTURE');
    }
    if (exp - iat > TOKEN_LIMITS.maxLifetimeSeconds) {
      throw new TokenRejected('LIFETIME_TOO_LONG');
    }
    if (typeof payload.sub !== 'string' || payload.sub === '' || typeof payload.email !== 'string' || !('email_verified' in payload) || !('user_groups' in payload)) {
      throw new TokenRejected('MISSING_CLAIM');
    }
    if (payload.email_verified !== true) {
      throw new TokenRejected('EMAIL_NOT_VERIFIED');
    }
    const groups = payload.user_groups;
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) {
      throw new TokenRejected('BAD_GROUPS');
    }
    return { sub: payload.sub, email: payload.email, groups: groups as string[] };
  };
}

/** Decodes a base64url JSON object segment (the header), or undefined if it is not one. */
function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function reasonFor(error: unknown): RejectReason {
  if (error instanceof errors.JwtExpiredError) return 'EXPIRED';
  if (error instanceof errors.JwtNotBeforeError) return 'NOT_YET_VALID';
  if (error instanceof errors.JwtInvalidIssuerError) return 'WRONG_ISSUER';
  if (error instanceof errors.JwtInvalidAudienceError) return 'WRONG_AUDIENCE';
  if (error instanceof errors.JwtInvalidSignatureAlgorithmError) return 'ALG_NOT_ALLOWED';
  if (error instanceof errors.JwtInvalidSignatureError) return 'BAD_SIGNATURE';
  if (error instanceof errors.KidNotFoundInJwksError || error instanceof errors.WaitPeriodNotYetEndedJwkError || error instanceof errors.JwtWithoutValidKidError) {
    return 'UNKNOWN_KID';
  }
  if (error instanceof errors.JwtParseError) return 'MALFORMED_TOKEN';
  if (error instanceof errors.JwtInvalidClaimError) return 'INVALID';
  if (isJwksFailure(error)) return 'JWKS_UNAVAILABLE';
  return 'INVALID';
}

/** Fetching or parsing the key set failed: refused, timed out, not 200, too large, not JSON, not a key set. */
function isJwksFailure(error: unknown): boolean {
  return (
    error instanceof JwksFetchError ||
    error instanceof errors.FetchError ||
    error instanceof errors.JwksValidationError ||
    error instanceof errors.JwksNotAvailableInCacheError ||
    (typeof error === 'object' && error !== null && (error as Error).name === 'SyntaxError')
  );
}
