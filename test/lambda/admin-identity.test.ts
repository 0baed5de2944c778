/**
 * Admin identity controls (SOC 2 CC6.1, issue 16): a second factor (RFC 8176 amr), allowed e-mail domains, a maximum
 * token lifetime, a maximum authentication age, and the ci-cd role. Tokens are signed with real RSA keys and verified
 * against a real JWKS server on loopback.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { createHandler, UNAUTHORIZED } from '../../lambda/admin-authorizer/handler';
import { ROLE_ROUTES } from '../../lambda/admin-authorizer/permissions';
import { createAdminTokenVerifier, VerifierOptions } from '../../lambda/admin-authorizer/verifier';
import { JwksServer } from '../helpers/jwks-server';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'control-plane-admin';
const STAGE_ARN = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod';
const CI_GROUP = 'platform-ci';
const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function token(over: Record<string, unknown> = {}, drop: string[] = []): string {
  const claims: Record<string, unknown> = {
    sub: 'user-1', email: 'alice@example.com', email_verified: true, user_groups: ['platform-deployers'], amr: ['pwd', 'mfa'],
    iss: ISSUER, aud: AUDIENCE, iat: now(), auth_time: now() - 60, exp: now() + 900, ...over,
  };
  for (const d of drop) delete claims[d];
  const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), pair.privateKey).toString('base64url')}`;
}

let server: JwksServer;
let jwksUrl: string;
beforeAll(async () => {
  server = new JwksServer();
  jwksUrl = await server.start();
  server.behaviour = { kind: 'serve', body: { keys: [{ ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] } };
});
afterAll(() => server.stop());

const verifier = (o: Partial<VerifierOptions> = {}) => createAdminTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwksTimeoutMs: 300, ...o });
const refused = (promise: Promise<unknown>, reason: string) => expect(promise).rejects.toMatchObject({ reason });

describe('second factor (RFC 8176 amr), required by default', () => {
  test.each([[['mfa']], [['pwd', 'mfa']], [['pwd', 'otp']], [['pwd', 'hwk']], [['pin', 'swk']], [['hwk', 'fpt']], [['otp', 'face']]])('amr %j counts as a second factor', async (amr) => {
    await expect(verifier()(token({ amr }))).resolves.toHaveProperty('sub', 'user-1');
  });

  test.each([[['pwd']], [['otp']], [['hwk']], [['pwd', 'pin']], [['pwd', 'sms']], [['pwd', 'tel']], [['pwd', 'mca']], [['pwd', 'rba', 'geo']], [[]]])('amr %j is refused: MFA_REQUIRED', async (amr) => {
    await refused(verifier()(token({ amr })), 'MFA_REQUIRED');
  });

  test('GIVEN no amr at all THEN MFA_REQUIRED', async () => {
    await refused(verifier()(token({}, ['amr'])), 'MFA_REQUIRED');
  });

  test.each([['mfa'], [[1, 2]], [{ 0: 'mfa' }], [Array.from({ length: 65 }, () => 'mfa')]])('GIVEN amr %j THEN MALFORMED_CLAIM', async (amr) => {
    await refused(verifier()(token({ amr })), 'MALFORMED_CLAIM');
  });

  test('GIVEN requireMfa false THEN a password-only token is accepted', async () => {
    await expect(verifier({ requireMfa: false })(token({ amr: ['pwd'] }))).resolves.toHaveProperty('sub', 'user-1');
  });
});

describe('allowed e-mail domains: exact, case-insensitive', () => {
  const only = () => verifier({ allowedEmailDomains: ['example.com', 'Example.ORG'] });
  test.each([['alice@example.com'], ['ALICE@EXAMPLE.COM'], ['bob@example.org']])('%s is allowed', async (email) => {
    await expect(only()(token({ email }))).resolves.toHaveProperty('sub', 'user-1');
  });
  test.each([['alice@evil.com'], ['alice@sub.example.com'], ['alice@example.com.evil.net'], ['alice@example.co'], ['a@b@example.com'], ['example.com'], ['alice@']])('%s is refused: EMAIL_DOMAIN_NOT_ALLOWED', async (email) => {
    await refused(only()(token({ email })), 'EMAIL_DOMAIN_NOT_ALLOWED');
  });
  test('GIVEN email_verified false THEN refused even on an allowed domain (an unverified address is the user\'s claim, not the provider\'s)', async () => {
    await refused(only()(token({ email_verified: false })), 'EMAIL_NOT_VERIFIED');
  });
  test('GIVEN no allow list THEN any verified domain is accepted', async () => {
    await expect(verifier()(token({ email: 'alice@anything.test' }))).resolves.toHaveProperty('sub', 'user-1');
  });
});

describe('token lifetime and authentication age', () => {
  test('GIVEN exp - iat one second over the configured limit THEN LIFETIME_TOO_LONG; at the limit accepted', async () => {
    const t = now();
    await refused(verifier({ maxTokenLifetimeSeconds: 900 })(token({ iat: t, exp: t + 901 })), 'LIFETIME_TOO_LONG');
    await expect(verifier({ maxTokenLifetimeSeconds: 900 })(token({ iat: t, exp: t + 900 }))).resolves.toBeDefined();
    await refused(verifier()(token({ iat: t, exp: t + 3601 })), 'LIFETIME_TOO_LONG');
  });

  test('GIVEN auth_time older than the limit THEN AUTH_TOO_OLD; within it accepted', async () => {
    await refused(verifier({ maxAuthAgeSeconds: 3600 })(token({ auth_time: now() - 3700 })), 'AUTH_TOO_OLD');
    await expect(verifier({ maxAuthAgeSeconds: 3600 })(token({ auth_time: now() - 3500 }))).resolves.toBeDefined();
    await refused(verifier()(token({ auth_time: now() - 43_300 })), 'AUTH_TOO_OLD');
  });

  test('GIVEN auth_time missing, in the future, or not a number THEN refused with its own code', async () => {
    await refused(verifier()(token({}, ['auth_time'])), 'AUTH_TIME_MISSING');
    await refused(verifier()(token({ auth_time: now() + 600 })), 'AUTH_TIME_IN_FUTURE');
    await refused(verifier()(token({ auth_time: 'yesterday' })), 'MALFORMED_CLAIM');
  });
});

describe('the ci-cd role: a machine identity with read-only routes', () => {
  const ci = (o: Partial<VerifierOptions> = {}) => verifier({ ciCdGroup: CI_GROUP, ...o });
  const machine = (over: Record<string, unknown> = {}) => token({ user_groups: [CI_GROUP], ...over }, ['email', 'email_verified', 'amr', 'auth_time'].filter((c) => !(c in over)));

  test('GIVEN a client-credentials token in the ci-cd group (no amr, e-mail or auth_time) THEN the identity has exactly the ci-cd role', async () => {
    await expect(ci({ allowedEmailDomains: ['example.com'] })(machine())).resolves.toMatchObject({ sub: 'user-1', roles: ['ci-cd'] });
  });

  test('GIVEN the ci-cd group together with a human role THEN CI_CD_ROLE_MIXED (the exemption never extends a human role)', async () => {
    await refused(ci()(machine({ user_groups: [CI_GROUP, 'platform-deployers'] })), 'CI_CD_ROLE_MIXED');
    await refused(ci()(token({ user_groups: [CI_GROUP, 'platform-admins'] })), 'CI_CD_ROLE_MIXED');
  });

  test('GIVEN a ci-cd token that does carry an e-mail THEN its domain and verification still apply', async () => {
    await refused(ci({ allowedEmailDomains: ['example.com'] })(machine({ email: 'bot@evil.com', email_verified: true })), 'EMAIL_DOMAIN_NOT_ALLOWED');
    await refused(ci()(machine({ email: 'bot@example.com', email_verified: false })), 'EMAIL_NOT_VERIFIED');
  });

  test('GIVEN a ci-cd token THEN lifetime still applies', async () => {
    await refused(ci()(machine({ iat: now(), exp: now() + 3601 })), 'LIFETIME_TOO_LONG');
  });

  test('GIVEN no ci-cd group configured THEN the group grants nothing (and the human checks apply)', async () => {
    await refused(verifier()(machine()), 'MISSING_CLAIM'); // no e-mail: judged as a human
  });

  test('GIVEN the ci-cd group named like a human role group THEN the verifier refuses to be built', () => {
    expect(() => verifier({ ciCdGroup: 'platform-admins' })).toThrow(/'ciCdGroup' must not name a group that already grants a role, got platform-admins/);
  });

  test('GIVEN a ci-cd token through the handler THEN the policy allows exactly the read routes, never plans, revocation or admin', async () => {
    const handler = createHandler({ verify: ci(), logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'x', serviceName: 'admin-authorizer' }) });
    const result = await handler({ type: 'TOKEN', authorizationToken: `Bearer ${machine()}`, methodArn: `${STAGE_ARN}/GET/tenants` } as APIGatewayTokenAuthorizerEvent);
    const resources = (result.policyDocument.Statement[0] as { Resource: string[] }).Resource;
    expect(result.policyDocument.Statement[0]).toHaveProperty('Effect', 'Allow');
    expect(resources).toEqual(ROLE_ROUTES['ci-cd'].map((r) => `${STAGE_ARN}/${r.method}/${r.path}`));
    expect(resources).toEqual([`${STAGE_ARN}/GET/tenants`, `${STAGE_ARN}/GET/tenants/*`]);
    expect(result.context).toEqual({ sub: 'user-1', roles: 'ci-cd' });
  });
});

describe('what the caller learns: nothing beyond 401', () => {
  test.each([
    ['MFA_REQUIRED', () => token({ amr: ['pwd'] })],
    ['AUTH_TOO_OLD', () => token({ auth_time: now() - 50_000 })],
    ['CRIT_UNSUPPORTED', () => token().replace(/^[^.]+/, b64({ alg: 'RS256', kid: 'k1', crit: ['x'] }))],
    ['MALFORMED_CLAIM', () => token({ exp: 'soon' })],
  ])('GIVEN a token refused for %s THEN the handler throws exactly "Unauthorized", with no cause and no reason', async (reason, make) => {
    const logger = new Logger({ logLevel: 'SILENT' });
    const warn = jest.spyOn(logger, 'warn');
    const handler = createHandler({ verify: verifier(), logger, metrics: new Metrics({ namespace: 'x', serviceName: 'admin-authorizer' }) });
    const error = await handler({ type: 'TOKEN', authorizationToken: `Bearer ${make()}`, methodArn: `${STAGE_ARN}/GET/tenants` } as APIGatewayTokenAuthorizerEvent).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(UNAUTHORIZED);
    expect((error as Error).cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain(reason);
    expect(warn).toHaveBeenLastCalledWith('admin token refused', expect.objectContaining({ reason }));
  });
});
