/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
    // jose 6 ships ES modules only; swc turns them into CommonJS for jest (esbuild bundles them for Lambda).
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Synthesizing several stacks with five nag packs is CPU-bound; two workers match this 2-core machine and CI.
  maxWorkers: 2,
  testTimeout: 120000,
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.js'],
};
