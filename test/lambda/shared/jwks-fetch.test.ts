/**
 * The JWKS fetcher and key cache against a real JWKS server on 127.0.0.1: the size cap holds while the body is read
 * (not after), redirects are refused, one fetch serves any number of concurrent unknown kids, a set's age counts from
 * its fetch's start, and only keys that fit the algorithm are kept (RFC 7517, RFC 7518 2 and 6).
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { JwksKeyCache, keysOf } from '../../../lambda/shared/jwks-cache';
import { JwksFetchError, TimeoutFetcher } from '../../../lambda/shared/timeout-fetcher';
import { JwksServer } from '../../helpers/jwks-server';

let server: JwksServer;
let url: string;
beforeAll(async () => {
  server = new JwksServer();
  url = await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests = 0;
  server.bytesStreamed = 0;
});

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const jwk = (key: KeyObject, extra: Record<string, unknown> = {}) => ({ ...key.export({ format: 'jwk' }), ...extra });
const set = (...keys: unknown[]) => new TextEncoder().encode(JSON.stringify({ keys })).buffer as ArrayBuffer;

describe('TimeoutFetcher: one bounded GET', () => {
  test('GIVEN a body that never ends THEN refused as too large once the cap is passed, long before the timeout', async () => {
    server.behaviour = { kind: 'endless' };
    const started = Date.now();
    const error = await new TimeoutFetcher(10_000).fetch(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as Error).message).toBe('JWKS fetch: expected at most 65536 bytes, got more');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('GIVEN a declared Content-Length above the cap THEN refused before the body is read', async () => {
    server.behaviour = { kind: 'raw', text: JSON.stringify({ keys: [], pad: 'x'.repeat(70_000) }) };
    await expect(new TimeoutFetcher(2_000).fetch(url)).rejects.toThrow('JWKS fetch: expected at most 65536 bytes, got a declared 70020');
  });

  test('GIVEN a redirect (even to a JWKS on the same host) THEN refused, and the target is never requested', async () => {
    server.behaviour = { kind: 'redirect', location: url };
    await expect(new TimeoutFetcher(2_000).fetch(url)).rejects.toThrow('JWKS fetch: request failed');
    expect(server.requests).toBe(1);
  });

  test.each([[204], [203], [500]])('GIVEN status %i THEN refused (only 200 is a key set)', async (status) => {
    server.behaviour = { kind: 'error', status };
    await expect(new TimeoutFetcher(2_000).fetch(url)).rejects.toThrow(`JWKS fetch: expected 200, got ${status}`);
  });

  test('GIVEN a body that trickles without end THEN the timeout covers reading it too', async () => {
    server.behaviour = { kind: 'drip' };
    const started = Date.now();
    await expect(new TimeoutFetcher(300).fetch(url)).rejects.toThrow('JWKS fetch: no complete answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('GIVEN an endpoint slower than the timeout THEN refused at the timeout', async () => {
    server.behaviour = { kind: 'slow', delayMs: 2_000 };
    await expect(new TimeoutFetcher(200).fetch(url)).rejects.toBeInstanceOf(JwksFetchError);
  });
});

describe('JwksKeyCache: bounded fetches, bounded trust', () => {
  const cache = (now?: () => number) => new JwksKeyCache({ url, alg: 'ES256', fetcher: new TimeoutFetcher(2_000), maxAgeSeconds: 300, minRefetchSeconds: 30, now });

  test('GIVEN 200 concurrent lookups of random kids on a cold cache THEN one fetch, and each is UNKNOWN_KID', async () => {
    server.behaviour = { kind: 'serve', body: { keys: [jwk(ec, { kid: 'k1' })] } };
    const c = cache();
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => c.key(`random-${i}`)));
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { reason: string }).reason === 'UNKNOWN_KID')).toBe(true);
    expect(server.requests).toBe(1);
    await expect(c.key('k1')).resolves.toBeDefined();
    expect(server.requests).toBe(1);
  });

  test('GIVEN a fetch that takes 1.5 s THEN the set expires max age after the fetch started, not after it ended', async () => {
    let t = 1_000_000;
    const c = cache(() => t);
    server.behaviour = { kind: 'serve', body: { keys: [jwk(ec, { kid: 'k1' })] } };
    const pending = c.key('k1');
    t += 1_500; // the clock moves while the request is in flight
    await pending;
    t = 1_000_000 + 299_999;
    expect(c.cached('k1')).toBeDefined();
    t = 1_000_000 + 300_000;
    expect(c.cached('k1')).toBeUndefined();
  });
});

describe('keysOf: only keys that fit the one algorithm', () => {
  test('GIVEN two fitting keys under one kid THEN that kid is dropped (ambiguous); a key under another kid is kept', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const keys = keysOf(set(jwk(ec, { kid: 'dup' }), jwk(other, { kid: 'dup' }), jwk(ec, { kid: 'ok' })), 'ES256');
    expect([...keys.keys()]).toEqual(['ok']);
  });

  test.each([
    ['use enc', { use: 'enc' }],
    ['key_ops without verify', { key_ops: ['encrypt'] }],
    ['key_ops not an array', { key_ops: 'verify' }],
    ['a private member d', { d: 'AAAA' }],
    ['alg of another algorithm', { alg: 'ES384' }],
  ])('GIVEN an EC key with %s THEN it is not a key', (_, extra) => {
    expect(keysOf(set(jwk(ec, { kid: 'k', ...extra })), 'ES256').size).toBe(0);
  });

  test('GIVEN a point off the curve THEN it is not a key', () => {
    const j = jwk(ec, { kid: 'k' }) as { y: string };
    const y = Buffer.from(j.y, 'base64url');
    y[31] ^= 1;
    expect(keysOf(set({ ...j, y: y.toString('base64url') }), 'ES256').size).toBe(0);
  });

  test.each([
    ['e = 1', 'AQ'],
    ['e even (65536)', 'AQAA'],
    ['e longer than 4 bytes', 'AQAAAAE'],
  ])('GIVEN an RSA key with %s THEN it is not a key', (_, e) => {
    expect(keysOf(set(jwk(rsa, { kid: 'k', e })), 'RS256').size).toBe(0);
  });

  test('GIVEN the RSA key as published THEN it is a key (so the refusals here are the case under test)', () => {
    expect(keysOf(set(jwk(rsa, { kid: 'k' })), 'RS256').size).toBe(1);
  });

  test('RFC 7518 2 (Base64urlUInt: the minimum number of octets): n or e with a leading zero octet is not a key', () => {
    const j = jwk(rsa, { kid: 'k' }) as { n: string; e: string };
    const padded = (v: string) => Buffer.concat([Buffer.alloc(1), Buffer.from(v, 'base64url')]).toString('base64url');
    expect(keysOf(set({ ...j, n: padded(j.n) }), 'RS256').size).toBe(0);
    expect(keysOf(set({ ...j, e: padded(j.e) }), 'RS256').size).toBe(0);
  });
});
