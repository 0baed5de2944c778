import { createHmac } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { CryptoKey, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { createHandler, UNAUTHORIZED } from '../../lambda/admin-authorizer/handler';
import { ROLE_ROUTES } from '../../lambda/admin-authorizer/permissions';
import { createAdminTokenVerifier, TOKEN_LIMITS } from '../../lambda/admin-authorizer/verifier';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { JwksServer } from '../helpers/jwks-server';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'control-plane-admin';
const STAGE_ARN = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod';
const METHOD_ARN = `${STAGE_ARN}/POST/tenants/acme/plans`;
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

let server: JwksServer;
let jwksUrl: string;
let keyA: { privateKey: CryptoKey; publicKey: CryptoKey };
let keyB: { privateKey: CryptoKey; publicKey: CryptoKey };

beforeAll(async () => {
  keyA = await generateKeyPair('RS256', { extractable: true });
  keyB = await generateKeyPair('RS256', { extractable: true });
  server = new JwksServer();
  jwksUrl = await server.start();
});
afterAll(() => server.stop());
beforeEach(async () => {
  server.behaviour = { kind: 'serve', body: { keys: [{ ...(await exportJWK(keyA.publicKey)), kid: 'key-a', alg: 'RS256', use: 'sig' }] } };
  server.requests = 0;
});

interface TokenOptions {
  claims?: Record<string, unknown>;
  drop?: string[];
  kid?: string;
  key?: CryptoKey;
  iat?: number;
  exp?: number;
  nbf?: number;
  iss?: string;
  aud?: string;
}
async function token(o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    sub: 'user-123',
    email: 'alice@example.com',
    email_verified: true,
    user_groups: ['platform-deployers'],
    amr: ['pwd', 'mfa'],
    auth_time: now - 60,
    iss: o.iss ?? ISSUER,
    aud: o.aud ?? AUDIENCE,
    iat: o.iat ?? now,
    exp: o.exp ?? now + 3600,
    ...(o.nbf !== undefined ? { nbf: o.nbf } : {}),
    ...o.claims,
  };
  for (const d of o.drop ?? []) delete claims[d];
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'key-a', typ: 'JWT' }).sign(o.key ?? keyA.privateKey);
}

function setup() {
  const logger = new Logger({ serviceName: 'admin-authorizer', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: PLATFORM_METRICS.failedAuthentication.namespace, serviceName: 'admin-authorizer' });
  const warn = jest.spyOn(logger, 'warn');
  const addMetric = jest.spyOn(metrics, 'addMetric');
  const verify = createAdminTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwksTimeoutMs: 300 });
  const handler = createHandler({ verify, logger, metrics });
  const call = (authorizationToken: string, methodArn = METHOD_ARN) => handler({ type: 'TOKEN', authorizationToken, methodArn } as APIGatewayTokenAuthorizerEvent);
  /** Asserts a plain 401 with nothing but "Unauthorized", the reason logged as a code, and the metric counted. */
  const expectRefused = async (authorizationToken: string, reason: string, methodArn = METHOD_ARN) => {
    await expect(call(authorizationToken, methodArn)).rejects.toThrow(new Error(UNAUTHORIZED));
    expect(warn).toHaveBeenLastCalledWith('admin token refused', expect.objectContaining({ reason }));
    expect(addMetric).toHaveBeenLastCalledWith(PLATFORM_METRICS.failedAuthentication.name, 'Count', 1);
  };
  return { call, expectRefused, warn, addMetric };
}

describe('admin authorizer: valid tokens', () => {
  test('GIVEN a valid deployer token THEN the policy allows exactly the deployer routes on this stage', async () => {
    const { call, addMetric } = setup();
    const result = await call(`Bearer ${await token()}`);
    expect(result.principalId).toBe('user-123');
    expect(result.policyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ROLE_ROUTES.deployer.map((r) => `${STAGE_ARN}/${r.method}/${r.path}`) },
      // An export's status (a download link to all of a tenant's data) is for admins only, although GET tenants/* is allowed.
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: [`${STAGE_ARN}/GET/tenants/*/exports/*`] },
    ]);
    expect(result.context).toEqual({ sub: 'user-123', roles: 'deployer' });
    expect(JSON.stringify(result)).not.toContain('alice@example.com');
    expect(addMetric).not.toHaveBeenCalled();
  });

  test('GIVEN an admin and a viewer group THEN nothing is denied: the admin-only reads are denied only to tokens without the admin role', async () => {
    const { call } = setup();
    const result = await call(`Bearer ${await token({ claims: { user_groups: ['platform-viewers', 'platform-admins'] } })}`);
    expect(result.policyDocument.Statement.map((s) => s.Effect)).toEqual(['Allow']);
  });

  test('GIVEN the JWKS is cached THEN a second token does not fetch it again', async () => {
    const { call } = setup();
    await call(`Bearer ${await token()}`);
    await call(`Bearer ${await token({ claims: { sub: 'user-456' } })}`);
    expect(server.requests).toBe(1);
  });

  test('GIVEN a viewer and an ops group THEN both roles\' routes are allowed, once each', async () => {
    const { call } = setup();
    const result = await call(`Bearer ${await token({ claims: { user_groups: ['platform-viewers', 'platform-ops', 'unrelated'] } })}`);
    const resources = (result.policyDocument.Statement[0] as any).Resource as string[];
    expect(resources).toEqual([...new Set(resources)]);
    expect(resources).toContain(`${STAGE_ARN}/GET/ops/*`);
    expect(resources).not.toContain(`${STAGE_ARN}/POST/tenants/*/plans`);
  });
});

