import { createHash, timingSafeEqual } from 'node:crypto';
import { valueWithin } from '../shared/bounded-json';
import { remoteKeys } from '../shared/jwks-cache';
import { checkRegisteredClaims } from '../shared/jwt-claims';
import { JwtReason, JwtRejected } from '../shared/jwt-verification';
import { createStrictJwsVerifier } from '../shared/strict-jws';
import { canonicalize, CanonicalizationError } from '../../contracts/canonical-json';
import { dataPlaneAudience, DIGEST_PATTERN, PLAN_TOKEN } from '../../contracts/plan-token';

/** Why a plan was refused: typed, logged, returned to the tenant's runtime (the only caller), never a crash. */
export type PlanRejectReason = JwtReason | 'WRONG_SUBJECT' | 'BAD_DIGEST_ENCODING' | 'PLAN_MISMATCH' | 'PLAN_NOT_JSON' | 'PLAN_TOO_DEEP';

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
  /** Least seconds between two JWKS fetches (an unknown kid, or a failed fetch). @default 30 */
  readonly jwksCooldownSeconds?: number;
  /** Seconds a fetched JWKS is trusted; a key removed from it is refused within this. @default 300 */
  readonly jwksMaxAgeSeconds?: number;
  /** @default 30 */
  readonly clockToleranceSeconds?: number;
}

export interface VerifiedPlan {
  readonly plan: unknown;
  readonly jti: string;
  readonly kid: string;
  readonly exp: number;
}

export const PLAN_LIMITS = {
  /** Characters of the compact token. */
  maxTokenLength: 4096,
  /** Nesting of the token's claims (flat by contract). */
  maxClaimsDepth: 4,
  /** Nesting and size of the plan value handed over with the token, checked before canonicalisation walks it. */
  maxPlanDepth: PLAN_TOKEN.maxPlanDepth,
  maxPlanNodes: 100_000,
} as const;

/**
 * The data plane's verifier, built once. The strict JOSE layer (`lambda/shared/strict-jws.ts`) checks the ES256
 * signature against the control plane's JWKS (P-256 keys only, trusted for at most the max age, refetched at most once
 * per cooldown) and the header (alg ES256, typ plan+jwt, no crit, no key headers); `jwt-claims.ts` checks iss, aud (one
 * string: this tenant's data plane), exp, nbf, iat and the 300 s lifetime. This module adds the plan contract: sub is
 * this tenant, jti and the digest present, the digest base64url and equal (constant time) to the canonical plan.
 */
export function createPlanVerifier(options: PlanVerifierOptions) {
  const tolerance = options.clockToleranceSeconds ?? 30;
  const keys = remoteKeys({ url: options.jwksUrl, alg: 'ES256', timeoutMs: options.jwksTimeoutMs, maxAgeSeconds: options.jwksMaxAgeSeconds, cooldownSeconds: options.jwksCooldownSeconds });
  const verifyJws = createStrictJwsVerifier({ alg: 'ES256', typ: PLAN_TOKEN.typ, keys, maxLength: PLAN_LIMITS.maxTokenLength, maxPayloadDepth: PLAN_LIMITS.maxClaimsDepth });
  const rules = { issuer: options.issuer, audience: dataPlaneAudience(options.tenantId), audienceArray: false, toleranceSeconds: tolerance, maxLifetimeSeconds: PLAN_TOKEN.lifetimeSeconds };

  return async (token: string, plan: unknown): Promise<VerifiedPlan> => {
    try {
      const { kid, payload } = await verifyJws(token);
      const { exp } = checkRegisteredClaims(payload, rules, Date.now() / 1000);
      const { jti, digest } = planClaims(payload, options.tenantId);
      checkPlanMatchesDigest(plan, digest);
      return { plan, jti, kid, exp };
    } catch (error) {
      if (error instanceof JwtRejected) throw new PlanVerificationError(error.reason, { cause: error });
      throw error;
    }
  };
}

/** The plan contract's claims beyond the registered ones: this sub, a jti, a base64url digest. */
function planClaims(payload: Record<string, unknown>, tenantId: string): { jti: string; digest: string } {
  if (payload.sub !== tenantId) {
    throw new PlanVerificationError(typeof payload.sub === 'string' ? 'WRONG_SUBJECT' : 'MISSING_CLAIM');
  }
  if (typeof payload.jti !== 'string' || !(PLAN_TOKEN.digestClaim in payload)) {
    throw new PlanVerificationError('MISSING_CLAIM');
  }
  const claimed = payload[PLAN_TOKEN.digestClaim];
  if (typeof claimed !== 'string' || !DIGEST_PATTERN.test(claimed)) {
    throw new PlanVerificationError('BAD_DIGEST_ENCODING');
  }
  return { jti: payload.jti, digest: claimed };
}

/** The SHA-256 of the plan's canonical JSON must equal the signed digest (constant-time comparison). */
function checkPlanMatchesDigest(plan: unknown, digest: string): void {
  if (!valueWithin(plan, PLAN_LIMITS.maxPlanDepth, PLAN_LIMITS.maxPlanNodes)) {
    throw new PlanVerificationError('PLAN_TOO_DEEP');
  }
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
