import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { Logger } from '@aws-lambda-powertools/logger';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createHandler as createJwksHandler, JWKS_MAX_AGE_SECONDS } from '../../lambda/jwks/handler';
import { createJwksProvider } from '../../lambda/jwks/jwks';
import { createHandler as createSignerHandler } from '../../lambda/plan-signer/handler';
import { createPlanSigner } from '../../lambda/plan-signer/signer';
import { createHandler as createVerifierHandler } from '../../lambda/plan-verifier/handler';
import { createPlanVerifier, PlanVerificationError } from '../../lambda/plan-verifier/verifier';
import { canonicalize } from '../../contracts/canonical-json';
import { dataPlaneAudience, PLAN_TOKEN } from '../../contracts/plan-token';
import { joseToDer } from '../helpers/der-jose';
import { JwksServer } from '../helpers/jwks-server';
import { KmsServer } from '../helpers/kms-server';

const ISSUER = 'https://api.example.com/prod/';
const PLAN = { steps: [{ id: 1, run: 'extract' }, { id: 2, run: 'load' }], version: 3 };
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

let kms: KmsServer;
let client: KMSClient;
let keyA: string;
let keyB: string;
let jwks: JwksServer;
let jwksUrl: string;

beforeAll(async () => {
  kms = new KmsServer();
  keyA = kms.addKey();
  keyB = kms.addKey();
  client = new KMSClient({ endpoint: await kms.start(), region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  jwks = new JwksServer();
  jwksUrl = await jwks.start();
});
afterAll(async () => {
  client.destroy();
  await kms.stop();
  await jwks.stop();
});

/** Publishes exactly what the JWKS handler returns for these KMS keys, over real HTTP. */
async function publish(...keyIds: string[]) {
  const response = await createJwksHandler(createJwksProvider(client, keyIds), new Logger({ logLevel: 'SILENT' }))();
  jwks.behaviour = { kind: 'serve', body: JSON.parse(response.body) };
  jwks.requests = 0;
  return response;
}
const signerFor = (keyId: string) => createPlanSigner({ kms: client, keyId, issuer: ISSUER, tenants: new Set(['acme', 'globex']) });
const verifierFor = (tenantId = 'acme') => createPlanVerifier({ jwksUrl, issuer: ISSUER, tenantId, jwksTimeoutMs: 300 });
const refused = async (promise: Promise<unknown>, reason: string) => {
  await expect(promise).rejects.toBeInstanceOf(PlanVerificationError);
  await expect(promise).rejects.toMatchObject({ reason });
};

/** Builds and signs a plan token by hand (with KMS-equivalent P-256 keys) for the malformed cases. */
function forge(keyPair: ReturnType<typeof generateKeyPairSync>, header: Record<string, unknown>, claims: Record<string, unknown>, transform?: (sig: Buffer) => Buffer) {
  const input = `${b64(header)}.${b64(claims)}`;
  let sig: Buffer = Buffer.from(sign('sha256', Buffer.from(input), { key: keyPair.privateKey, dsaEncoding: 'ieee-p1363' }));
  if (transform) sig = transform(sig);
  return `${input}.${sig.toString('base64url')}`;
}

describe('signed plans end to end: signer -> JWKS handler -> verifier', () => {
  test('GIVEN a plan signed through KMS THEN the data plane verifies it and returns the plan', async () => {
    const published = await publish(keyA);
    expect(published.headers!['Cache-Control']).toBe(`public, max-age=${JWKS_MAX_AGE_SECONDS}`);
    expect(JSON.parse(published.body).keys[0]).toEqual(expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }));
    const signed = await signerFor(keyA)('acme', PLAN);
    const verified = await verifierFor()(signed.token, JSON.parse(JSON.stringify(PLAN)));
    expect(verified).toEqual({ plan: PLAN, jti: signed.jti, kid: signed.kid, exp: signed.exp });
  });

  test('GIVEN the plan with its keys in another order THEN it still verifies (canonical digest)', async () => {
    await publish(keyA);
    const signed = await signerFor(keyA)('acme', PLAN);
    await expect(verifierFor()(signed.token, { version: 3, steps: [{ run: 'extract', id: 1 }, { run: 'load', id: 2 }] })).resolves.toHaveProperty('jti', signed.jti);
  });

  test('GIVEN the plan changed by one byte or by a Unicode normalisation trick THEN PLAN_MISMATCH', async () => {
    await publish(keyA);
    const signed = await signerFor(keyA)('acme', { ...PLAN, name: 'café' });
    await refused(verifierFor()(signed.token, { ...PLAN, name: 'cafe\u0301' }), 'PLAN_MISMATCH');
    await refused(verifierFor()(signed.token, { ...PLAN, name: 'cafF' }), 'PLAN_MISMATCH');
    await refused(verifierFor()(signed.token, { ...PLAN, version: 4, name: 'café' }), 'PLAN_MISMATCH');
  });

  test('GIVEN a plan for another tenant THEN this tenant refuses it (aud and sub are per tenant)', async () => {
    await publish(keyA);
    const signed = await signerFor(keyA)('globex', PLAN);
    // Both sub and aud name globex; jose reports whichever it checks first.
    await expect(verifierFor('acme')(signed.token, PLAN)).rejects.toMatchObject({ reason: expect.stringMatching(/^WRONG_(AUDIENCE|SUBJECT)$/) });
  });

  test('GIVEN a rotation THEN both keys verify during the overlap and only the new key after it', async () => {
    const oldToken = (await signerFor(keyA)('acme', PLAN)).token;
    const newToken = (await signerFor(keyB)('acme', PLAN)).token;
    await publish(keyB, keyA); // overlap: new key first, old key still published
    const during = verifierFor();
    await expect(during(oldToken, PLAN)).resolves.toBeDefined();
    await expect(during(newToken, PLAN)).resolves.toBeDefined();
    await publish(keyB); // after the overlap
    const after = verifierFor();
    await refused(after(oldToken, PLAN), 'UNKNOWN_KID');
    await expect(after(newToken, PLAN)).resolves.toBeDefined();
  });
});

