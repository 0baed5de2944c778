'use strict';
/**
 * One compiled script per module source for every test file a jest worker runs.
 *
 * Jest gives each test file a fresh module registry in a fresh vm context, and compiles every module it loads with
 * `vm.compileFunction`, which V8 never caches: each of the ~50 files that build stacks parsed aws-cdk-lib's modules
 * (ec2.generated.js alone is 1.7 MB) and compiled every function it ran again from nothing. A `vm.Script` is not bound
 * to a context, so the same compiled script can be run in each test file's context: the module's functions and state are
 * still new for every file (the wrapper runs again and returns a new function of that context), only the parse and the
 * bytecode are shared, as Node shares them between the contexts of one process.
 *
 * A script is reused only for the same file name, jest's module parameters and the exact code jest passes (after any
 * transform), compared in full: a changed file or transform compiles a new script. The map lives in the worker's memory
 * and dies with it.
 * Left to `vm.compileFunction` as before: calls without a context or with their own cached data, and any code that
 * contains `import(` (a script shared between files could not route a dynamic import to the right file's loader).
 */
const vm = require('node:vm');

/** Whether a compile may use a shared script (see above). */
function shareable(code, options) {
  return (
    options !== undefined &&
    typeof options.filename === 'string' &&
    options.parsingContext !== undefined &&
    options.cachedData === undefined &&
    options.produceCachedData === undefined &&
    !/\bimport\s*\(/.test(code)
  );
}

/**
 * A `compileFunction` with vm.compileFunction's result for a shareable call: a function of `options.parsingContext`
 * with `params`, whose body is `code`. Stack traces keep their lines and columns (the wrapper's first-line prefix is
 * taken off with a negative column offset).
 */
function createSharedCompileFunction(compileFunction = vm.compileFunction) {
  /** Per file name: the module parameters, the code and the script compiled from them (the latest only). */
  const scripts = new Map();
  const stats = { hits: 0, misses: 0 };
  function sharedCompileFunction(code, params = [], options) {
    if (!shareable(code, options)) {
      return compileFunction.call(this, code, params, options);
    }
    const parameters = params.join(', ');
    const lineOffset = options.lineOffset ?? 0;
    const columnOffset = options.columnOffset ?? 0;
    let entry = scripts.get(options.filename);
    // Full comparison of the code (V8 compares lengths first), not a hash: a reused script is always this exact source.
    if (entry !== undefined && entry.code === code && entry.parameters === parameters && entry.lineOffset === lineOffset && entry.columnOffset === columnOffset) {
      stats.hits++;
    } else {
      stats.misses++;
      const prefix = `(function (${parameters}) {`;
      const script = new vm.Script(`${prefix}${code}\n})`, { filename: options.filename, lineOffset, columnOffset: columnOffset - prefix.length });
      entry = { code, parameters, lineOffset, columnOffset, script };
      scripts.set(options.filename, entry);
    }
    return entry.script.runInContext(options.parsingContext);
  }
  sharedCompileFunction.stats = stats;
  return sharedCompileFunction;
}

/** Replaces vm.compileFunction in this process (a jest worker) once. */
function installSharedScripts() {
  if (!vm.compileFunction.stats) {
    vm.compileFunction = createSharedCompileFunction(vm.compileFunction);
  }
}

module.exports = { createSharedCompileFunction, installSharedScripts, shareable };
