'use strict';
/**
 * jest `testSequencer`: longest test files first, also on a fresh clone.
 *
 * Jest orders files by their durations in its cache, and without a cache (a fresh clone, CI) by file size; but the
 * slowest files here are small ones (the Control Tower engine test is 110 lines and ~15 s), so a fresh run started them
 * last and left one worker idle at the end while the other ran them. Without a cached duration a file now takes its
 * weight from test-weights.json (seconds in one process; `node bench/test-weights.mjs <jest --json report>` rewrites
 * it). A file in neither is new and, as jest does with new files, runs first. The weights order the files, nothing
 * else: a stale weight costs time, never a test.
 */
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const WEIGHTS = require('./test-weights.json');

class LongestFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached !== undefined) {
      return cached;
    }
    const weight = WEIGHTS[relative(test.context.config.rootDir, test.path).split('\\').join('/')];
    return weight === undefined ? undefined : weight * 1000;
  }
}

module.exports = LongestFirst;