describe('plan verifier: refusals (typed, no crash)', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let kid: string;
  const now = () => Math.floor(Date.now() / 1000);
  const digest = (plan: unknown) => createHash('sha256').update(canonicalize(plan)).digest('base64url');
  const claims = (over: Record<string, unknown> = {}) => ({ iss: ISSUER, sub: 'acme', aud: dataPlaneAudience('acme'), iat: now(), exp: now() + 300, jti: 'j1', [PLAN_TOKEN.digestClaim]: digest(PLAN), ...over });
  const header = (over: Record<string, unknown> = {}) => ({ alg: 'ES256', typ: 'plan+jwt', kid, ...over });

  beforeEach(async () => {
    const jwk = await exportJWK(pair.publicKey);
    kid = 'forge-key';
    jwks.behaviour = { kind: 'serve', body: { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] } };
    jwks.requests = 0;
  });

  test('GIVEN a correctly forged-by-the-test token THEN it verifies (the harness itself is sound)', async () => {
    await expect(verifierFor()(forge(pair, header(), claims()), PLAN)).resolves.toBeDefined();
  });

  test.each([
    ['r = s = 0', () => Buffer.alloc(64)],
    ['r = n (out of range)', (s: Buffer) => Buffer.concat([Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex'), s.subarray(32)])],
    ['s = 0', (s: Buffer) => Buffer.concat([s.subarray(0, 32), Buffer.alloc(32)])],
    ['a 63-byte signature', (s: Buffer) => s.subarray(0, 63)],
    ['a 65-byte signature', (s: Buffer) => Buffer.concat([s, Buffer.from([0])])],
    ['a DER signature in the JWS', (s: Buffer) => joseToDer(s)],
  ])('%s -> BAD_SIGNATURE or MALFORMED_TOKEN', async (_, transform) => {
    await expect(verifierFor()(forge(pair, header(), claims(), transform), PLAN)).rejects.toMatchObject({ reason: expect.stringMatching(/^(BAD_SIGNATURE|MALFORMED_TOKEN)$/) });
  });

  test('wrong key with the right kid -> BAD_SIGNATURE', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await refused(verifierFor()(forge(other, header(), claims()), PLAN), 'BAD_SIGNATURE');
  });

  test('alg none and HS256 -> ALG_NOT_ALLOWED', async () => {
    await refused(verifierFor()(`${b64({ alg: 'none', typ: 'plan+jwt', kid })}.${b64(claims())}.AA`, PLAN), 'ALG_NOT_ALLOWED');
    await refused(verifierFor()(`${b64({ alg: 'HS256', typ: 'plan+jwt', kid })}.${b64(claims())}.AAAA`, PLAN), 'ALG_NOT_ALLOWED');
  });

  test('typ missing or "JWT" -> WRONG_TYP', async () => {
    await refused(verifierFor()(forge(pair, { alg: 'ES256', kid }, claims()), PLAN), 'WRONG_TYP');
    await refused(verifierFor()(forge(pair, header({ typ: 'JWT' }), claims()), PLAN), 'WRONG_TYP');
  });

  test('an admin token (RS256, typ JWT) presented as a plan -> refused', async () => {
    const rsa = await generateKeyPair('RS256');
    const admin = await new SignJWT({ sub: 'acme', email: 'a@b.c', user_groups: ['platform-admins'] }).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(ISSUER).setAudience(dataPlaneAudience('acme')).setIssuedAt().setExpirationTime('5m').sign(rsa.privateKey);
    await refused(verifierFor()(admin, PLAN), 'ALG_NOT_ALLOWED');
  });

  test('aud of another tenant, or an aud array -> WRONG_AUDIENCE; sub of another tenant -> WRONG_SUBJECT', async () => {
    await refused(verifierFor()(forge(pair, header(), claims({ aud: dataPlaneAudience('globex') })), PLAN), 'WRONG_AUDIENCE');
    await refused(verifierFor()(forge(pair, header(), claims({ aud: [dataPlaneAudience('acme'), dataPlaneAudience('globex')] })), PLAN), 'WRONG_AUDIENCE');
    await refused(verifierFor()(forge(pair, header(), claims({ sub: 'globex' })), PLAN), 'WRONG_SUBJECT');
  });

  test('wrong iss -> WRONG_ISSUER', async () => {
    await refused(verifierFor()(forge(pair, header(), claims({ iss: 'https://evil.example.com/' })), PLAN), 'WRONG_ISSUER');
  });

  test('expired; exp missing; iat in the future; nbf in the future; lifetime over 300 s', async () => {
    await refused(verifierFor()(forge(pair, header(), claims({ iat: now() - 400, exp: now() - 100 })), PLAN), 'EXPIRED');
    const noExp = claims();
    delete (noExp as Record<string, unknown>).exp;
    await refused(verifierFor()(forge(pair, header(), noExp), PLAN), 'MISSING_CLAIM');
    await refused(verifierFor()(forge(pair, header(), claims({ iat: now() + 600, exp: now() + 900 })), PLAN), 'ISSUED_IN_FUTURE');
    await refused(verifierFor()(forge(pair, header(), claims({ nbf: now() + 600 })), PLAN), 'NOT_YET_VALID');
    await refused(verifierFor()(forge(pair, header(), claims({ exp: now() + 301 })), PLAN), 'LIFETIME_TOO_LONG');
  });

  test('digest as hex instead of base64url, or missing -> refused', async () => {
    const hex = createHash('sha256').update(canonicalize(PLAN)).digest('hex');
    await refused(verifierFor()(forge(pair, header(), claims({ [PLAN_TOKEN.digestClaim]: hex })), PLAN), 'BAD_DIGEST_ENCODING');
    const noDigest = claims();
    delete (noDigest as Record<string, unknown>)[PLAN_TOKEN.digestClaim];
    await refused(verifierFor()(forge(pair, header(), noDigest), PLAN), 'MISSING_CLAIM');
  });

  test('a token over 4 KiB, whitespace in a segment, two or four segments -> refused before decoding', async () => {
    const good = forge(pair, header(), claims());
    await refused(verifierFor()(`${'a'.repeat(5000)}.b.c`, PLAN), 'TOKEN_TOO_LARGE');
    await refused(verifierFor()(`${good.slice(0, 10)} ${good.slice(10)}`, PLAN), 'MALFORMED_TOKEN');
    const [h, p, s] = good.split('.');
    await refused(verifierFor()(`${h}.${p}`, PLAN), 'MALFORMED_TOKEN');
    await refused(verifierFor()(`${h}.${p}.${s}.${s}`, PLAN), 'MALFORMED_TOKEN');
    expect(jwks.requests).toBe(0);
  });

  test('unknown kid, and a burst of them: bounded JWKS fetches', async () => {
    for (let i = 0; i < 20; i++) {
      await refused(sharedVerifier()(forge(pair, header({ kid: `nope-${i}` }), claims()), PLAN), 'UNKNOWN_KID');
    }
    expect(jwks.requests).toBeLessThanOrEqual(2);
  });
  let shared: ReturnType<typeof createPlanVerifier> | undefined;
  const sharedVerifier = () => (shared ??= verifierFor());

  test('a JWKS with a key of the wrong curve, or an RSA key -> refused', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    jwks.behaviour = { kind: 'serve', body: { keys: [{ ...(await exportJWK(p384.publicKey)), kid, alg: 'ES256', use: 'sig' }] } };
    await expect(verifierFor()(forge(pair, header(), claims()), PLAN)).rejects.toBeInstanceOf(PlanVerificationError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    jwks.behaviour = { kind: 'serve', body: { keys: [{ ...(await exportJWK(rsa.publicKey)), kid, alg: 'ES256', use: 'sig' }] } };
    await expect(verifierFor()(forge(pair, header(), claims()), PLAN)).rejects.toBeInstanceOf(PlanVerificationError);
  });

  test.each([
    ['down (503)', { kind: 'error', status: 503 } as const],
    ['garbage', { kind: 'garbage' } as const],
    ['slow past the timeout', { kind: 'slow', delayMs: 2000 } as const],
  ])('a JWKS endpoint that is %s -> JWKS_UNAVAILABLE', async (_, behaviour) => {
    const token = forge(pair, header(), claims());
    jwks.behaviour = behaviour;
    await refused(verifierFor()(token, PLAN), 'JWKS_UNAVAILABLE');
  });

  test('a JWKS endpoint that is unreachable -> JWKS_UNAVAILABLE', async () => {
    const verify = createPlanVerifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: ISSUER, tenantId: 'acme', jwksTimeoutMs: 300 });
    await refused(verify(forge(pair, header(), claims()), PLAN), 'JWKS_UNAVAILABLE');
  });

  test('a plan that is not JSON -> PLAN_NOT_JSON', async () => {
    await refused(verifierFor()(forge(pair, header(), claims()), { n: Number.NaN }), 'PLAN_NOT_JSON');
  });
});

