/**
 * Wycheproof's JWS and JWK vectors (json_web_signature_test.json, json_web_key_test.json) through the real strict JWS
 * verifier, with each group's key set served by a real JWKS server on 127.0.0.1 and read by the real key cache.
 *
 * Wycheproof's payloads are not claims sets (`foo`), so "the signature was accepted" is observed as: the key cache
 * handed out a key and the refusal, if any, came after (the payload, parsed only once the signature verifies). The
 * rule: no vector Wycheproof calls invalid may get its signature accepted. Valid vectors that are refused must be
 * one of the deliberate differences listed in DIVERGENCE, which the test checks one by one.
 */
import { JwksKeyCache } from '../../../lambda/shared/jwks-cache';
import { hasRocaFingerprint, JwsAlgorithm } from '../../../lambda/shared/jwk-policy';
import { createStrictJwsVerifier } from '../../../lambda/shared/strict-jws';
import { TimeoutFetcher } from '../../../lambda/shared/timeout-fetcher';
import { JwksServer } from '../../helpers/jwks-server';
import { describeWithVectors, loadVectors } from '../../helpers/wycheproof';

type Jwk = Record<string, unknown>;
interface JoseVector { tcId: string | number; comment: string; jws?: string; result: 'valid' | 'invalid' | 'acceptable'; flags?: string | string[] }
interface JoseGroup { comment: string; public?: Jwk | { keys: Jwk[] }; private?: Jwk | { keys: Jwk[] }; tests: JoseVector[] }
type Outcome = 'verified' | 'payload refused after the signature verified' | `refused: ${string}`;

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const headerOf = (jws: string): Jwk => {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString());
  } catch {
    return {};
  }
};
/** Why our verifier refuses a vector Wycheproof calls valid; undefined if it should not. */
const DIVERGENCE: Record<string, (v: JoseVector, keys: Jwk[]) => boolean> = {
  'one algorithm per verifier: RS256 (admin) or ES256 (plans), never HS*, PS*, RS384/512, ES384/512': (v) => !['RS256', 'ES256'].includes(String(headerOf(v.jws!).alg)),
  'a JWT payload is never empty (compact shape)': (v) => v.jws!.split('.')[1] === '',
  'a key set served with private members is misconfigured: those keys are not keys': (_, keys) => keys.every((k) => PRIVATE.some((m) => m in k)),
};

let server: JwksServer;
let url: string;
beforeAll(async () => {
  server = new JwksServer();
  url = await server.start();
});
afterAll(() => server.stop());

/** The key set a JWKS endpoint would publish for the group: its public set, else its private one as given. */
function keySetOf(group: JoseGroup, jws: string): Jwk[] {
  const source = group.public ?? group.private ?? { keys: [] };
  const keys = 'keys' in source ? (source.keys as Jwk[]) : [source as Jwk];
  const kid = headerOf(jws).kid;
  return keys.map((k) => (k.kid === undefined && typeof kid === 'string' ? { ...k, kid } : k));
}

async function outcome(alg: JwsAlgorithm, jws: string): Promise<Outcome> {
  const cache = new JwksKeyCache({ url, alg, fetcher: new TimeoutFetcher(2000), maxAgeSeconds: 300, minRefetchSeconds: 30 });
  let keyHandedOut = false;
  const keys = {
    cached: (kid: string) => cache.cached(kid),
    key: async (kid: string) => {
      const key = await cache.key(kid);
      keyHandedOut = true;
      return key;
    },
  };
  try {
    await createStrictJwsVerifier({ alg, keys, maxLength: 16_384, maxPayloadDepth: 8 })(jws);
    return 'verified';
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? String(error);
    return keyHandedOut && (reason === 'MALFORMED_TOKEN' || reason === 'NESTING_TOO_DEEP') ? 'payload refused after the signature verified' : `refused: ${reason}`;
  }
}

async function run(file: string) {
  const groups = loadVectors<{ testGroups: JoseGroup[] }>(file).testGroups;
  const accepted: string[] = [];
  const unexplained: string[] = [];
  const explained: Record<string, number> = {};
  let cases = 0;
  let validAccepted = 0;
  for (const group of groups) {
    for (const v of group.tests.filter((t) => typeof t.jws === 'string')) {
      cases++;
      const keys = keySetOf(group, v.jws!);
      server.behaviour = { kind: 'serve', body: { keys } };
      const results = await Promise.all((['RS256', 'ES256'] as const).map((alg) => outcome(alg, v.jws!)));
      const signatureAccepted = results.some((r) => !r.startsWith('refused'));
      const name = `tcId ${v.tcId} ${group.comment}/${v.comment}`;
      if (v.result === 'invalid' && signatureAccepted) accepted.push(`${name}: ${results.join(' / ')}`);
      if (v.result === 'valid' && signatureAccepted) validAccepted++;
      if (v.result === 'valid' && !signatureAccepted) {
        const why = Object.keys(DIVERGENCE).find((d) => DIVERGENCE[d](v, keys));
        if (why) explained[why] = (explained[why] ?? 0) + 1;
        else unexplained.push(`${name}: ${results.join(' / ')}`);
      }
    }
  }
  return { cases, validAccepted, accepted, unexplained, explained };
}

describeWithVectors('Wycheproof JOSE vectors through the strict JWS verifier and the JWKS cache', () => {
  // The tally of each file, pinned (it was printed to the log before; a changed count is now a failure that shows it):
  // the vectors read, the valid signatures accepted, and the valid ones refused for each listed difference.
  const ONE_ALGORITHM = Object.keys(DIVERGENCE)[0];
  const NO_EMPTY_PAYLOAD = Object.keys(DIVERGENCE)[1];
  test.each([
    ['json_web_signature_test.json', { cases: 401, validAccepted: 9, explained: { [ONE_ALGORITHM]: 36, [NO_EMPTY_PAYLOAD]: 1 } }],
    ['json_web_key_test.json', { cases: 26, validAccepted: 1, explained: { [ONE_ALGORITHM]: 4 } }],
  ])('%s: no invalid signature accepted; every refused valid one a listed difference', async (file, tally) => {
    const { cases, validAccepted, accepted, unexplained, explained } = await run(file);
    expect(accepted).toEqual([]);
    expect(unexplained).toEqual([]);
    expect({ cases, validAccepted, explained }).toEqual(tally);
  }, 60_000);

  test('the ROCA key of json_web_key_test.json carries the fingerprint; the other RSA keys there do not', () => {
    const groups = loadVectors<{ testGroups: JoseGroup[] }>('json_web_key_test.json').testGroups;
    const rsa = groups.flatMap((g) => keySetOf(g, g.tests[0].jws!)).filter((k) => k.kty === 'RSA' && typeof k.n === 'string');
    const flagged = rsa.filter((k) => hasRocaFingerprint(Buffer.from(k.n as string, 'base64url'))).map((k) => k.kid);
    expect(flagged).toEqual(['kid-rsa-roca-sign']);
    expect(rsa.length).toBeGreaterThan(3);
  });
});
