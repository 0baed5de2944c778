#!/usr/bin/env node
// Authorizer benchmark: `npm run bench:authorizer`.
//
// 1. Bundles lambda/admin-authorizer/handler.ts exactly as the stack does (esbuild, minified, CommonJS, node22 target,
//    AWS SDK external) and reports the bundle size (target < 150 KB).
// 2. Cold import time of the bundle in fresh Node processes (median of 15).
// 3. Decisions per second on one core with the JWKS cached (a real JWKS server on 127.0.0.1), against raw
//    crypto.verify RS256 of the same token in the same process (target >= 0.7x of raw), measured in alternating
//    rounds (bench/lib/rate.mjs `ratio`) so load from other processes hits both alike. Logs go to /dev/null as they
//    would go to CloudWatch: written, not read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const out = join('bench', 'out');
mkdirSync(out, { recursive: true });
const bundle = join(out, 'admin-authorizer.cjs');
await build({
  entryPoints: ['lambda/admin-authorizer/handler.ts'],
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@aws-sdk/*'],
  outfile: bundle,
  logLevel: 'error',
});
const bundleBytes = statSync(bundle).size;

const importTimes = [];
for (let i = 0; i < 15; i++) {
  const r = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(join(process.cwd(), bundle))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`], { encoding: 'utf8' });
  importTimes.push(Number(r.stdout));
}
importTimes.sort((a, b) => a - b);
const coldImportMs = importTimes[Math.floor(importTimes.length / 2)];

const resultFile = join(out, 'authorizer-throughput.json');
const child = spawnSync(process.execPath, [join('bench', 'authorizer-throughput.mjs'), join(process.cwd(), bundle), resultFile], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true' },
});
if (child.status !== 0) {
  throw new Error(`throughput run failed with exit ${child.status}`);
}
const t = JSON.parse(readFileSync(resultFile, 'utf8'));

const machine = `${cpus().length} cores (${cpus()[0].model.trim()}), Node ${process.version}`;
const lines = [
  `Machine: ${machine}; one process, one core.`,
  '',
  '| measure | value | target |',
  '|---|---:|---|',
  `| bundle size (minified) | ${(bundleBytes / 1024).toFixed(1)} KB | < 150 KB |`,
  `| cold import of the bundle (median of 15 fresh processes) | ${coldImportMs.toFixed(1)} ms | - |`,
  `| authorizer decisions per second, JWKS cached | ${Math.round(t.handlerPerSecond)} | - |`,
  `| raw crypto.verify RS256 per second, same token | ${Math.round(t.rawPerSecond)} | - |`,
  `| ratio authorizer / raw (median of ${t.rounds} alternating rounds) | ${t.ratio.toFixed(2)}x | >= 0.7x |`,
];
console.log(lines.join('\n'));
writeFileSync(join(out, 'authorizer.json'), JSON.stringify({ machine, bundleBytes, coldImportMs, ...t }, undefined, 2) + '\n');
