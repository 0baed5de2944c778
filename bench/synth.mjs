#!/usr/bin/env node
// Synth benchmark: `npm run bench:synth [-- --runs N]`.
//
// For fleets of 1, 10, 50 and 156 tenants it runs the real `cdk synth` (the CLI, the app, the five cdk-nag packs, our
// TenantBaseline pack, the acknowledgement audit, the CloudFormation schema validation as errors and the compliance
// report; not the Control Tower checks, see docs/compliance.md) into a fresh output directory, and records
// wall time and peak resident memory (GNU time's maximum RSS of the largest process, which is the app). It also
// synthesizes one tenant (`-c tenant=<id>`) inside the 1-tenant and the 156-tenant configuration, to show that a
// per-tenant synth does not grow with the fleet. Prints a Markdown table; writes bench/out/synth.json.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;
const FLEETS = [1, 10, 50, 156];
const work = mkdtempSync(join(tmpdir(), 'bench-synth-'));

function fleetConfig(size) {
  const path = join(work, `fleet-${size}.json`);
  const tenants = Array.from({ length: size }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n }));
  writeFileSync(path, JSON.stringify({ controlPlane: { cidr: '10.0.0.0/16' }, tenants }));
  return path;
}

function synth(label, context) {
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const outdir = join(work, 'out');
    rmSync(outdir, { recursive: true, force: true });
    const args = ['-f', '%e %M', 'node_modules/.bin/cdk', 'synth', '--quiet', '--output', outdir, ...Object.entries(context).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const result = spawnSync('/usr/bin/time', args, { encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' }, maxBuffer: 1 << 30 });
    const timing = result.stderr.trim().split('\n').pop().split(' ');
    if (result.status !== 0) {
      console.error(result.stderr.slice(-3000));
      throw new Error(`${label}: cdk synth failed with exit ${result.status}`);
    }
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.values(manifest.artifacts).filter((a) => a.type === 'aws:cloudformation:stack').length;
    samples.push({ seconds: Number(timing[0]), peakMiB: Math.round(Number(timing[1]) / 1024), stacks });
  }
  const best = samples.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const peak = Math.max(...samples.map((s) => s.peakMiB));
  const row = { label, stacks: best.stacks, seconds: best.seconds, peakMiB: peak, runs: RUNS };
  console.error(`${label}: ${row.stacks} stacks, ${row.seconds.toFixed(1)} s, ${row.peakMiB} MiB peak`);
  return row;
}

const rows = [];
for (const size of FLEETS) {
  rows.push(synth(`full fleet, ${size} tenant${size === 1 ? '' : 's'}`, { config: fleetConfig(size) }));
}
rows.push(synth('one tenant, 1-tenant config', { config: fleetConfig(1), tenant: 'tenant-000' }));
rows.push(synth('one tenant, 156-tenant config', { config: fleetConfig(156), tenant: 'tenant-155' }));

const machine = `${cpus().length} cores (${cpus()[0].model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  `Machine: ${machine}. Best of ${RUNS} run(s) per row; peak = maximum resident set size of the largest process.`,
  '',
  '| synth | stacks | wall time (s) | peak memory (MiB) |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.label} | ${r.stacks} | ${r.seconds.toFixed(1)} | ${r.peakMiB} |`),
];
const one = rows.find((r) => r.label.startsWith('one tenant, 1-'));
const oneIn156 = rows.find((r) => r.label.startsWith('one tenant, 156'));
lines.push('', `One-tenant synth inside the 156-tenant configuration: ${(oneIn156.seconds / one.seconds).toFixed(2)}x the time of a 1-tenant configuration (target <= 1.5x).`);
console.log(lines.join('\n'));
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/synth.json', JSON.stringify({ machine, rows }, undefined, 2) + '\n');
rmSync(work, { recursive: true, force: true });