describe('handlers through their event/response contracts', () => {
  const quiet = () => new Logger({ logLevel: 'SILENT' });

  test('GIVEN POST /tenants/acme/plans THEN 200 with the token and the security headers; the token verifies through the verifier handler', async () => {
    await publish(keyA);
    const sign = createSignerHandler(signerFor(keyA), quiet());
    const response = await sign({ pathParameters: { tenantId: 'acme' }, body: JSON.stringify(PLAN), requestContext: { authorizer: { principalId: 'user-1' } } } as never);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual(expect.objectContaining({ 'Strict-Transport-Security': expect.any(String), 'Cache-Control': 'no-store' }));
    const { token } = JSON.parse(response.body);
    const verify = createVerifierHandler(verifierFor(), quiet());
    expect(await verify({ token, plan: PLAN })).toEqual({ ok: true, plan: PLAN, jti: expect.any(String) });
    expect(await verify({ token, plan: { ...PLAN, version: 9 } })).toEqual({ ok: false, reason: 'PLAN_MISMATCH' });
  });

  test('GIVEN configured CORS origins THEN a signed plan and a refusal echo an allowed Origin only; without origins no CORS header', async () => {
    await publish(keyA);
    const origins = ['https://admin.example.com'];
    const sign = createSignerHandler(signerFor(keyA), quiet(), origins);
    const ok = await sign({ pathParameters: { tenantId: 'acme' }, body: JSON.stringify(PLAN), headers: { origin: 'https://admin.example.com' } } as never);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toEqual(expect.objectContaining({ 'Access-Control-Allow-Origin': 'https://admin.example.com', Vary: 'Origin', 'X-XSS-Protection': '0' }));
    const refused = await sign({ pathParameters: { tenantId: 'initech' }, body: '{}', headers: { Origin: 'https://evil.example' } } as never);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers).not.toHaveProperty('Access-Control-Allow-Origin');
    const denyAll = await createSignerHandler(signerFor(keyA), quiet())({ pathParameters: { tenantId: 'initech' }, body: '{}', headers: { Origin: 'https://admin.example.com' } } as never);
    expect(Object.keys(denyAll.headers!).filter((h) => /^access-control-|^vary$/i.test(h))).toEqual([]);
  });

  test.each([
    ['a body that is not JSON', { pathParameters: { tenantId: 'acme' }, body: '{"steps": [' }],
    ['an unknown tenant', { pathParameters: { tenantId: 'initech' }, body: '{}' }],
    ['no tenant at all', { body: '{}' }],
  ])('GIVEN %s THEN a plain 400 that says nothing about why', async (_, event) => {
    const response = await createSignerHandler(signerFor(keyA), quiet())(event as never);
    expect(response).toEqual(expect.objectContaining({ statusCode: 400, body: '{"message":"Bad Request"}' }));
  });

  test.each([
    ['a plan nesting 10,000 arrays', `[${'['.repeat(10000)}${']'.repeat(10000)}]`],
    ['a plan nesting 3,000 objects', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`],
    ['a plan with a number of 1e400', '{"n":1e400}'],
  ])('GIVEN %s THEN a plain 400 before KMS, and no error log (issue 16)', async (_, body) => {
    const logger = quiet();
    const error = jest.spyOn(logger, 'error');
    const warn = jest.spyOn(logger, 'warn');
    const before = kms.calls.Sign ?? 0;
    const response = await createSignerHandler(signerFor(keyA), logger)({ pathParameters: { tenantId: 'acme' }, body } as never);
    expect(response).toEqual(expect.objectContaining({ statusCode: 400, body: '{"message":"Bad Request"}' }));
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('plan refused', expect.objectContaining({ reason: expect.stringMatching(/^PLAN_(TOO_DEEP|NOT_JSON)$/) }));
    expect(kms.calls.Sign ?? 0).toBe(before);
  });

  test.each([
    ['UNKNOWN_TENANT', { pathParameters: { tenantId: 'initech' }, body: '{}' }],
    ['PLAN_NOT_JSON', { pathParameters: { tenantId: 'acme' }, body: '{"steps": [' }],
    ['PLAN_TOO_DEEP', { pathParameters: { tenantId: 'acme' }, body: `${'['.repeat(100)}${']'.repeat(100)}` }],
  ])('GIVEN a plan refused for %s THEN the body is only the status phrase; the reason is only in the log', async (reason, event) => {
    const logger = quiet();
    const warn = jest.spyOn(logger, 'warn');
    const response = await createSignerHandler(signerFor(keyA), logger)(event as never);
    expect(response.body).toBe('{"message":"Bad Request"}');
    expect(warn).toHaveBeenCalledWith('plan refused', expect.objectContaining({ reason }));
  });

  test('GIVEN garbage instead of a request THEN the verifier handler answers with a typed refusal, not a crash', async () => {
    const verify = createVerifierHandler(verifierFor(), quiet());
    expect(await verify(undefined as never)).toEqual({ ok: false, reason: 'MALFORMED_TOKEN' });
    expect(await verify({ token: 'x', plan: {} })).toEqual({ ok: false, reason: 'MALFORMED_TOKEN' });
  });
});
