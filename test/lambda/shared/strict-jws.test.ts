/**
 * The strict JWS layer on its own (createStrictJwsVerifier with the real JWKS cache and a loopback JWKS server): one
 * spelling per segment, UTF-8 strictness, duplicate member names, header memo, signature lengths, ES256 high S, and
 * the payload read only after the signature verifies. Tokens are signed with node:crypto.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { JwksKeyCache } from '../../../lambda/shared/jwks-cache';
import { JwsAlgorithm } from '../../../lambda/shared/jwk-policy';
import { createStrictJwsVerifier } from '../../../lambda/shared/strict-jws';
import { TimeoutFetcher } from '../../../lambda/shared/timeout-fetcher';
import { JwksServer } from '../../helpers/jwks-server';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const text = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

let server: JwksServer;
let url: string;
beforeAll(async () => {
  server = new JwksServer();
  url = await server.start();
  server.behaviour = { kind: 'serve', body: { keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r' }, { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e' }] } };
});
afterAll(() => server.stop());

const verifier = (alg: JwsAlgorithm) =>
  createStrictJwsVerifier({ alg, keys: new JwksKeyCache({ url, alg, fetcher: new TimeoutFetcher(1000), maxAgeSeconds: 300, minRefetchSeconds: 30 }), maxLength: 8192, maxPayloadDepth: 4 });
const signWith = (alg: JwsAlgorithm, input: string) =>
  alg === 'RS256' ? sign('sha256', Buffer.from(input), rsa.privateKey) : sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
/** A token over the exact segment texts given (so a test can write any spelling), signed over them. */
const tokenOf = (alg: JwsAlgorithm, header: string, payload: string) => `${header}.${payload}.${signWith(alg, `${header}.${payload}`).toString('base64url')}`;
const headerOf = (alg: JwsAlgorithm) => text({ alg, kid: alg === 'RS256' ? 'r' : 'e' });
const PAYLOAD = text({ sub: 'x' });
const outcome = async (alg: JwsAlgorithm, token: string) => {
  try {
    return await verifier(alg)(token);
  } catch (error) {
    return (error as { reason: string }).reason;
  }
};

