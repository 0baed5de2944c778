import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';

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
  /** At most one JWKS fetch per this many milliseconds when an unknown `kid` arrives. @default 30000 */
  readonly jwksCooldownMs?: number;
  /** Keep a fetched JWKS this long before refreshing it. @default 600000 */
  readonly jwksCacheMaxAgeMs?: number;
  /** For tests: the clock. @default Date.now */
  readonly now?: () => number;
}

/** A compact JWS: three base64url segments, nothing else (no padding, no whitespace). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub', 'email', 'email_verified', 'user_groups'] as const;

export type AdminTokenVerifier = (token: string | undefined) => Promise<AdminIdentity>;

/**
 * Builds the verifier once, outside the handler: the JWKS is fetched lazily, cached across invocations, refetched at
 * most once per cooldown when a token names an unknown key, and each fetch is bounded by a timeout. Signature checks
 * are jose's; this module only adds what the platform requires on top (size and shape first, RS256 only, required
 * claims, email_verified true, groups an array of strings, lifetime <= 1 hour, iat not in the future).
 */
export function createAdminTokenVerifier(options: VerifierOptions): AdminTokenVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: options.jwksTimeoutMs ?? 2000,
    cooldownDuration: options.jwksCooldownMs ?? 30000,
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600000,
  });
  const now = options.now ?? Date.now;

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
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: TOKEN_LIMITS.clockToleranceSeconds,
        maxTokenAge: TOKEN_LIMITS.maxLifetimeSeconds + TOKEN_LIMITS.clockToleranceSeconds,
        requiredClaims: [...REQUIRED_CLAIMS],
        currentDate: new Date(now()),
      }));
    } catch (error) {
      throw new TokenRejected(reasonFor(error), error);
    }
    const nowSeconds = Math.floor(now() / 1000);
    const iat = payload.iat as number;
    const exp = payload.exp as number;
    if (iat > nowSeconds + TOKEN_LIMITS.clockToleranceSeconds) {
      throw new TokenRejected('ISSUED_IN_FUTURE');
    }
    if (exp - iat > TOKEN_LIMITS.maxLifetimeSeconds) {
      throw new TokenRejected('LIFETIME_TOO_LONG');
    }
    if (payload.email_verified !== true) {
      throw new TokenRejected('EMAIL_NOT_VERIFIED');
    }
    const groups = payload.user_groups;
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) {
      throw new TokenRejected('BAD_GROUPS');
    }
    if (typeof payload.sub !== 'string' || payload.sub === '' || typeof payload.email !== 'string') {
      throw new TokenRejected('MISSING_CLAIM');
    }
    return { sub: payload.sub, email: payload.email, groups: groups as string[] };
  };
}

function reasonFor(error: unknown): RejectReason {
  if (error instanceof errors.JWTExpired) {
    return 'EXPIRED';
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'WRONG_ISSUER';
      case 'aud':
        return 'WRONG_AUDIENCE';
      case 'nbf':
        return 'NOT_YET_VALID';
      case 'iat':
        return error.reason === 'check_failed' ? 'ISSUED_IN_FUTURE' : 'MISSING_CLAIM';
      default:
        return error.reason === 'missing' ? 'MISSING_CLAIM' : 'INVALID';
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'ALG_NOT_ALLOWED';
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'UNKNOWN_KID';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'BAD_SIGNATURE';
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return 'JWKS_UNAVAILABLE';
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return 'MALFORMED_TOKEN';
  }
  if (error instanceof errors.JOSEError) {
    // jose reports a non-200 or unparsable JWKS response as a generic error naming the key set.
    return /JSON Web Key Set/i.test(error.message) ? 'JWKS_UNAVAILABLE' : 'INVALID';
  }
  // Not jose's own error: it came from fetching or parsing the JWKS (connection refused, DNS, TLS, bad JSON).
  return 'JWKS_UNAVAILABLE';
}
