import * as errors from 'aws-jwt-verify/error';
import { JwksFetchError } from './timeout-fetcher';

/** A compact JWS: three base64url segments, nothing else (no padding, no whitespace). */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Why aws-jwt-verify refused a token, as a reason code both verifiers share. */
export type JwtLibraryReason =
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'ALG_NOT_ALLOWED'
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KID'
  | 'MALFORMED_TOKEN'
  | 'JWKS_UNAVAILABLE'
  | 'INVALID';

/** Decodes a base64url JSON object segment (a JWS header), or undefined if it is not one. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps an error thrown by aws-jwt-verify (or by the JWKS fetch under it) to a reason code. */
export function reasonForJwtError(error: unknown): JwtLibraryReason {
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