describe.each<JwsAlgorithm>(['RS256', 'ES256'])('%s: one spelling per segment', (alg) => {
  test('GIVEN canonical segments THEN verified (so each refusal below is the case under test)', async () => {
    await expect(outcome(alg, tokenOf(alg, headerOf(alg), PAYLOAD))).resolves.toEqual({ kid: alg === 'RS256' ? 'r' : 'e', payload: { sub: 'x' } });
  });

  test.each([
    ['a dangling character in the header', (h: string, p: string) => [`${whole(h)}A`, p]],
    ['a dangling character in the payload', (h: string, p: string) => [h, `${whole(p)}A`]],
    ['a stray bit in the header', (h: string, p: string) => [strayBit(h), p]],
    ['a stray bit in the payload', (h: string, p: string) => [h, strayBit(p)]],
  ])('GIVEN %s, validly signed over that text THEN MALFORMED_TOKEN', async (_, spell) => {
    const [h, p] = spell(headerOf(alg), PAYLOAD);
    const bytes = (t: string) => JSON.parse(Buffer.from(t, 'base64url').toString()); // the same JSON as the canonical token's
    expect([bytes(h), bytes(p)]).toEqual([bytes(headerOf(alg)), bytes(PAYLOAD)]);
    await expect(outcome(alg, tokenOf(alg, h, p))).resolves.toBe('MALFORMED_TOKEN');
  });

  test.each([
    ['padding', (t: string) => t.replace(/\.([^.]+)$/, '.$1==')],
    ['a space', (t: string) => t.replace('.', '. ')],
    ['a base64 (not base64url) character', (t: string) => `+${t.slice(1)}`],
    ['an empty payload segment', (t: string) => t.replace(/\.[^.]+\./, '..')],
    ['a fourth segment', (t: string) => `${t}.AAAA`],
  ])('GIVEN %s THEN MALFORMED_TOKEN before any key lookup', async (_, edit) => {
    await expect(outcome(alg, edit(tokenOf(alg, headerOf(alg), PAYLOAD)))).resolves.toBe('MALFORMED_TOKEN');
  });

  test.each([
    ['a byte order mark before the header', () => text(`\uFEFF${JSON.stringify({ alg, kid: alg === 'RS256' ? 'r' : 'e' })}`), () => PAYLOAD],
    ['a byte order mark before the payload', () => headerOf(alg), () => text('\uFEFF{"sub":"x"}')],
    ['an overlong UTF-8 encoding in the payload', () => headerOf(alg), () => Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')],
    ['a UTF-8 encoded surrogate in the payload', () => headerOf(alg), () => Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')],
  ])('GIVEN %s, validly signed THEN MALFORMED_TOKEN', async (_, header, payload) => {
    await expect(outcome(alg, tokenOf(alg, header(), payload()))).resolves.toBe('MALFORMED_TOKEN');
  });
});

/** The segment of the same JSON followed by spaces, to a length of whole 4-character groups (so nothing dangles yet). */
function whole(segment: string): string {
  let json = Buffer.from(segment, 'base64url').toString();
  while (Buffer.byteLength(json) % 3 !== 0) json += ' ';
  return Buffer.from(json).toString('base64url');
}

/** The same bytes with the lowest spare bit of the last character set (a length with spare bits is needed). */
function strayBit(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  if (segment.length % 4 === 0) throw new Error(`no spare bits in a segment of ${segment.length} characters`);
  return `${segment.slice(0, -1)}${alphabet[alphabet.indexOf(segment[segment.length - 1]) | 1]}`;
}

describe('duplicate member names (RFC 7515 4, RFC 7519 4: reject, or take the last; we take the last, as JSON.parse does)', () => {
  test('GIVEN a header naming alg twice THEN only the last counts, whichever way round', async () => {
    await expect(outcome('RS256', tokenOf('RS256', text('{"alg":"RS256","kid":"r","alg":"none"}'), PAYLOAD))).resolves.toBe('ALG_NOT_ALLOWED');
    await expect(outcome('RS256', tokenOf('RS256', text('{"alg":"none","kid":"r","alg":"RS256"}'), PAYLOAD))).resolves.toMatchObject({ kid: 'r' });
  });

  test('GIVEN crit hidden behind a later duplicate of another member THEN still refused (every member is seen)', async () => {
    await expect(outcome('RS256', tokenOf('RS256', text('{"alg":"RS256","crit":["exp"],"kid":"r","kid":"r"}'), PAYLOAD))).resolves.toBe('CRIT_UNSUPPORTED');
  });

  test('GIVEN a signed payload naming sub twice THEN the last value is the claim', async () => {
    await expect(outcome('ES256', tokenOf('ES256', headerOf('ES256'), text('{"sub":"first","sub":"last"}')))).resolves.toMatchObject({ payload: { sub: 'last' } });
  });
});

describe('header memo: a remembered header never lets another through', () => {
  test('GIVEN a header verified once THEN tokens differing only in the header are judged afresh, and a bad signature under it still fails', async () => {
    const verify = verifier('RS256');
    const good = tokenOf('RS256', headerOf('RS256'), PAYLOAD);
    await expect(verify(good)).resolves.toBeDefined();
    const rejected = (t: string) => Promise.resolve().then(() => verify(t)).then(() => 'accepted', (e) => e.reason);
    await expect(rejected(tokenOf('RS256', text({ alg: 'RS256', kid: 'r', crit: ['x'] }), PAYLOAD))).resolves.toBe('CRIT_UNSUPPORTED');
    await expect(rejected(tokenOf('RS256', text({ alg: 'RS256', kid: 'r', jku: 'http://127.0.0.1:9/' }), PAYLOAD))).resolves.toBe('KEY_HEADER_REFUSED');
    await expect(rejected(`${headerOf('RS256')}.${text({ sub: 'y' })}.${good.split('.')[2]}`)).resolves.toBe('BAD_SIGNATURE');
    await expect(rejected(good)).resolves.toBe('accepted');
  });
});

describe('signatures: lengths, malleability, and the payload read only after one verifies', () => {
  test('RS256 (RFC 8017 8.2.2 step 1): a signature one octet short or long is BAD_SIGNATURE, even when only a leading zero is dropped', async () => {
    let input = '';
    let signature = Buffer.alloc(0);
    for (let i = 0; signature[0] !== 0; i++) {
      input = `${headerOf('RS256')}.${text({ sub: 'x', n: i })}`;
      signature = signWith('RS256', input);
    }
    const spelled = (s: Buffer) => `${input}.${s.toString('base64url')}`;
    await expect(outcome('RS256', spelled(signature))).resolves.toMatchObject({ kid: 'r' });
    await expect(outcome('RS256', spelled(signature.subarray(1)))).resolves.toBe('BAD_SIGNATURE');
    await expect(outcome('RS256', spelled(Buffer.concat([Buffer.alloc(1), signature])))).resolves.toBe('BAD_SIGNATURE');
  });

  test('ES256: 63 or 65 bytes, or r or s zero or >= n, is BAD_SIGNATURE', async () => {
    const input = `${headerOf('ES256')}.${PAYLOAD}`;
    const good = signWith('ES256', input);
    const n = Buffer.from(P256_N.toString(16), 'hex');
    for (const bad of [good.subarray(1), Buffer.concat([good, Buffer.alloc(1)]), Buffer.concat([Buffer.alloc(32), good.subarray(32)]), Buffer.concat([n, good.subarray(32)]), Buffer.concat([good.subarray(0, 32), n])]) {
      await expect(outcome('ES256', `${input}.${bad.toString('base64url')}`)).resolves.toBe('BAD_SIGNATURE');
    }
  });

  test('ES256 high S (decision: accepted, as RFC 7518 3.4 and Wycheproof have it): n - s verifies and yields the same claims', async () => {
    const input = `${headerOf('ES256')}.${PAYLOAD}`;
    const good = signWith('ES256', input);
    const s = BigInt(`0x${good.subarray(32).toString('hex')}`);
    const flipped = Buffer.concat([good.subarray(0, 32), Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex')]);
    const [a, b] = [await outcome('ES256', `${input}.${good.toString('base64url')}`), await outcome('ES256', `${input}.${flipped.toString('base64url')}`)];
    expect(b).toEqual(a);
    expect(a).toMatchObject({ payload: { sub: 'x' } });
  });

  test.each<JwsAlgorithm>(['RS256', 'ES256'])('%s: a payload that is not JSON, or nests 10,000 deep, under a bad signature is BAD_SIGNATURE', async (alg) => {
    for (const payload of [text('not json'), text(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)]) {
      const signature = tokenOf(alg, headerOf(alg), PAYLOAD).split('.')[2];
      const verify = createStrictJwsVerifier({ alg, keys: new JwksKeyCache({ url, alg, fetcher: new TimeoutFetcher(1000), maxAgeSeconds: 300, minRefetchSeconds: 30 }), maxLength: 100_000, maxPayloadDepth: 4 });
      await expect(Promise.resolve().then(() => verify(`${headerOf(alg)}.${payload}.${signature}`))).rejects.toMatchObject({ reason: 'BAD_SIGNATURE' });
    }
  });
});
