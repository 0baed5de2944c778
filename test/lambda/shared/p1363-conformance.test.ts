import { createPublicKey, verify } from 'node:crypto';
import { describeWithVectors, EcdsaVectorFile, loadVectors } from '../../helpers/wycheproof';

/**
 * The plan verifier checks ES256 signatures in lambda/shared/strict-jws.ts with node:crypto `verify`, SHA-256 and
 * `dsaEncoding: 'ieee-p1363'` (r || s), after requiring exactly 64 signature bytes. This runs every Wycheproof P1363
 * case through that same call (Wycheproof's messages are not JWS signing inputs, so not through the token parser)
 * and requires agreement with each case's expected result.
 */
describeWithVectors('Wycheproof ecdsa_secp256r1_sha256_p1363: the verifier signature check agrees with every case', () => {
  test('all cases', () => {
    const file = loadVectors<EcdsaVectorFile>('ecdsa_secp256r1_sha256_p1363_test.json');
    const disagreements: string[] = [];
    let cases = 0;
    for (const group of file.testGroups) {
      const key = createPublicKey({ key: Buffer.from(group.publicKeyDer, 'hex'), format: 'der', type: 'spki' });
      for (const t of group.tests) {
        cases++;
        let ok: boolean;
        try {
          ok = verify('sha256', Buffer.from(t.msg, 'hex'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(t.sig, 'hex'));
        } catch {
          ok = false;
        }
        if (t.result !== 'acceptable' && ok !== (t.result === 'valid')) {
          disagreements.push(`tcId ${t.tcId} (${t.comment}): expected ${t.result}, got ${ok ? 'valid' : 'invalid'}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(cases).toBeGreaterThan(200);
  });
});
