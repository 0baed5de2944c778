// Jest forks its test workers with this process's execArgv (jest-worker), so these flags reach every worker (NODE_OPTIONS
// does not accept them). V8's parallel and concurrent GC helper threads cost more CPU than they save here: two workers
// already keep both cores busy, and each WebAssembly memory growth of the CloudFormation schema engine forces a full
// collection of a worker's heap. And the schema engine (the only WebAssembly a test runs in process) does too little
// work per test file to repay its optimizing compiler: baseline code only (--liftoff-only), report + gate tests in one
// process 20.5-24 s -> 17-17.7 s of CPU over three alternating runs, same results.
for (const flag of ['--single-threaded-gc', '--liftoff-only']) {
  if (!process.execArgv.includes(flag)) {
    process.execArgv.push(flag);
  }
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The subprocess tests of the CLI (bin/app.ts under cdk synth, npm run compliance) run in `npm run test:e2e`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
    // jose 6 ships ES modules only; swc turns them into CommonJS for jest (esbuild bundles them for Lambda).
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Synthesizing several stacks with five nag packs is CPU-bound; two workers match this 2-core machine and CI.
  maxWorkers: 2,
  // Every test file loads aws-cdk-lib into its own module registry, and a worker's heap grows to ~600 MB over a run;
  // jest then force-kills it at the end and reports a leak that is not one (--runInBand --detectOpenHandles finds no
  // open handle). Workers above this are replaced between files instead.
  workerIdleMemoryLimit: '512MB',
  testTimeout: 120000,
  // jest's runtime, with one compiled script per module source shared by the test files of a worker (parse and bytecode
  // only; every file still gets its own module instances): test/helpers/shared-scripts.js.
  runtime: '<rootDir>/test/helpers/jest-runtime.js',
  // Longest files first, also without jest's cache of durations (a fresh clone): test/helpers/sequencer.js.
  testSequencer: '<rootDir>/test/helpers/sequencer.js',
  setupFiles: ['<rootDir>/test/helpers/setup-env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/close-workers.js'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.js'],
};
