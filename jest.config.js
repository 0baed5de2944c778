/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
  },
  // Synthesizing several stacks with five nag packs is CPU-bound; two workers match this 2-core machine and CI.
  maxWorkers: 2,
  testTimeout: 120000,
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.js'],
};
