/**
 * `npm run test:e2e`: the CLI end to end, as a user runs it, in subprocesses: `bin/app.ts` (what `cdk synth` runs) and
 * `npm run compliance` on the example platform, on bad input and on an app whose gate fails.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  roots: ['<rootDir>/test/e2e'],
  testTimeout: 600000,
};
