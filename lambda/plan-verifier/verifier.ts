import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { canonicalize, CanonicalizationError } from '../shared/canonical-json';
import { dataPlaneAudience, DIGEST_PATTERN, PLAN_TOKEN } from '../shared/plan-claims';

/** Why a plan was refused: typed, logged, never a crash. */
export type PlanRejectReason =
  | 'MALFORMED_TOKEN'
  | 'TOKEN_TOO_LARGE'
  | 'ALG_NOT_ALLOWED'
  | 'WRONG_TYP'
  | 'UNKNOWN_KID'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'ISSUED_IN_FUTURE'
  | 'LIFETIME_TOO_LONG'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'WRONG_SUBJECT'
  | 'MISSING_CLAIM'
  | 'BAD_DIGEST_ENCODING'
  | 'PLAN_MISMATCH'
  | 'PLAN_NOT_JSON'
  | 'JWKS_UNAVAILABLE'
  | 'INVALID';

export class PlanVerificationError extends Error {
  constructor(public readonly reason: PlanRejectReason, cause?: unknown) {
    super(`plan refused: ${reason}`, { cause });
    this.name = 'PlanVerificationError';
  }
}

export interface PlanVerifierOptions {
  /** The control plane's JWKS URL (from SSM at deploy). */
  readonly jwksUrl: string;
  /** The control plane's API endpoint: the only accepted `iss`. */
  readonly issuer: string;
  /** This data plane's tenant: `sub` must be it and `aud` its data-plane identifier. */
  readonly tenantId: string;
  /** @default 2000 */
  readonly jwksTimeoutMs?: number;
  /** At most one JWKS refetch per this many ms for an unknown kid. @default 30000 */
  readonly jwksCooldownMs?: number;
  /** @default 30 */
  readonly clockToleranceSeconds?: number;
}

export interface VerifiedPlan {
  readonly plan: unknown;
  readonly jti: string;
  readonly kid: string;
  readonly exp: number;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;

/**
 * The data plane's verifier, built once: jose checks the ES256 signature against the control plane's JWKS (fetched,
 * cached, refetched at most once per cooldown for an unknown kid), typ `plan+jwt`, iss, aud (exactly this tenant's
 * data plane: an array is refused), sub (this tenant), exp and iat; this module adds lifetime <= 300 s, the digest's
 * encoding, and a constant-time comparison of the digest with the canonical plan it was handed.
 */
export function createPlanVerifier(options: PlanVerifierOptions) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: options.jwksTimeoutMs ?? 2000,
    cooldownDuration: options.jwksCooldownMs ?? 30000,
  });
  const tolerance = options.clockToleranceSeconds ?? 30;
  const audience = dataPlaneAudience(options.tenantId);

  return async (token: string, plan: unknown): Promise<VerifiedPlan> => {
    if (typeof token !== 'string') {
      throw new PlanVerificationError('MALFORMED_TOKEN');
    }
    if (token.length > MAX_TOKEN_LENGTH) {
      throw new PlanVerificationError('TOKEN_TOO_LARGE');
    }
    if (!COMPACT_JWS.test(token)) {
      throw new PlanVerificationError('MALFORMED_TOKEN');
    }
    let payload: JWTPayload;
    let kid: string;
    try {
      const result = await jwtVerify(token, jwks, {
        algorithms: [PLAN_TOKEN.alg],
        typ: PLAN_TOKEN.typ,
        issuer: options.issuer,
        audience,
        subject: options.tenantId,
        clockTolerance: tolerance,
        maxTokenAge: PLAN_TOKEN.lifetimeSeconds + tolerance,
        requiredClaims: ['exp', 'iat', 'jti', PLAN_TOKEN.digestClaim],
      });
      payload = result.payload;
      kid = result.protectedHeader.kid ?? '';
    } catch (error) {
      throw new PlanVerificationError(reasonFor(error), error);
    }
    if (Array.isArray(payload.aud)) {
      throw new PlanVerificationError('WRONG_AUDIENCE');
    }
    if ((payload.exp as number) - (payload.iat as number) > PLAN_TOKEN.lifetimeSeconds) {
      throw new PlanVerificationError('LIFETIME_TOO_LONG');
    }
    const claimed = payload[PLAN_TOKEN.digestClaim];
    if (typeof claimed !== 'string' || !DIGEST_PATTERN.test(claimed)) {
      throw new PlanVerificationError('BAD_DIGEST_ENCODING');
    }
    let canonical: string;
    try {
      canonical = canonicalize(plan);
    } catch (error) {
      if (error instanceof CanonicalizationError) throw new PlanVerificationError('PLAN_NOT_JSON', error);
      throw error;
    }
    const actual = createHash('sha256').update(canonical, 'utf8').digest();
    if (!timingSafeEqual(actual, Buffer.from(claimed, 'base64url'))) {
      throw new PlanVerificationError('PLAN_MISMATCH');
    }
    return { plan, jti: payload.jti as string, kid, exp: payload.exp as number };
  };
}

function reasonFor(error: unknown): PlanRejectReason {
  if (error instanceof errors.JWTExpired) return 'EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'WRONG_ISSUER';
      case 'aud':
        return 'WRONG_AUDIENCE';
      case 'sub':
        return 'WRONG_SUBJECT';
      case 'nbf':
        return 'NOT_YET_VALID';
      case 'typ':
        return 'WRONG_TYP';
      case 'iat':
        return error.reason === 'check_failed' ? 'ISSUED_IN_FUTURE' : 'MISSING_CLAIM';
      default:
        return error.reason === 'missing' ? 'MISSING_CLAIM' : 'INVALID';
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'ALG_NOT_ALLOWED';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'UNKNOWN_KID';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'BAD_SIGNATURE';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'JWKS_UNAVAILABLE';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'MALFORMED_TOKEN';
  if (error instanceof errors.JOSEError) return /JSON Web Key Set/i.test(error.message) ? 'JWKS_UNAVAILABLE' : 'INVALID';
  // Not jose's own error: fetching or parsing the JWKS failed (refused, timed out, not 200, not JSON).
  return 'JWKS_UNAVAILABLE';
}
