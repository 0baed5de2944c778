// Jest forks its test workers with this process's execArgv (jest-worker, and the child processes of the construct
// tests' runner), so these flags reach every worker (NODE_OPTIONS does not accept them). V8's parallel and concurrent GC
// helper threads cost more CPU than they save here: two workers already keep both cores busy, and each WebAssembly
// memory growth of the CloudFormation schema engine forces a full collection of a worker's heap. And the schema engine
// (the only WebAssembly a test runs in process) does too little work per test file to repay its optimizing compiler:
// baseline code only (--liftoff-only), report + gate tests in one process 20.5-24 s -> 17-17.7 s of CPU over three
// alternating runs, same results.
for (const flag of ['--single-threaded-gc', '--liftoff-only']) {
  if (!process.execArgv.includes(flag)) {
    process.execArgv.push(flag);
  }
}

/**
 * The handler tests (and the runtime they run in), isolated as jest isolates every file: each file gets its own module
 * registry in its own context, as each Lambda cold start gets its own handler module, so a handler's module state
 * (configuration read at load, caches, mocked modules) never crosses from one file to the next.
 * @type {import('jest').ProjectConfig}
 */
const handlers = {
  displayName: 'handlers',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/lambda/**/*.test.ts', '<rootDir>/test/tooling/shared-scripts.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
    // jose 6 ships ES modules only; swc turns them into CommonJS for jest (esbuild bundles them for Lambda).
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // jest's runtime, with one compiled script per module source shared by the test files of a worker (parse and bytecode
  // only; every file still gets its own module instances): test/helpers/shared-scripts.js.
  runtime: '<rootDir>/test/helpers/jest-runtime.js',
  setupFiles: ['<rootDir>/test/helpers/setup-env.js'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.js'],
};

/**
 * Every other test: the constructs, stacks, gate, rules, report, delivery and tooling, which build and synthesize CDK
 * apps. They run with jest-light-runner in two long-lived Node processes, each loading aws-cdk-lib, cdk-nag and our
 * library once and running its share of the files in it, as `cdk synth` builds every stack of the platform in one
 * process: the second and later apps a process builds run on code V8 has already compiled and optimized, and the
 * gate's schema engine is built once per process (lib/compliance/gate/gate.ts keeps one). Under jest's per-file
 * isolation every file loaded and warmed all of it again (~30% of the suite's time). What this gives up: these files
 * share their process's module instances and globals (each file is still loaded anew; a file that changes the
 * environment, the working directory, the stack trace limit or the timers must restore them, and
 * test/helpers/shared-process-guard.js fails one that does not), jest's module mocks (none of these files uses one)
 * and the per-test timeout.
 * TypeScript is compiled by tsx, which `cdk synth` also runs (test/helpers/typescript-loader.mjs).
 * @type {import('jest').ProjectConfig}
 */
const constructs = {
  displayName: 'constructs',
  runner: 'jest-light-runner/child-process',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The subprocess tests of the CLI (bin/app.ts under cdk synth, npm run compliance) run in `npm run test:e2e`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/lambda/', '<rootDir>/test/tooling/shared-scripts.test.ts'],
  setupFiles: ['<rootDir>/test/helpers/typescript-loader.mjs', '<rootDir>/test/helpers/setup-env.js'],
  // A file that leaves the environment, the working directory, the stack trace limit or fake timers changed fails,
  // and the state is put back for the next file.
  setupFilesAfterEnv: ['<rootDir>/test/helpers/shared-process-guard.js'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.js'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest runs the projects one after the other (one runner each), the constructs first.
  projects: [constructs, handlers],
  // Synthesizing several stacks with five nag packs is CPU-bound; two workers match this 2-core machine and CI.
  maxWorkers: 2,
  // Every handler test file loads its modules into its own registry, and a worker's heap grows over a run; jest then
  // force-kills it at the end and reports a leak that is not one (--runInBand --detectOpenHandles finds no open
  // handle). Workers above this are replaced between files instead.
  workerIdleMemoryLimit: '512MB',
  // For jest's own runner (the handler tests); jest-light-runner has no per-test timeout.
  testTimeout: 120000,
  // Longest files first, also without jest's cache of durations (a fresh clone): test/helpers/sequencer.js.
  testSequencer: '<rootDir>/test/helpers/sequencer.js',
};
