/**
 * The registered claims (RFC 7519 4.1) as the shared layer judges them, as a pure function: exact issuer, audience as
 * a string or (if allowed) a bounded array of strings, NumericDates as any finite number, the 30 s tolerance at its
 * edges, the lifetime bound. Identity rules on prototype-named groups, checked through rolesFor.
 */
import { checkRegisteredClaims, ClaimRules } from '../../../lambda/shared/jwt-claims';
import { rolesFor } from '../../../lambda/admin-authorizer/permissions';

const NOW = 1_800_000_000;
const rules: ClaimRules = { issuer: 'https://idp.example.com/', audience: 'admin', audienceArray: true, toleranceSeconds: 30, maxLifetimeSeconds: 3600 };
const claims = (over: Record<string, unknown> = {}) => ({ iss: rules.issuer, aud: 'admin', iat: NOW, exp: NOW + 600, ...over });
const judge = (payload: Record<string, unknown>, r: ClaimRules = rules) => {
  try {
    checkRegisteredClaims(payload, r, NOW);
    return 'ok';
  } catch (error) {
    return (error as { reason: string }).reason;
  }
};

describe('iss and aud', () => {
  test.each([
    ['a trailing-slash variant', 'https://idp.example.com'],
    ['another case', 'https://IDP.example.com/'],
    ['an array holding it', ['https://idp.example.com/']],
    ['absent', undefined],
  ])('GIVEN iss %s THEN WRONG_ISSUER', (_, iss) => {
    expect(judge(claims({ iss }))).toBe('WRONG_ISSUER');
  });

  test.each([
    ['an array holding it', ['other', 'admin'], 'ok'],
    ['an empty array', [], 'WRONG_AUDIENCE'],
    ['an array with a non-string', ['admin', 1], 'WRONG_AUDIENCE'],
    ['an array of 17', [...Array(16).fill('x'), 'admin'], 'WRONG_AUDIENCE'],
    ['a nested array', [['admin']], 'WRONG_AUDIENCE'],
    ['another case', 'Admin', 'WRONG_AUDIENCE'],
    ['absent', undefined, 'WRONG_AUDIENCE'],
  ])('GIVEN aud %s THEN %s', (_, aud, expected) => {
    expect(judge(claims({ aud }))).toBe(expected);
  });

  test('GIVEN arrays not allowed (plan tokens) THEN an array holding the audience is WRONG_AUDIENCE', () => {
    expect(judge(claims({ aud: ['admin'] }), { ...rules, audienceArray: false })).toBe('WRONG_AUDIENCE');
  });
});

describe('NumericDate edges (tolerance 30 s)', () => {
  test.each([
    ['exp 30 s ago (at the tolerance)', { exp: NOW - 30 }, 'EXPIRED'],
    ['exp 29.999 s ago', { exp: NOW - 29.999 }, 'ok'],
    ['nbf 30 s ahead (at the tolerance)', { nbf: NOW + 30 }, 'ok'],
    ['nbf 30.001 s ahead', { nbf: NOW + 30.001 }, 'NOT_YET_VALID'],
    ['iat 30.001 s ahead', { iat: NOW + 30.001, exp: NOW + 600 }, 'ISSUED_IN_FUTURE'],
    ['a non-integer exp', { exp: NOW + 0.5 }, 'ok'],
    ['exp -0', { exp: -0 }, 'EXPIRED'],
    ['iat far in the past, exp ahead', { iat: -1e300 }, 'LIFETIME_TOO_LONG'],
    ['exp - iat exactly the limit', { iat: NOW - 100, exp: NOW - 100 + 3600 }, 'ok'],
    ['exp - iat one over', { iat: NOW - 100, exp: NOW - 99 + 3600 }, 'LIFETIME_TOO_LONG'],
    ['exp Infinity (1e400 once parsed)', { exp: Infinity }, 'MALFORMED_CLAIM'],
    ['exp NaN', { exp: NaN }, 'MALFORMED_CLAIM'],
    ['nbf -Infinity', { nbf: -Infinity }, 'MALFORMED_CLAIM'],
    ['exp a numeric string', { exp: String(NOW + 600) }, 'MALFORMED_CLAIM'],
    ['exp true', { exp: true }, 'MALFORMED_CLAIM'],
    ['exp absent', { exp: undefined }, 'MISSING_CLAIM'],
    ['iat absent', { iat: undefined }, 'MISSING_CLAIM'],
  ])('GIVEN %s THEN %s', (_, over, expected) => {
    expect(judge(claims(over))).toBe(expected);
  });
});

describe('groups named like Object.prototype members grant nothing', () => {
  test.each([['__proto__'], ['constructor'], ['toString'], ['hasOwnProperty'], ['valueOf']])('GIVEN group %s THEN no role', (group) => {
    expect(rolesFor([group])).toEqual([]);
    expect(rolesFor([group], 'platform-ci')).toEqual([]);
  });
});
