/**
 * Hostile JOSE cases for both token verifiers (issue 16): crit, key headers, key type bound to the algorithm,
 * bounded revocation through the JWKS max age, date claims out of range, deep nesting. A real JWKS server on loopback;
 * time is moved with jest's fake Date only (timers, sockets and the fetch timeout stay real).
 */
import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { canonicalize } from '../../contracts/canonical-json';
import { createAdminTokenVerifier } from '../../lambda/admin-authorizer/verifier';
import { createPlanVerifier } from '../../lambda/plan-verifier/verifier';
import { dataPlaneAudience, PLAN_TOKEN } from '../../contracts/plan-token';
import { JwksServer } from '../helpers/jwks-server';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'control-plane-admin';
const PLAN_ISSUER = 'https://api.example.com/prod/';
const PLAN = { steps: [1] };
const PLAN_DIGEST = 'fsAtbxha20SKTmqmie6TcLD99wIxSAgwR9gQWT3KtIA'; // checked against canonicalize in the first test
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwkOf = (key: KeyObject, extra: Record<string, unknown>) => ({ ...key.export({ format: 'jwk' }), ...extra });

/** A compact JWS over raw header and payload text (so the payload can be any JSON text, e.g. `1e400`). */
function jws(header: Record<string, unknown>, payloadText: string, signWith: (input: Buffer) => Buffer) {
  const input = `${b64(header)}.${Buffer.from(payloadText).toString('base64url')}`;
  return `${input}.${signWith(Buffer.from(input)).toString('base64url')}`;
}
const rs256 = (key = rsa.privateKey) => (input: Buffer) => sign('sha256', input, key);
const es256 = (key = ec.privateKey) => (input: Buffer) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' });

const adminClaims = (over: Record<string, unknown> = {}) => ({
  sub: 'user-1', email: 'alice@example.com', email_verified: true, user_groups: ['platform-viewers'], amr: ['pwd', 'mfa'],
  iss: ISSUER, aud: AUDIENCE, iat: now(), auth_time: now(), exp: now() + 600, ...over,
});
const planClaims = (over: Record<string, unknown> = {}) => ({
  iss: PLAN_ISSUER, sub: 'acme', aud: dataPlaneAudience('acme'), iat: now(), exp: now() + 300, jti: 'j1', [PLAN_TOKEN.digestClaim]: PLAN_DIGEST, ...over,
});
const adminToken = (header: Record<string, unknown> = {}, claims = adminClaims(), signer = rs256()) => jws({ alg: 'RS256', kid: 'rsa-1', ...header }, JSON.stringify(claims), signer);
const planToken = (header: Record<string, unknown> = {}, claims = planClaims(), signer = es256()) => jws({ alg: 'ES256', typ: 'plan+jwt', kid: 'ec-1', ...header }, JSON.stringify(claims), signer);

let server: JwksServer;
let jwksUrl: string;
beforeAll(async () => {
  server = new JwksServer();
  jwksUrl = await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.behaviour = { kind: 'serve', body: { keys: [jwkOf(rsa.publicKey, { kid: 'rsa-1', alg: 'RS256', use: 'sig' }), jwkOf(ec.publicKey, { kid: 'ec-1', alg: 'ES256', use: 'sig' })] } };
  server.requests = 0;
});
afterEach(() => jest.useRealTimers());

// No test here is about a slow JWKS endpoint (jwks-fetch, admin-authorizer and plan-verifier tests are): the timeout
// only has to outlast a loopback fetch while two jest workers load both cores. It was 300 ms, this file's only
// wall-clock bound, when the file failed once in a full npm test (2026-12-03; not reproduced in five reruns).
const JWKS_TIMEOUT_MS = 2000;
const admin = () => createAdminTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwksTimeoutMs: JWKS_TIMEOUT_MS });
const plans = () => createPlanVerifier({ jwksUrl, issuer: PLAN_ISSUER, tenantId: 'acme', jwksTimeoutMs: JWKS_TIMEOUT_MS });
const refusedWith = async (promise: Promise<unknown>, reason: string) => expect(promise).rejects.toMatchObject({ reason });