describe('admin authorizer: refused tokens (plain 401, reason code logged, metric counted)', () => {
  test('alg none', async () => {
    const { expectRefused } = setup();
    const now = Math.floor(Date.now() / 1000);
    const body = b64url(JSON.stringify({ sub: 'x', email: 'a@b.c', email_verified: true, user_groups: ['platform-admins'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 60 }));
    await expectRefused(`Bearer ${b64url('{"alg":"none","kid":"key-a"}')}.${body}.`, 'MALFORMED_TOKEN');
    await expectRefused(`Bearer ${b64url('{"alg":"none","kid":"key-a"}')}.${body}.AA`, 'ALG_NOT_ALLOWED');
  });

  test('HS256 signed with the public key as the secret', async () => {
    const { expectRefused } = setup();
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', kid: 'key-a' }));
    const body = b64url(JSON.stringify({ sub: 'x', email: 'a@b.c', email_verified: true, user_groups: ['platform-admins'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 60 }));
    const secret = await exportSPKI(keyA.publicKey);
    const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
    await expectRefused(`Bearer ${header}.${body}.${signature}`, 'ALG_NOT_ALLOWED');
  });

  test('wrong key with the right kid', async () => {
    await setup().expectRefused(`Bearer ${await token({ key: keyB.privateKey })}`, 'BAD_SIGNATURE');
  });

  test('a payload altered after signing', async () => {
    const [h, , s] = (await token()).split('.');
    const forged = b64url(JSON.stringify({ sub: 'user-123', email: 'alice@example.com', email_verified: true, user_groups: ['platform-admins'], iss: ISSUER, aud: AUDIENCE, iat: 1, exp: 2 }));
    await setup().expectRefused(`Bearer ${h}.${forged}.${s}`, 'BAD_SIGNATURE');
  });

  test('unknown kid, and a burst of them fetches the JWKS a bounded number of times', async () => {
    const { expectRefused } = setup();
    await expectRefused(`Bearer ${await token({ kid: 'key-unknown', key: keyB.privateKey })}`, 'UNKNOWN_KID');
    for (let i = 0; i < 25; i++) {
      await expectRefused(`Bearer ${await token({ kid: `burst-${i}`, key: keyB.privateKey })}`, 'UNKNOWN_KID');
    }
    // One fetch to fill the cache, at most one more for an unknown kid within the cooldown.
    expect(server.requests).toBeLessThanOrEqual(2);
  });

  test('expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    await setup().expectRefused(`Bearer ${await token({ iat: now - 3000, exp: now - 120 })}`, 'EXPIRED');
  });

  test('exp missing', async () => {
    await setup().expectRefused(`Bearer ${await token({ drop: ['exp'] })}`, 'MISSING_CLAIM');
  });

  test('iat missing', async () => {
    await setup().expectRefused(`Bearer ${await token({ drop: ['iat'] })}`, 'MISSING_CLAIM');
  });

  test('nbf in the future', async () => {
    await setup().expectRefused(`Bearer ${await token({ nbf: Math.floor(Date.now() / 1000) + 600 })}`, 'NOT_YET_VALID');
  });

  test('iat in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    await setup().expectRefused(`Bearer ${await token({ iat: now + 600, exp: now + 1200 })}`, 'ISSUED_IN_FUTURE');
  });

  test('lifetime over one hour', async () => {
    const now = Math.floor(Date.now() / 1000);
    await setup().expectRefused(`Bearer ${await token({ iat: now, exp: now + TOKEN_LIMITS.maxLifetimeSeconds + 1 })}`, 'LIFETIME_TOO_LONG');
  });

  test('wrong issuer', async () => {
    await setup().expectRefused(`Bearer ${await token({ iss: 'https://evil.example.com/' })}`, 'WRONG_ISSUER');
  });

  test('wrong audience', async () => {
    await setup().expectRefused(`Bearer ${await token({ aud: 'some-other-app' })}`, 'WRONG_AUDIENCE');
  });

  test.each([[false], ['true'], [1]])('email_verified %p', async (value) => {
    await setup().expectRefused(`Bearer ${await token({ claims: { email_verified: value } })}`, 'EMAIL_NOT_VERIFIED');
  });

  test('email_verified missing', async () => {
    await setup().expectRefused(`Bearer ${await token({ drop: ['email_verified'] })}`, 'MISSING_CLAIM');
  });

  test('user_groups missing', async () => {
    await setup().expectRefused(`Bearer ${await token({ drop: ['user_groups'] })}`, 'MISSING_CLAIM');
  });

  test.each([['platform-admins'], [{ 0: 'platform-admins' }], [[1, 2]]])('user_groups not an array of strings: %p', async (value) => {
    await setup().expectRefused(`Bearer ${await token({ claims: { user_groups: value } })}`, 'BAD_GROUPS');
  });

  test('sub or email missing', async () => {
    await setup().expectRefused(`Bearer ${await token({ drop: ['sub'] })}`, 'MISSING_CLAIM');
    await setup().expectRefused(`Bearer ${await token({ drop: ['email'] })}`, 'MISSING_CLAIM');
  });

  test('a token of 1 MiB is refused before any decoding or JWKS fetch', async () => {
    await setup().expectRefused(`Bearer ${'a'.repeat(1 << 20)}.b.c`, 'TOKEN_TOO_LARGE');
    expect(server.requests).toBe(0);
  });

  test('whitespace inside a segment', async () => {
    const t = await token();
    await setup().expectRefused(`Bearer ${t.slice(0, 20)} ${t.slice(20)}`, 'MALFORMED_TOKEN');
    await setup().expectRefused(`Bearer ${t.slice(0, 20)}\n${t.slice(20)}`, 'MALFORMED_TOKEN');
  });

  test('two or four segments', async () => {
    const [h, p, s] = (await token()).split('.');
    await setup().expectRefused(`Bearer ${h}.${p}`, 'MALFORMED_TOKEN');
    await setup().expectRefused(`Bearer ${h}.${p}.${s}.${s}`, 'MALFORMED_TOKEN');
  });

  test('missing header, no Bearer scheme, or base64 padding', async () => {
    const t = await token();
    await setup().expectRefused('', 'MISSING_TOKEN');
    await setup().expectRefused(t, 'MALFORMED_TOKEN');
    await setup().expectRefused(`Basic ${t}`, 'MALFORMED_TOKEN');
    await setup().expectRefused(`Bearer ${t}=`, 'MALFORMED_TOKEN');
  });

  test('a JWKS endpoint that is down', async () => {
    const t = await token();
    server.behaviour = { kind: 'error', status: 503 };
    await setup().expectRefused(`Bearer ${t}`, 'JWKS_UNAVAILABLE');
  });

  test('a JWKS endpoint that is slow past the timeout', async () => {
    const t = await token();
    server.behaviour = { kind: 'slow', delayMs: 2000 };
    const started = Date.now();
    await setup().expectRefused(`Bearer ${t}`, 'JWKS_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('a JWKS endpoint that returns garbage', async () => {
    const t = await token();
    server.behaviour = { kind: 'garbage' };
    await setup().expectRefused(`Bearer ${t}`, 'JWKS_UNAVAILABLE');
  });

  test('a JWKS endpoint that does not listen at all', async () => {
    const verify = createAdminTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: ISSUER, audience: AUDIENCE, jwksTimeoutMs: 300 });
    await expect(verify(await token())).rejects.toMatchObject({ reason: 'JWKS_UNAVAILABLE' });
  });

  test('a malformed methodArn, even with a valid token', async () => {
    await setup().expectRefused(`Bearer ${await token()}`, 'BAD_METHOD_ARN', 'nonsense');
  });
});

describe('admin authorizer: valid identity without a role', () => {
  test('GIVEN only unknown groups THEN an explicit deny of the whole stage (a plain 403), logged with the e-mail redacted', async () => {
    const { call, warn, addMetric } = setup();
    const result = await call(`Bearer ${await token({ claims: { user_groups: ['everyone', 'guests'] } })}`);
    expect(result.policyDocument.Statement).toEqual([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${STAGE_ARN}/*/*` }]);
    expect(result.context).toBeUndefined();
    expect(warn).toHaveBeenLastCalledWith('admin token refused', { reason: 'NO_ROLE', sub: 'user-123', email: 'a***@example.com' });
    expect(addMetric).toHaveBeenCalledTimes(1);
  });
});
