/**
 * The depth scan against the parser, on hostile text: strings and member names full of brackets, quotes and
 * backslashes (`"\\\"[[[["`), escapes just before a closing quote, the fast path that skips the scan when a text has
 * few enough brackets. For every generated JSON text, the scan's depth is the parsed value's depth, and
 * parseBoundedJson accepts at exactly that depth and refuses one below it. Seeded, so a failure is reproducible.
 */
import { jsonDepth, parseBoundedJson } from '../../../lambda/shared/bounded-json';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NASTY = ['[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '\\\\"[[[[', '"\\\\\\"[[[["', '\\u005b', '\u2028', ':', ','];

function nastyString(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += NASTY[Math.floor(r() * NASTY.length)];
  return s;
}

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth <= 0 || pick < 0.3) return pick < 0.15 ? nastyString(r) : Math.floor(r() * 100);
  const n = 1 + Math.floor(r() * 3);
  if (pick < 0.65) return Array.from({ length: n }, () => value(r, depth - 1));
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${nastyString(r)}${i}`, value(r, depth - 1)]));
}

/** The depth of a parsed value with an explicit stack (the reference the scan must agree with). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, d + 1);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

describe('the depth scan agrees with the parser on 3,000 hostile texts', () => {
  test('GIVEN generated JSON with brackets, quotes and backslashes in strings and names THEN scan depth = parsed depth, and the limit is exact', () => {
    const r = prng(16);
    const problems: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const text = JSON.stringify(value(r, 1 + Math.floor(r() * 9)), null, i % 3 === 0 ? 1 : undefined);
      const depth = depthOf(JSON.parse(text));
      if (jsonDepth(text, 100) !== depth) problems.push(`scan ${jsonDepth(text, 100)} != ${depth}: ${text}`);
      const at = (maxDepth: number) => {
        try {
          parseBoundedJson(text, { maxLength: 1 << 20, maxDepth });
          return 'ok';
        } catch (error) {
          return (error as { reason: string }).reason;
        }
      };
      if (at(depth) !== 'ok') problems.push(`refused at its own depth ${depth}: ${text}`);
      if (depth > 0 && at(depth - 1) !== 'TOO_DEEP') problems.push(`accepted at depth ${depth - 1}: ${text}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  test.each([
    ['an escaped backslash closes the string before real brackets', '["\\\\",[[[[]]]]]', 5],
    ['an escaped quote keeps brackets inside the string', '["\\"[[[[",1]', 1],
    ['the brief\'s "\\\\\\"[[[[" as a member name', '{"\\\\\\"[[[[":{"a":[]}}', 3],
    ['brackets only in strings, more than the limit (no fast path)', `{"a":"${'['.repeat(50)}","b":[[1]]}`, 3],
  ])('%s', (_, text, depth) => {
    expect(jsonDepth(text, 100)).toBe(depth);
    expect(() => parseBoundedJson(text, { maxLength: 1000, maxDepth: depth - 1 })).toThrow(expect.objectContaining({ reason: 'TOO_DEEP' }));
    expect(parseBoundedJson(text, { maxLength: 1000, maxDepth: depth })).toEqual(JSON.parse(text));
  });
});
