import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import { COMPACT_JWS, decodeJsonSegment, JwtLibraryReason, reasonForJwtError } from '../shared/jwt-verification';
import { TimeoutFetcher } from '../shared/timeout-fetcher';

/** Why a token was refused. Logged and counted; never returned to the caller. */
export type RejectReason =
  | JwtLibraryReason
  | 'MISSING_TOKEN'
  | 'TOKEN_TOO_LARGE'
  | 'ISSUED_IN_FUTURE'
  | 'LIFETIME_TOO_LONG'
  | 'MISSING_CLAIM'
  | 'EMAIL_NOT_VERIFIED'
  | 'BAD_GROUPS'
  | 'NO_ROLE';

export class TokenRejected extends Error {
  public readonly reason: RejectReason;

  constructor(reason: RejectReason, options?: ErrorOptions) {
    super(`token rejected: ${reason}`, options);
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
    checkShape(token);
    let payload: Record<string, unknown>;
    try {
      payload = (await verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      throw new TokenRejected(reasonForJwtError(error), { cause: error });
    }
    return identityFrom(payload);
  };
}

/** Present, within the size limit and a compact JWS with an RS256 header, before any signature work. */
function checkShape(token: string | undefined): asserts token is string {
  if (token === undefined || token.length === 0) {
    throw new TokenRejected('MISSING_TOKEN');
  }
  if (token.length > TOKEN_LIMITS.maxLength) {
    throw new TokenRejected('TOKEN_TOO_LARGE');
  }
  if (!COMPACT_JWS.test(token)) {
    throw new TokenRejected('MALFORMED_TOKEN');
  }
  const header = decodeJsonSegment(token.slice(0, token.indexOf('.')));
  if (header === undefined) {
    throw new TokenRejected('MALFORMED_TOKEN');
  }
  if (header.alg !== 'RS256') {
    throw new TokenRejected('ALG_NOT_ALLOWED');
  }
}

/** The platform's claims on a verified payload (lifetime, iat, required claims, email_verified, groups), as an identity. */
function identityFrom(payload: Record<string, unknown>): AdminIdentity {
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
}
