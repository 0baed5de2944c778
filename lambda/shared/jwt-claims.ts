import { JwtRejected } from './jwt-verification';

/**
 * The registered claims both verifiers judge (RFC 7519 4.1), without any Date arithmetic that could throw: a
 * NumericDate is any finite JSON number, so `exp: -1e300` is simply long expired, `nbf: 1e300` not yet valid and
 * `exp: 1e300` far too long-lived; a date claim that is not a finite number (a string, null, `1e400` which parses to
 * Infinity) is MALFORMED_CLAIM; a required one that is absent is MISSING_CLAIM.
 */
export interface ClaimRules {
  readonly issuer: string;
  readonly audience: string;
  /** Accept an `aud` array that contains the audience (RFC 7519 4.1.3); otherwise `aud` must be the one string. */
  readonly audienceArray: boolean;
  readonly toleranceSeconds: number;
  readonly maxLifetimeSeconds: number;
}

export interface TokenTimes {
  readonly iat: number;
  readonly exp: number;
}

/** A NumericDate claim: undefined if absent; JwtRejected MALFORMED_CLAIM if present and not a finite number. */
export function numericDate(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new JwtRejected('MALFORMED_CLAIM');
  return value;
}

function checkAudience(aud: unknown, rules: ClaimRules): void {
  if (aud === rules.audience) return;
  if (rules.audienceArray && Array.isArray(aud) && aud.length <= 16 && aud.every((a) => typeof a === 'string') && aud.includes(rules.audience)) return;
  throw new JwtRejected('WRONG_AUDIENCE');
}

/** iss, aud, then exp, nbf, iat and the lifetime, at `nowSeconds`. */
export function checkRegisteredClaims(payload: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): TokenTimes {
  if (payload.iss !== rules.issuer) throw new JwtRejected('WRONG_ISSUER');
  checkAudience(payload.aud, rules);
  const exp = numericDate(payload, 'exp');
  const iat = numericDate(payload, 'iat');
  const nbf = numericDate(payload, 'nbf');
  if (exp === undefined || iat === undefined) throw new JwtRejected('MISSING_CLAIM');
  const tolerance = rules.toleranceSeconds;
  if (nowSeconds >= exp + tolerance) throw new JwtRejected('EXPIRED');
  if (nbf !== undefined && nowSeconds < nbf - tolerance) throw new JwtRejected('NOT_YET_VALID');
  if (iat > nowSeconds + tolerance) throw new JwtRejected('ISSUED_IN_FUTURE');
  if (exp - iat > rules.maxLifetimeSeconds) throw new JwtRejected('LIFETIME_TOO_LONG');
  return { iat, exp };
}
