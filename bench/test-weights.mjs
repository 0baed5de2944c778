#!/usr/bin/env node
// Rewrites test/helpers/test-weights.json, the durations the jest sequencer (test/helpers/sequencer.js) orders a
// fresh run by, from a jest JSON report. One process gives durations without the other worker's noise:
//   node --single-threaded-gc node_modules/.bin/jest --runInBand --json --outputFile=/tmp/jest.json
//   node bench/test-weights.mjs /tmp/jest.json
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const report = process.argv[2];
if (!report) {
  process.stderr.write('usage: node bench/test-weights.mjs <jest --json report>\n');
  process.exit(2);
}
// A report from another checkout (a fresh clone) names its files under that checkout: keep the path from test/ on.
const repoPath = (file) => {
  const path = relative(root, file).split('\\').join('/');
  return path.startsWith('../') ? path.slice(path.indexOf('/test/') + 1) : path;
};
const results = JSON.parse(readFileSync(report, 'utf8')).testResults.map((r) => [repoPath(r.name), (r.endTime - r.startTime) / 1000]);
results.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
const weights = Object.fromEntries(results.map(([file, seconds]) => [file, Math.round(seconds * 10) / 10]));
writeFileSync(join(root, 'test', 'helpers', 'test-weights.json'), `${JSON.stringify(weights, null, 2)}\n`);
process.stdout.write(`${results.length} files, ${results.reduce((s, [, t]) => s + t, 0).toFixed(0)} s in all\n`);
