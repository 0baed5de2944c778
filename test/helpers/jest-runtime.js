'use strict';
// jest `runtime`: jest's own runtime, in a worker whose module compiles share one script per source across the test
// files it runs (test/helpers/shared-scripts.js explains why and what stays per file).
require('./shared-scripts').installSharedScripts();
// And stack traces captured into plain objects (aws-cdk-lib's acknowledgement traces) without jest's source-map pass:
// test/helpers/plain-stacks.js.
require('./plain-stacks').installPlainStacks();

module.exports = require('jest-runtime');
