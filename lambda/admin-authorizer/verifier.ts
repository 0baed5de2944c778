import { ConfigurationError } from '../shared/env';
import { remoteKeys } from '../shared/jwks-cache';
import { checkRegisteredClaims } from '../shared/jwt-claims';
import { JwtReason, JwtRejected } from '../shared/jwt-verification';
import { createStrictJwsVerifier, VerifiedJws } from '../shared/strict-jws';
import { AdminIdentity, identityFrom, IdentityReason, IdentityRefused } from './identity-policy';
import { GROUP_ROLES } from './permissions';

export type { AdminIdentity } from './identity-policy';

/** Why a token was refused. Logged and counted; never returned to the caller. */
export type RejectReason = JwtReason | IdentityReason | 'MISSING_TOKEN' | 'NO_ROLE';

export class TokenRejected extends Error {
  public readonly reason: RejectReason;

  constructor(reason: RejectReason, options?: ErrorOptions) {
    super(`token rejected: ${reason}`, options);
    this.name = 'TokenRejected';
    this.reason = reason;
  }
}

/** Limits from the platform's security documents. */
export const TOKEN_LIMITS = {
  /** Bytes of the compact token; larger ones are refused before any decoding. */
  maxLength: 8192,
  /** exp - iat, seconds, unless configured otherwise. */
  maxLifetimeSeconds: 3600,
  /** now - auth_time, seconds, unless configured otherwise. */
  maxAuthAgeSeconds: 43_200,
  clockToleranceSeconds: 30,
  /** Nesting of the claims set (an IdP's `address` claim is 2 deep). */
  maxClaimsDepth: 8,
} as const;

export interface VerifierOptions {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** Abort a JWKS fetch after this many milliseconds. @default 2000 */
  readonly jwksTimeoutMs?: number;
  /** Least seconds between two JWKS fetches (an unknown kid, or a failed fetch). @default 30 */
  readonly jwksCooldownSeconds?: number;
  /** Seconds a fetched JWKS is trusted; a key the provider removes is refused within this. @default 300 */
  readonly jwksMaxAgeSeconds?: number;
  /** Human roles need a second factor in `amr` (RFC 8176). @default true */
  readonly requireMfa?: boolean;
  /** E-mail domains allowed for human roles, matched exactly and case-insensitively. @default - any domain */
  readonly allowedEmailDomains?: readonly string[];
  /** exp - iat at most this. @default 3600 */
  readonly maxTokenLifetimeSeconds?: number;
  /** now - auth_time at most this for human roles. @default 43200 (12 h) */
  readonly maxAuthAgeSeconds?: number;
  /** The provider group that grants the read-only `ci-cd` role. @default - no group does */
  readonly ciCdGroup?: string;
}

export type AdminTokenVerifier = (token: string | undefined) => Promise<AdminIdentity>;

/**
 * Builds the verifier once, outside the handler. The strict JOSE layer (`lambda/shared/strict-jws.ts`) checks size,
 * shape, the header (RS256 only, no crit, no key headers), the key (RSA >= 2048 bits from the provider's JWKS, trusted
 * for at most the max age, refetched at most once per cooldown) and the signature; `jwt-claims.ts` checks iss, aud,
 * exp, nbf, iat and the lifetime; `identity-policy.ts` the claims an administrator needs (e-mail, MFA, auth age, roles).
 */
export function createAdminTokenVerifier(options: VerifierOptions): AdminTokenVerifier {
  if (options.ciCdGroup !== undefined && Object.hasOwn(GROUP_ROLES, options.ciCdGroup)) {
    throw new ConfigurationError(`admin authorizer: 'ciCdGroup' must not name a group that already grants a role, got ${options.ciCdGroup}`);
  }
  const keys = remoteKeys({ url: options.jwksUrl, alg: 'RS256', timeoutMs: options.jwksTimeoutMs, maxAgeSeconds: options.jwksMaxAgeSeconds, cooldownSeconds: options.jwksCooldownSeconds });
  const verifyJws = createStrictJwsVerifier({ alg: 'RS256', keys, maxLength: TOKEN_LIMITS.maxLength, maxPayloadDepth: TOKEN_LIMITS.maxClaimsDepth });
  const tolerance = TOKEN_LIMITS.clockToleranceSeconds;
  const rules = {
    issuer: options.issuer,
    audience: options.audience,
    audienceArray: true,
    toleranceSeconds: tolerance,
    maxLifetimeSeconds: options.maxTokenLifetimeSeconds ?? TOKEN_LIMITS.maxLifetimeSeconds,
  };
  const policy = {
    requireMfa: options.requireMfa ?? true,
    allowedEmailDomains: new Set((options.allowedEmailDomains ?? []).map((d) => d.toLowerCase())),
    maxAuthAgeSeconds: options.maxAuthAgeSeconds ?? TOKEN_LIMITS.maxAuthAgeSeconds,
    ciCdGroup: options.ciCdGroup,
    toleranceSeconds: tolerance,
  };

  const rejected = (error: unknown): never => {
    throw toTokenRejected(error);
  };
  const identity = ({ payload }: VerifiedJws): AdminIdentity => {
    const nowSeconds = Date.now() / 1000;
    checkRegisteredClaims(payload, rules, nowSeconds);
    return identityFrom(payload, policy, nowSeconds);
  };
  // No async function here: with the key cached, the token is checked synchronously and one settled promise returned.
  return (token) => {
    try {
      if (token === undefined || token.length === 0) throw new TokenRejected('MISSING_TOKEN');
      const verified = verifyJws(token);
      return verified instanceof Promise ? verified.then(identity).catch(rejected) : Promise.resolve(identity(verified));
    } catch (error) {
      return Promise.reject(error instanceof TokenRejected ? error : toTokenRejected(error));
    }
  };
}

/** A refusal of the JOSE layer or of the identity policy as the authorizer's TokenRejected; anything else unchanged. */
function toTokenRejected(error: unknown): unknown {
  return error instanceof JwtRejected || error instanceof IdentityRefused ? new TokenRejected(error.reason, { cause: error }) : error;
}
