import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { derToJose, SignatureEncodingError } from '../../../lambda/shared/der-jose';
import { joseToDer } from '../../helpers/der-jose';
import { describeWithVectors, EcdsaVectorFile, loadVectors } from '../../helpers/wycheproof';

describe('derToJose / joseToDer', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  test('GIVEN 200 real DER signatures THEN each converts to 64 bytes that verify as P1363 and round-trip to the same DER', () => {
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign('sha256', data, privateKey);
      const jose = derToJose(der);
      expect(jose).toHaveLength(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
      expect(joseToDer(jose)).toEqual(der);
    }
  });

  const der = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
  test.each([
    ['empty', ''],
    ['not a SEQUENCE', '3106020101020101'],
    ['long-form SEQUENCE length (BER)', '30810602010102010101'],
    ['SEQUENCE length too long', '3007020101020101'],
    ['SEQUENCE length too short', '3005020101020101'],
    ['trailing byte', '300602010102010100'],
    ['r not an INTEGER', '3006030101020101'],
    ['r zero', '3006020100020101'],
    ['s zero', '3006020101020100'],
    ['r negative', '3006020181020101'],
    ['r with a superfluous leading zero', '300702020001020101'],
    ['r of 33 bytes without sign padding', `3026022101${'00'.repeat(32)}020101`],
    ['r of zero length', '30050200020101'],
    ['s missing', '3003020101'],
  ])('GIVEN %s THEN it is refused', (_, hex) => {
    expect(() => derToJose(der(hex))).toThrow(SignatureEncodingError);
  });

  test('GIVEN a 63- or 65-byte r||s THEN joseToDer refuses it', () => {
    expect(() => joseToDer(Buffer.alloc(63, 1))).toThrow('must be 64 bytes, got 63');
    expect(() => joseToDer(Buffer.alloc(65, 1))).toThrow('must be 64 bytes, got 65');
  });
});

describeWithVectors('Wycheproof ecdsa_secp256r1_sha256 (DER): the converter and P1363 verification agree with every case', () => {
  const file = loadVectors<EcdsaVectorFile>('ecdsa_secp256r1_sha256_test.json');
  const cases = file.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, key: createPublicKey(g.publicKeyPem) })));

  test(`all ${cases.length} cases: valid ones convert and verify; malformed and BER ones are refused or fail`, () => {
    const disagreements: string[] = [];
    let refusedByConverter = 0;
    for (const c of cases) {
      let accepted: boolean;
      try {
        const jose = derToJose(Buffer.from(c.sig, 'hex'));
        accepted = verify('sha256', Buffer.from(c.msg, 'hex'), { key: c.key, dsaEncoding: 'ieee-p1363' }, jose);
      } catch (error) {
        if (!(error instanceof SignatureEncodingError)) throw error;
        refusedByConverter++;
        accepted = false;
      }
      const expected = c.result === 'valid';
      if (c.result !== 'acceptable' && accepted !== expected) {
        disagreements.push(`tcId ${c.tcId} (${c.comment}): expected ${c.result}, converter+verify said ${accepted ? 'valid' : 'invalid'}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(refusedByConverter).toBeGreaterThan(0);
  });
});
