'use strict';
// jest `runtime`: jest's own runtime, in a worker whose module compiles share one script per source across the test
// files it runs (test/helpers/shared-scripts.js explains why and what stays per file), which reads the installed
// packages' sources once (test/helpers/shared-sources.js), and where stack traces captured into plain objects
// (aws-cdk-lib's acknowledgement traces) skip jest's source-map pass (test/helpers/plain-stacks.js).
const JestRuntime = require('jest-runtime').default;
const { createSourceCache, shareSources } = require('./shared-sources');

require('./shared-scripts').installSharedScripts();
require('./plain-stacks').installPlainStacks();

const readSource = createSourceCache();

class Runtime extends JestRuntime {
  constructor(...args) {
    super(...args);
    shareSources(this.fileCache, readSource);
  }
}

module.exports = { __esModule: true, default: Runtime };