describe('the harness', () => {
  test('GIVEN well-formed tokens THEN both verifiers accept them (so every refusal below is the case under test)', async () => {
    expect(createHash('sha256').update(canonicalize(PLAN)).digest('base64url')).toBe(PLAN_DIGEST);
    await expect(admin()(adminToken())).resolves.toHaveProperty('sub', 'user-1');
    await expect(plans()(planToken(), PLAN)).resolves.toHaveProperty('jti', 'j1');
  });
});

describe('RFC 7515 4.1.11: crit naming anything is refused (we implement no extension)', () => {
  test.each([[['exp']], [['b64']], [['http://example.com/unknown']], [[]]])('crit %j', async (crit) => {
    await refusedWith(admin()(adminToken({ crit, 'http://example.com/unknown': true, b64: true, exp: 1 })), 'CRIT_UNSUPPORTED');
    await refusedWith(plans()(planToken({ crit, 'http://example.com/unknown': true, b64: true, exp: 1 }), PLAN), 'CRIT_UNSUPPORTED');
  });
});

describe('RFC 8725 3.10: key-carrying headers are refused, never fetched', () => {
  test.each([
    ['jku', { jku: 'http://127.0.0.1:9/evil-jwks.json' }],
    ['x5u', { x5u: 'http://127.0.0.1:9/evil.pem' }],
    ['jwk', { jwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } }],
    ['x5c', { x5c: ['MIIB'] }],
  ])('%s', async (_, extra) => {
    await refusedWith(admin()(adminToken(extra)), 'KEY_HEADER_REFUSED');
    await refusedWith(plans()(planToken(extra), PLAN), 'KEY_HEADER_REFUSED');
  });
});

describe('RFC 8725 3.1 / RFC 7518 3.3-3.4: a JWK is used only with the one algorithm it fits', () => {
  test('GIVEN an EC P-256 key without alg under the RS256 token kid THEN an ECDSA signature with alg RS256 is refused', async () => {
    server.behaviour = { kind: 'serve', body: { keys: [jwkOf(ec.publicKey, { kid: 'rsa-1' })] } };
    await refusedWith(admin()(adminToken({}, adminClaims(), es256())), 'UNKNOWN_KID');
  });

  test('GIVEN an RSA key (512-bit, so its signature is 64 bytes) under the ES256 kid THEN an RSA signature with alg ES256 is refused', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 512 });
    server.behaviour = { kind: 'serve', body: { keys: [jwkOf(small.publicKey, { kid: 'ec-1' })] } };
    await refusedWith(plans()(planToken({}, planClaims(), rs256(small.privateKey)), PLAN), 'UNKNOWN_KID');
  });

  test('GIVEN an RSA key of 1024 bits THEN RS256 refuses it (RFC 7518 3.3: 2048 or larger)', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    server.behaviour = { kind: 'serve', body: { keys: [jwkOf(weak.publicKey, { kid: 'rsa-1', alg: 'RS256' })] } };
    await refusedWith(admin()(adminToken({}, adminClaims(), rs256(weak.privateKey))), 'UNKNOWN_KID');
  });

  test('GIVEN a P-384 key, or a key whose alg names another algorithm THEN ES256 refuses it', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    server.behaviour = { kind: 'serve', body: { keys: [jwkOf(p384.publicKey, { kid: 'ec-1' })] } };
    await refusedWith(plans()(planToken(), PLAN), 'UNKNOWN_KID'); // a valid P-256 signature: only the key's curve is wrong
    server.behaviour = { kind: 'serve', body: { keys: [jwkOf(ec.publicKey, { kid: 'ec-1', alg: 'ES384' })] } };
    await refusedWith(plans()(planToken(), PLAN), 'UNKNOWN_KID');
  });

  test('GIVEN the right key marked use "enc" THEN it is ignored, and a signing key beside it with another kid still works', async () => {
    server.behaviour = { kind: 'serve', body: { keys: [jwkOf(rsa.publicKey, { kid: 'rsa-1', use: 'enc' }), jwkOf(rsa.publicKey, { kid: 'rsa-2', use: 'sig' })] } };
    const verify = admin();
    await refusedWith(verify(adminToken()), 'UNKNOWN_KID');
    await expect(verify(adminToken({ kid: 'rsa-2' }))).resolves.toHaveProperty('sub', 'user-1');
  });
});

