/**
 * What both token verifiers (the admin authorizer and the plan verifier) share: the compact-JWS shape, the reason
 * codes of the strict JOSE layer (`strict-jws.ts`, `jwks-cache.ts`, `jwt-claims.ts`) and the error they throw.
 */

/** A compact JWS: three base64url segments, nothing else (no padding, no whitespace). */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Why the shared layer refused a token. Logged as a code; only the plan verifier returns it to its caller. */
export type JwtReason =
  | 'MALFORMED_TOKEN'
  | 'TOKEN_TOO_LARGE'
  | 'ALG_NOT_ALLOWED'
  | 'WRONG_TYP'
  | 'CRIT_UNSUPPORTED'
  | 'KEY_HEADER_REFUSED'
  | 'UNKNOWN_KID'
  | 'JWKS_UNAVAILABLE'
  | 'BAD_SIGNATURE'
  | 'NESTING_TOO_DEEP'
  | 'MISSING_CLAIM'
  | 'MALFORMED_CLAIM'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'ISSUED_IN_FUTURE'
  | 'LIFETIME_TOO_LONG';

export class JwtRejected extends Error {
  constructor(public readonly reason: JwtReason, options?: ErrorOptions) {
    super(`token refused: ${reason}`, options);
    this.name = 'JwtRejected';
  }
}
