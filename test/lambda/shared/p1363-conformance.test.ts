import { webcrypto } from 'node:crypto';
import { describeWithVectors, EcdsaVectorFile, loadVectors } from '../../helpers/wycheproof';

/**
 * The plan verifier checks ES256 signatures with jose, which verifies through WebCrypto (ECDSA, P-256, SHA-256, raw
 * r||s). This runs Wycheproof's P1363 cases through that same primitive, configured as jose configures it, and
 * requires agreement with every case.
 */
describeWithVectors('Wycheproof ecdsa_secp256r1_sha256_p1363: the verifier signature primitive agrees with every case', () => {
  test('all cases', async () => {
    const file = loadVectors<EcdsaVectorFile>('ecdsa_secp256r1_sha256_p1363_test.json');
    const disagreements: string[] = [];
    let cases = 0;
    for (const group of file.testGroups) {
      const key = await webcrypto.subtle.importKey('spki', Buffer.from(group.publicKeyDer, 'hex'), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      for (const t of group.tests) {
        cases++;
        let ok: boolean;
        try {
          ok = await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(t.sig, 'hex'), Buffer.from(t.msg, 'hex'));
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