describe('bounded revocation: a key removed from the JWKS is refused by a warm verifier within the max age', () => {
  const fakeDate = () => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  const keysWithout = (kid: string) => ({ kind: 'serve' as const, body: { keys: (server.behaviour as { body: { keys: Array<{ kid: string }> } }).body.keys.filter((k) => k.kid !== kid) } });

  test('GIVEN a warm plan verifier and the key removed THEN accepted while the set is younger than 300 s, refused after', async () => {
    fakeDate();
    const verify = plans();
    await expect(verify(planToken(), PLAN)).resolves.toBeDefined();
    server.behaviour = keysWithout('ec-1');
    jest.setSystemTime(Date.now() + 290_000);
    await expect(verify(planToken(), PLAN)).resolves.toBeDefined(); // still cached: no fetch per call
    expect(server.requests).toBe(1);
    jest.setSystemTime(Date.now() + 11_000);
    await refusedWith(verify(planToken(), PLAN), 'UNKNOWN_KID');
  });

  test('GIVEN a warm admin verifier and the key removed THEN refused after the max age', async () => {
    fakeDate();
    const verify = admin();
    await expect(verify(adminToken())).resolves.toBeDefined();
    server.behaviour = keysWithout('rsa-1');
    jest.setSystemTime(Date.now() + 301_000);
    await refusedWith(verify(adminToken()), 'UNKNOWN_KID');
  });

  test('GIVEN the JWKS endpoint down when the set expires THEN the verifier fails closed, and fetches at most once per 30 s', async () => {
    fakeDate();
    const verify = plans();
    await expect(verify(planToken(), PLAN)).resolves.toBeDefined();
    server.behaviour = { kind: 'error', status: 503 };
    jest.setSystemTime(Date.now() + 301_000);
    for (let i = 0; i < 50; i++) await refusedWith(verify(planToken(), PLAN), 'JWKS_UNAVAILABLE');
    expect(server.requests).toBe(2);
  });

  test('GIVEN a random kid every second for 5 minutes THEN at most one JWKS fetch per 30 s', async () => {
    fakeDate();
    const verify = plans();
    await expect(verify(planToken(), PLAN)).resolves.toBeDefined();
    for (let i = 0; i < 300; i++) {
      jest.setSystemTime(Date.now() + 1000);
      await refusedWith(verify(planToken({ kid: `random-${i}` }), PLAN), 'UNKNOWN_KID');
    }
    expect(server.requests).toBeLessThanOrEqual(1 + 300 / 30);
    expect(server.requests).toBeGreaterThan(1); // unknown kids do trigger refetches, just not more often than that
  });
});

