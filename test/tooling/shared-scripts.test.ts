/**
 * The jest runtime's shared scripts (test/helpers/shared-scripts.js): a compiled module source is reused only for the
 * very same file, module parameters and code; every use still runs the module body again in its own context; what
 * cannot be shared goes to vm.compileFunction; stack traces keep their lines and columns.
 */
import * as vm from 'node:vm';
import { CompileFunction, createSharedCompileFunction, shareable } from '../helpers/shared-scripts';

const PARAMS = ['module', 'exports', 'require'];

function counting(): CompileFunction & { calls: number } {
  const fallback = ((code: string, params?: string[], options?: object) => {
    fallback.calls++;
    return vm.compileFunction(code, params, { ...options, produceCachedData: false });
  }) as CompileFunction & { calls: number };
  fallback.calls = 0;
  return fallback;
}

function load(compile: CompileFunction, code: string, context: vm.Context, filename = '/repo/node_modules/m/index.js') {
  const module = { exports: {} as Record<string, unknown> };
  compile(code, PARAMS, { filename, parsingContext: context }).call(module.exports, module, module.exports, () => undefined);
  return module.exports;
}

describe('reuse', () => {
  test('GIVEN the same file with the same code and parameters THEN the script is reused; another file, other parameters or other code, even of the same length, THEN it is not', () => {
    const compile = createSharedCompileFunction(counting());
    const context = vm.createContext({});
    const compileAs = (code: string, filename = '/a.js', params = PARAMS) => compile(code, params, { filename, parsingContext: context });
    compileAs('exports.x = 1;');
    compileAs('exports.x = 1;');
    expect(compile.stats).toEqual({ hits: 1, misses: 1 });
    compileAs('exports.x = 1;', '/b.js');
    compileAs('exports.x = 1;', '/a.js', [...PARAMS, 'jest']);
    // Same length, one character apart: V8's own code cache would accept this (it checks the source length only).
    const module = { exports: {} as Record<string, unknown> };
    compileAs('exports.y = 1;').call(module.exports, module, module.exports, () => undefined);
    expect(module.exports).toEqual({ y: 1 });
    expect(compile.stats).toEqual({ hits: 1, misses: 4 });
  });
});

describe('a shared compile', () => {
  test('GIVEN the same module in two contexts THEN it is compiled once, and each context gets its own functions and state', () => {
    const compile = createSharedCompileFunction(counting());
    const code = 'let calls = 0; exports.count = () => ++calls; exports.isArray = (x) => x instanceof Array;';
    const [a, b] = [vm.createContext({}), vm.createContext({})];
    const first = load(compile, code, a) as { count: () => number; isArray: (x: unknown) => boolean };
    const second = load(compile, code, b) as { count: () => number; isArray: (x: unknown) => boolean };
    expect(compile.stats).toEqual({ hits: 1, misses: 1 });
    expect([first.count(), first.count(), second.count()]).toEqual([1, 2, 1]);
    expect(first.count).not.toBe(second.count);
    // Each function belongs to its own context: an array of that context is an Array there and not in the other.
    const arrayOfA = vm.runInContext('[]', a);
    expect([first.isArray(arrayOfA), second.isArray(arrayOfA)]).toEqual([true, false]);
  });

  test('GIVEN the code of a file changed THEN the new code runs, not the script compiled before', () => {
    const compile = createSharedCompileFunction(counting());
    const context = vm.createContext({});
    expect(load(compile, 'exports.v = "old";', context)).toEqual({ v: 'old' });
    expect(load(compile, 'exports.v = "new";', context)).toEqual({ v: 'new' });
    expect(compile.stats).toEqual({ hits: 0, misses: 2 });
  });

  test('GIVEN a dynamic import, no context or cached data THEN vm.compileFunction compiles it, as jest would', () => {
    const fallback = counting();
    const compile = createSharedCompileFunction(fallback);
    const context = vm.createContext({});
    load(compile, 'exports.later = () => import("x");', context);
    compile('exports.x = 1;', PARAMS, { filename: '/a.js' });
    compile('exports.x = 1;', PARAMS, { filename: '/a.js', parsingContext: context, produceCachedData: true });
    expect(fallback.calls).toBe(3);
    expect(compile.stats).toEqual({ hits: 0, misses: 0 });
    expect(shareable('exports.x = 1;', { filename: '/a.js', parsingContext: context })).toBe(true);
  });

  test('GIVEN an error on the first line and on a later one THEN the stack names the same lines and columns as vm.compileFunction', () => {
    const code = 'exports.f = function f() { throw new Error("first"); };\nexports.g = function g() {\n  throw new Error("later"); };';
    const where = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return (error as Error).stack!.split('\n')[1].trim();
      }
      throw new Error('did not throw');
    };
    const compile = createSharedCompileFunction(counting());
    const shared = load(compile, code, vm.createContext({}), '/repo/m.js') as Record<string, () => void>;
    const plain = load(counting(), code, vm.createContext({}), '/repo/m.js') as Record<string, () => void>;
    expect(compile.stats.misses).toBe(1);
    expect(where(shared.f)).toBe(where(plain.f));
    expect(where(shared.g)).toBe(where(plain.g));
    expect(where(shared.f)).toMatch(/\/repo\/m\.js:1:34\)$/);
  });

  test('the test workers run with the shared compile installed (jest.config.js `runtime`)', () => {
    const installed = (vm.compileFunction as CompileFunction).stats;
    expect(installed).toBeDefined();
    expect(installed!.hits + installed!.misses).toBeGreaterThan(0);
  });
});
