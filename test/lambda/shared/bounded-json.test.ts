import { jsonDepth, JsonLimitError, parseBoundedJson, valueWithin } from '../../../lambda/shared/bounded-json';

const limits = { maxLength: 1 << 20, maxDepth: 8 };

describe('bounded JSON: size and depth before parsing, nothing recursive', () => {
  test.each([
    ['1', 0],
    ['"[[[["', 0],
    ['"\\"[["', 0],
    ['{}', 1],
    ['[[],[[]]]', 3],
    ['{"a":{"b":["]]]",{"c":1}]}}', 4],
  ])('depth of %s is %i', (text, depth) => {
    expect(jsonDepth(text, 100)).toBe(depth);
  });

  test.each([[10_000], [1_000_000]])('GIVEN arrays nested %i deep THEN TOO_DEEP, quickly and without a RangeError', (n) => {
    const text = `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(() => parseBoundedJson(text, { maxLength: 4 << 20, maxDepth: 64 })).toThrow(expect.objectContaining({ name: 'JsonLimitError', reason: 'TOO_DEEP' }));
  });

  test('GIVEN exactly the maximum depth THEN parsed; one more THEN refused', () => {
    expect(parseBoundedJson(`${'['.repeat(8)}${']'.repeat(8)}`, limits)).toEqual([[[[[[[[]]]]]]]]);
    expect(() => parseBoundedJson(`${'['.repeat(9)}${']'.repeat(9)}`, limits)).toThrow(expect.objectContaining({ reason: 'TOO_DEEP' }));
  });

  test('GIVEN text over the length THEN TOO_LARGE before scanning', () => {
    expect(() => parseBoundedJson('[1]', { maxLength: 2, maxDepth: 8 })).toThrow(expect.objectContaining({ reason: 'TOO_LARGE' }));
  });

  test.each([['{"a":'], ['[1,]'], ['"unterminated'], [''], ['NaN']])('GIVEN %j THEN NOT_JSON (a JsonLimitError, not a SyntaxError)', (text) => {
    expect(() => parseBoundedJson(text, limits)).toThrow(JsonLimitError);
    expect(() => parseBoundedJson(text, limits)).toThrow(expect.objectContaining({ reason: 'NOT_JSON' }));
  });

  test('GIVEN huge numbers THEN parsed as JSON.parse does (1e400 is Infinity; callers judge it)', () => {
    expect(parseBoundedJson('[1e400,-1e400,1e300]', limits)).toEqual([Infinity, -Infinity, 1e300]);
  });

  test('GIVEN values THEN valueWithin bounds their depth and node count without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(valueWithin(deep, 64)).toBe(false);
    expect(valueWithin({ a: [{ b: 1 }] }, 3)).toBe(true);
    expect(valueWithin({ a: [{ b: 1 }] }, 2)).toBe(false);
    expect(valueWithin(Array.from({ length: 1000 }, () => 1), 1, 500)).toBe(false);
    expect(valueWithin('scalar', 0)).toBe(true);
  });
});