describe('RFC 7519 NumericDate: out-of-range dates are EXPIRED / NOT_YET_VALID, non-numbers a malformed claim', () => {
  const adminText = (dates: string) => JSON.stringify(adminClaims({ exp: 0, iat: 0, nbf: 0 })).replace('"iat":0,"auth_time"', `${dates},"auth_time"`).replace(/,"exp":0|,"nbf":0/g, '');
  test.each([
    ['exp -1e300', `"iat":${now()},"exp":-1e300`, 'EXPIRED'],
    ['nbf 1e300', `"iat":${now()},"exp":${now() + 60},"nbf":1e300`, 'NOT_YET_VALID'],
    ['exp 1e300', `"iat":${now()},"exp":1e300`, 'LIFETIME_TOO_LONG'],
    ['iat 1e300', `"iat":1e300,"exp":1e300`, 'ISSUED_IN_FUTURE'],
    ['exp 1e400 (Infinity once parsed)', `"iat":${now()},"exp":1e400`, 'MALFORMED_CLAIM'],
    ['exp a string', `"iat":${now()},"exp":"${now() + 60}"`, 'MALFORMED_CLAIM'],
    ['iat null', `"iat":null,"exp":${now() + 60}`, 'MALFORMED_CLAIM'],
  ])('admin token: %s', async (_, dates, reason) => {
    await refusedWith(admin()(jws({ alg: 'RS256', kid: 'rsa-1' }, adminText(dates), rs256())), reason);
  });

  test.each([
    ['exp -1e300', { exp: -1e300 }, 'EXPIRED'],
    ['nbf 1e300', { nbf: 1e300 }, 'NOT_YET_VALID'],
    ['exp 1e300', { exp: 1e300 }, 'LIFETIME_TOO_LONG'],
    ['iat as a string', { iat: String(now()) }, 'MALFORMED_CLAIM'],
  ])('plan token: %s', async (_, over, reason) => {
    await refusedWith(plans()(planToken({}, planClaims(over)), PLAN), reason);
  });
});

describe('bounded parsing of tokens and plans', () => {
  test('GIVEN a validly signed admin token whose payload nests 2,500 arrays THEN NESTING_TOO_DEEP', async () => {
    const text = JSON.stringify(adminClaims()).replace(/}$/, `,"x":${'['.repeat(2500)}${']'.repeat(2500)}}`);
    await refusedWith(admin()(jws({ alg: 'RS256', kid: 'rsa-1' }, text, rs256())), 'NESTING_TOO_DEEP');
  });

  test('GIVEN a validly signed plan token whose payload nests 1,400 objects THEN NESTING_TOO_DEEP', async () => {
    const text = JSON.stringify(planClaims()).replace(/}$/, `,"x":${'{"a":'.repeat(400)}1${'}'.repeat(400)}}`);
    await refusedWith(plans()(jws({ alg: 'ES256', typ: 'plan+jwt', kid: 'ec-1' }, text, es256()), PLAN), 'NESTING_TOO_DEEP');
  });

  test('GIVEN a header nesting deeply THEN MALFORMED_TOKEN before any key lookup', async () => {
    const deep = `${b64('{"alg":"RS256","kid":"rsa-1","x":' + '['.repeat(500) + ']'.repeat(500) + '}')}.${b64(adminClaims())}.AAAA`;
    await refusedWith(admin()(deep), 'MALFORMED_TOKEN');
    expect(server.requests).toBe(0);
  });

  test.each([[10_000], [100_000]])('GIVEN a plan nesting %i arrays THEN PLAN_TOO_DEEP, not a crash', async (depth) => {
    let plan: unknown = [];
    for (let i = 0; i < depth; i++) plan = [plan];
    await refusedWith(plans()(planToken(), plan), 'PLAN_TOO_DEEP');
  });
});

describe('one spelling per signature', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  test.each([
    ['RS256', (t: string) => admin()(t), () => adminToken()],
    ['ES256', (t: string) => plans()(t, PLAN), () => planToken()],
  ])('%s: a last character with a spare bit set (same bytes), or an extra character, is BAD_SIGNATURE; the canonical one verifies', async (_, call, tokenOf) => {
    const good = tokenOf();
    // 256 and 64 bytes both leave 4 spare bits in the last character: setting the lowest decodes to the same bytes.
    const sibling = alphabet[alphabet.indexOf(good[good.length - 1]) | 1];
    const variant = `${good.slice(0, -1)}${sibling}`;
    expect(Buffer.from(variant.split('.')[2], 'base64url')).toEqual(Buffer.from(good.split('.')[2], 'base64url'));
    await expect(call(good)).resolves.toBeDefined();
    expect(variant).not.toBe(good);
    await refusedWith(call(variant), 'BAD_SIGNATURE');
    await refusedWith(call(`${good}A`), 'BAD_SIGNATURE');
  });
});
