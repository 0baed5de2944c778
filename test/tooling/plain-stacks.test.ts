/**
 * The jest runtime's plain-object stack formatting (test/helpers/plain-stacks.js): while jest's formatter is installed,
 * a capture into something that is not an error is formatted as V8 does, every error still goes through jest's
 * formatter (source-mapped), any other formatter is left alone, and restoring a saved formatter restores jest's.
 */
import { readFileSync } from 'node:fs';
import { installPlainStacks, JEST_FORMATTER, plainFormat } from '../helpers/plain-stacks';

type Formatter = (error: unknown, frames: NodeJS.CallSite[]) => unknown;

function setup() {
  const calls: unknown[] = [];
  const jest = function formatStackTrace(error: unknown) {
    calls.push(error);
    return 'jest';
  }.bind(null);
  const realm: { prepareStackTrace?: Formatter } = { prepareStackTrace: jest };
  installPlainStacks(realm);
  return { realm, jest, calls };
}

const frames = (): NodeJS.CallSite[] => {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, callSites) => callSites;
  const callSites = new Error().stack as unknown as NodeJS.CallSite[];
  Error.prepareStackTrace = saved;
  return callSites;
};

test('GIVEN jest\'s formatter THEN a plain-object capture is formatted as V8 does and an error still goes to jest', () => {
  const { realm, jest, calls } = setup();
  expect(jest.name).toBe(JEST_FORMATTER);
  const callSites = frames();
  const format = realm.prepareStackTrace!;
  expect(format({}, callSites)).toBe(`Error: ${callSites.map((f) => `\n    at ${f}`).join('')}`);
  expect(format({}, callSites)).toBe(plainFormat({}, callSites));
  const error = new TypeError('x');
  expect(format(error, callSites)).toBe('jest');
  expect(calls).toEqual([error]);
});

test('GIVEN another formatter installed THEN it reads as itself and sees plain captures; restoring the saved one restores jest\'s', () => {
  const { realm, calls } = setup();
  const saved = realm.prepareStackTrace;
  const structured: Formatter = (_, callSites) => callSites;
  realm.prepareStackTrace = structured;
  expect(realm.prepareStackTrace).toBe(structured);
  const callSites = frames();
  expect(realm.prepareStackTrace!({}, callSites)).toBe(callSites);
  realm.prepareStackTrace = saved;
  expect(realm.prepareStackTrace!(new Error('y'), callSites)).toBe('jest');
  expect(calls).toHaveLength(1);
  realm.prepareStackTrace = undefined;
  expect(realm.prepareStackTrace).toBeUndefined();
});

test('GIVEN an error thrown in this test file THEN its stack still names the TypeScript source line (jest\'s source maps are on)', () => {
  const lines = readFileSync(__filename, 'utf8').split('\n');
  const expected = lines.findIndex((l) => l.includes(`new Error('${'MARKER'}-a1f3')`)) + 1;
  const stack = new Error('MARKER-a1f3').stack!;
  expect(expected).toBeGreaterThan(0);
  expect(stack).toContain(`plain-stacks.test.ts:${expected}:`);
});
