import { CanonicalizationError } from '../../../contracts/canonical-json';
import { TokenRejected } from '../../../lambda/admin-authorizer/verifier';
import { HeartbeatRejected, parseHeartbeat } from '../../../lambda/heartbeat-ingest/ingest';
import { createPlanSigner, PlanRejected } from '../../../lambda/plan-signer/signer';
import { PlanVerificationError } from '../../../lambda/plan-verifier/verifier';
import { SignatureEncodingError } from '../../../lambda/shared/der-jose';
import { ConfigurationError } from '../../../lambda/shared/env';
import { JwksFetchError } from '../../../lambda/shared/timeout-fetcher';
import { JsonLimitError } from '../../../lambda/shared/bounded-json';
import { JwtRejected } from '../../../lambda/shared/jwt-verification';
import { IdentityRefused } from '../../../lambda/admin-authorizer/identity-policy';

describe('typed errors: the class name as name, an optional ES2022 cause, messages unchanged', () => {
  const cause = new Error('root');
  test.each([
    ['ConfigurationError', ConfigurationError, (o?: ErrorOptions) => new ConfigurationError('x', o), 'x'],
    ['CanonicalizationError', CanonicalizationError, (o?: ErrorOptions) => new CanonicalizationError('x', o), 'canonical JSON: x'],
    ['SignatureEncodingError', SignatureEncodingError, (o?: ErrorOptions) => new SignatureEncodingError('x', o), 'signature encoding: x'],
    ['JwksFetchError', JwksFetchError, (o?: ErrorOptions) => new JwksFetchError('x', o), 'JWKS fetch: x'],
    ['TokenRejected', TokenRejected, (o?: ErrorOptions) => new TokenRejected('EXPIRED', o), 'token rejected: EXPIRED'],
    ['PlanRejected', PlanRejected, (o?: ErrorOptions) => new PlanRejected('PLAN_NOT_JSON', 'x', o), 'plan rejected: PLAN_NOT_JSON (x)'],
    ['PlanVerificationError', PlanVerificationError, (o?: ErrorOptions) => new PlanVerificationError('PLAN_MISMATCH', o), 'plan refused: PLAN_MISMATCH'],
    ['HeartbeatRejected', HeartbeatRejected, (o?: ErrorOptions) => new HeartbeatRejected('REPLAY', o), 'heartbeat rejected: REPLAY'],
    ['JsonLimitError', JsonLimitError, (o?: ErrorOptions) => new JsonLimitError('TOO_DEEP', o), 'bounded JSON: TOO_DEEP'],
    ['JwtRejected', JwtRejected, (o?: ErrorOptions) => new JwtRejected('CRIT_UNSUPPORTED', o), 'token refused: CRIT_UNSUPPORTED'],
    ['IdentityRefused', IdentityRefused, (o?: ErrorOptions) => new IdentityRefused('MFA_REQUIRED', o), 'identity refused: MFA_REQUIRED'],
  ] as const)('%s', (name, type, make, message) => {
    const withCause = make({ cause });
    expect(withCause).toBeInstanceOf(type);
    expect(withCause).toBeInstanceOf(Error);
    expect(withCause.name).toBe(name);
    expect(withCause.message).toBe(message);
    expect(withCause.cause).toBe(cause);
    expect(make().cause).toBeUndefined();
    expect('cause' in make()).toBe(false);
  });
});

describe('an error caught and rethrown as a typed one keeps the original as cause', () => {
  test('GIVEN a heartbeat body that is not JSON THEN HeartbeatRejected NOT_JSON caused by the bounded parser, caused by the SyntaxError', () => {
    expect(() => parseHeartbeat('{"tenantId":')).toThrow(
      expect.objectContaining({ reason: 'NOT_JSON', cause: expect.objectContaining({ name: 'JsonLimitError', reason: 'NOT_JSON', cause: expect.any(SyntaxError) }) }),
    );
  });

  test('GIVEN a plan canonical JSON refuses THEN PlanRejected PLAN_NOT_JSON caused by the CanonicalizationError, before any KMS call', async () => {
    const sign = createPlanSigner({ kms: {} as never, keyId: 'k', issuer: 'https://api.example.com/', tenants: new Set(['acme']) });
    await expect(sign('acme', { n: Infinity })).rejects.toMatchObject({ reason: 'PLAN_NOT_JSON', cause: expect.any(CanonicalizationError) });
  });
});
