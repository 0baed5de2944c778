import { createHash } from 'node:crypto';
import { canonicalize, CanonicalizationError } from '../../contracts/canonical-json';

describe('canonicalize (RFC 8785)', () => {
  test('GIVEN the RFC 8785 section 3.2.2 example THEN the output is byte-identical to the RFC', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  test('GIVEN the RFC 8785 section 3.2.3 sorting example THEN members are ordered by UTF-16 code units', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const keys = Object.keys(JSON.parse(canonicalize(input)));
    // JSON.parse reorders integer-like keys, so compare the serialised order directly.
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","דּ":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(keys).toHaveLength(7);
  });

  test.each([
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [9007199254740992, '9007199254740992'],
    [-1.5e-300, '-1.5e-300'],
  ])('GIVEN the number %p THEN it serialises as ECMAScript does: %s', (n, text) => {
    expect(canonicalize(n)).toBe(text);
  });

  test('GIVEN the same plan with other key order and whitespace THEN the canonical bytes and the SHA-256 are identical', () => {
    const a = JSON.parse('{"steps":[{"id":1,"run":"x"},{"id":2,"run":"y"}],"tenant":"acme","version":3}');
    const b = JSON.parse('{ "version" : 3, "tenant":"acme",\n "steps":[{"run":"x","id":1},{"run":"y","id":2}] }');
    expect(canonicalize(a)).toBe(canonicalize(b));
    expect(createHash('sha256').update(canonicalize(a)).digest('hex')).toBe(createHash('sha256').update(canonicalize(b)).digest('hex'));
  });

  test('GIVEN a change of one character or a Unicode normalisation variant THEN the canonical bytes differ (JCS does not normalise)', () => {
    expect(canonicalize({ name: 'café' })).not.toBe(canonicalize({ name: 'cafe\u0301' }));
    expect(canonicalize({ n: 1 })).not.toBe(canonicalize({ n: 2 }));
    expect(canonicalize([1, 2])).not.toBe(canonicalize([2, 1]));
  });

  test.each([
    [Number.NaN, 'must be a finite number'],
    [Number.POSITIVE_INFINITY, 'must be a finite number'],
    ['\ud800 lone', 'lone surrogate'],
    [{ '\udc00': 1 }, 'lone surrogate'],
    [undefined, 'must be JSON'],
    [{ f: () => 1 }, 'must be JSON'],
    [{ big: BigInt(1) }, 'must be JSON'],
  ])('GIVEN %p THEN it is refused', (value, message) => {
    expect(() => canonicalize(value)).toThrow(CanonicalizationError);
    expect(() => canonicalize(value)).toThrow(message);
  });
});
