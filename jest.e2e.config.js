/**
 * `npm run test:e2e`: the CLI end to end, as a user runs it, in subprocesses: `bin/app.ts` (what `cdk synth` runs) and
 * `npm run compliance` on the example platform, on bad input and on an app whose gate fails. They run in jest's own
 * runner, as the handler tests do (jest.config.js), with a longer timeout.
 * @type {import('jest').Config}
 */
const { projects, ...shared } = require('./jest.config');

const { displayName, testMatch, ...handlers } = projects.find((project) => project.displayName === 'handlers');

module.exports = {
  ...shared,
  ...handlers,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600000,
};
