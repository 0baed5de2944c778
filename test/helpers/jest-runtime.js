'use strict';
// jest `runtime`: jest's own runtime, in a worker whose module compiles share one script per source across the test
// files it runs (test/helpers/shared-scripts.js explains why and what stays per file).
require('./shared-scripts').installSharedScripts();

module.exports = require('jest-runtime');
