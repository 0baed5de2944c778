import { createHash, timingSafeEqual } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import { COMPACT_JWS, decodeJsonSegment, JwtLibraryReason, reasonForJwtError } from '../shared/jwt-verification';
import { TimeoutFetcher } from '../shared/timeout-fetcher';
import { canonicalize, CanonicalizationError } from '../../contracts/canonical-json';
import { dataPlaneAudience, DIGEST_PATTERN, PLAN_TOKEN } from '../../contracts/plan-token';

/** Why a plan was refused: typed, logged, never a crash. */
export type PlanRejectReason =
  | JwtLibraryReason
  | 'TOKEN_TOO_LARGE'
  | 'WRONG_TYP'
  | 'ISSUED_IN_FUTURE'
  | 'LIFETIME_TOO_LONG'
  | 'WRONG_SUBJECT'
  | 'MISSING_CLAIM'
  | 'BAD_DIGEST_ENCODING'
  | 'PLAN_MISMATCH'
  | 'PLAN_NOT_JSON';

export class PlanVerificationError extends Error {
  constructor(public readonly reason: PlanRejectReason, options?: ErrorOptions) {
    super(`plan refused: ${reason}`, options);
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
  /** After a fetch for an unknown kid, wait this many seconds before fetching again. @default 30 */
  readonly jwksCooldownSeconds?: number;
  /** @default 30 */
  readonly clockToleranceSeconds?: number;
}

export interface VerifiedPlan {
  readonly plan: unknown;
  readonly jti: string;
  readonly kid: string;
  readonly exp: number;
}

const MAX_TOKEN_LENGTH = 4096;

/**
 * The data plane's verifier, built once. aws-jwt-verify checks the ES256 signature on node:crypto against the control
 * plane's JWKS (cached; its penalty box allows one refetch per cooldown for an unknown kid; each fetch bounded by a
 * timeout), and iss, aud and exp/nbf. This module adds what the plan contract requires: the header is ES256 with typ
 * plan+jwt, aud is exactly this tenant's data plane (an array is refused), sub is this tenant, exp, iat, jti and the
 * digest are present, iat is not in the future, lifetime <= 300 s, the digest is base64url, and it matches the
 * canonical plan it was handed (constant-time comparison).
 */
export function createPlanVerifier(options: PlanVerifierOptions) {
  const tolerance = options.clockToleranceSeconds ?? 30;
  const verifier = JwtVerifier.create(
    { issuer: options.issuer, audience: dataPlaneAudience(options.tenantId), jwksUri: options.jwksUrl, graceSeconds: tolerance },
    {
      jwksCache: new SimpleJwksCache({
        fetcher: new TimeoutFetcher(options.jwksTimeoutMs ?? 2000),
        penaltyBox: new SimplePenaltyBox({ waitSeconds: options.jwksCooldownSeconds ?? 30 }),
      }),
    },
  );

  return async (token: string, plan: unknown): Promise<VerifiedPlan> => {
    const header = checkedHeader(token);
    let payload: Record<string, unknown>;
    try {
      payload = (await verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      throw new PlanVerificationError(reasonForJwtError(error), { cause: error });
    }
    const claims = checkedClaims(payload, options.tenantId, tolerance);
    checkPlanMatchesDigest(plan, claims.digest);
    return { plan, jti: claims.jti, kid: typeof header.kid === 'string' ? header.kid : '', exp: claims.exp };
  };
}

/** Size and shape before any decoding, then the header (ES256, typ plan+jwt) and the signature's length. */
function checkedHeader(token: string): Record<string, unknown> {
  if (typeof token !== 'string') {
    throw new PlanVerificationError('MALFORMED_TOKEN');
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new PlanVerificationError('TOKEN_TOO_LARGE');
  }
  if (!COMPACT_JWS.test(token)) {
    throw new PlanVerificationError('MALFORMED_TOKEN');
  }
  const header = decodeJsonSegment(token.slice(0, token.indexOf('.')));
  if (!header) {
    throw new PlanVerificationError('MALFORMED_TOKEN');
  }
  if (header.alg !== PLAN_TOKEN.alg) {
    throw new PlanVerificationError('ALG_NOT_ALLOWED');
  }
  if (header.typ !== PLAN_TOKEN.typ) {
    throw new PlanVerificationError('WRONG_TYP');
  }
  // ES256 signatures are exactly 64 bytes (r || s); a DER signature or a truncated one never reaches the crypto.
  if (Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url').length !== 64) {
    throw new PlanVerificationError('BAD_SIGNATURE');
  }
  return header;
}

/** The plan contract's claims beyond aws-jwt-verify's: one aud, this sub, required claims, iat, lifetime, digest form. */
function checkedClaims(payload: Record<string, unknown>, tenantId: string, tolerance: number): { jti: string; exp: number; digest: string } {
  if (Array.isArray(payload.aud)) {
    throw new PlanVerificationError('WRONG_AUDIENCE');
  }
  if (payload.sub !== tenantId) {
    throw new PlanVerificationError(typeof payload.sub === 'string' ? 'WRONG_SUBJECT' : 'MISSING_CLAIM');
  }
  const iat = payload.iat;
  const exp = payload.exp;
  if (typeof iat !== 'number' || typeof exp !== 'number' || typeof payload.jti !== 'string' || !(PLAN_TOKEN.digestClaim in payload)) {
    throw new PlanVerificationError('MISSING_CLAIM');
  }
  if (iat > Math.floor(Date.now() / 1000) + tolerance) {
    throw new PlanVerificationError('ISSUED_IN_FUTURE');
  }
  if (exp - iat > PLAN_TOKEN.lifetimeSeconds) {
    throw new PlanVerificationError('LIFETIME_TOO_LONG');
  }
  const claimed = payload[PLAN_TOKEN.digestClaim];
  if (typeof claimed !== 'string' || !DIGEST_PATTERN.test(claimed)) {
    throw new PlanVerificationError('BAD_DIGEST_ENCODING');
  }
  return { jti: payload.jti, exp, digest: claimed };
}

/** The SHA-256 of the plan's canonical JSON must equal the signed digest (constant-time comparison). */
function checkPlanMatchesDigest(plan: unknown, digest: string): void {
  let canonical: string;
  try {
    canonical = canonicalize(plan);
  } catch (error) {
    if (error instanceof CanonicalizationError) throw new PlanVerificationError('PLAN_NOT_JSON', { cause: error });
    throw error;
  }
  const actual = createHash('sha256').update(canonical, 'utf8').digest();
  if (!timingSafeEqual(actual, Buffer.from(digest, 'base64url'))) {
    throw new PlanVerificationError('PLAN_MISMATCH');
  }
}
