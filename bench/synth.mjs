#!/usr/bin/env node
// Synth and compliance benchmark: `npm run bench:synth [-- --runs N] [--fleets 1,10] [--no-compliance | --only-compliance]`.
//
// 1. The gate's cost. For fleets of 1, 10, 50 and 156 tenants it runs the real `cdk synth` twice into fresh output
//    directories: once with bin/app.ts (construction, the five cdk-nag packs, our TenantBaseline pack, the
//    acknowledgement audit, the CloudFormation schema validation as errors and the compliance report) and once with
//    bench/bare-app.ts (the same stacks and bundling, no gate). The ratio of the two is the gate's cost, measured in
//    the same run on the same machine. The gated synth runs cold (an empty schema-validation cache) and then warm (the
//    cache the cold run left, as a second `cdk synth`, `cdk diff` or `cdk deploy` of unchanged templates finds it).
// 2. A per-tenant synth (`-c tenant=<id>`) inside the 1-tenant and the 156-tenant configuration: it must not grow with
//    the fleet.
// 3. `npm run compliance` (the gate plus the Control Tower checks) on the 156-tenant fleet, cold (empty Control Tower
//    and schema-validation caches) and warm (the caches the cold run left).
// Every other synth runs without the schema-validation cache (`-c schemaCache=off`), so no row is warmed by another.
//
// Wall time and peak resident memory come from GNU time (maximum RSS of the largest process, which is the app).
// Prints a Markdown table; writes bench/out/synth.json.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;
const COMPLIANCE = !process.argv.includes('--no-compliance');
const ONLY_COMPLIANCE = process.argv.includes('--only-compliance');
const fleetsArg = process.argv.indexOf('--fleets');
const FLEETS = fleetsArg > 0 ? process.argv[fleetsArg + 1].split(',').map(Number) : [1, 10, 50, 156];
const BARE_APP = 'node_modules/.bin/tsx bench/bare-app.ts';
const PART_NAMES = {
  stock: 'the five cdk-nag packs',
  ours: 'TenantBaseline pack + acknowledgement audit',
  schema: 'CloudFormation schema validation + default rules, on its worker thread (as the gate runs it)',
  'schema-in-process': 'the same schema validation in the main thread (aws-cdk-lib\'s default)',
};
const work = mkdtempSync(join(tmpdir(), 'bench-synth-'));
const ENV = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function fleetConfig(size) {
  const path = join(work, `fleet-${size}.json`);
  const tenants = Array.from({ length: size }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n }));
  // Every configuration names its alert subscribers; the example platform's.
  const { subscriptions } = JSON.parse(readFileSync('config/platform.json', 'utf8')).accountBaseline;
  writeFileSync(path, JSON.stringify({ accountBaseline: { subscriptions }, controlPlane: { cidr: '10.0.0.0/16' }, tenants }));
  return path;
}

/** Runs a command under GNU time; returns seconds and peak MiB, throwing on a non-zero exit. */
function timed(label, command, args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', env: ENV, maxBuffer: 1 << 30 });
  const timing = result.stderr.trim().split('\n').pop().split(' ');
  if (result.status !== 0) {
    console.error(result.stdout.slice(-2000), result.stderr.slice(-3000));
    throw new Error(`${label}: exit ${result.status}`);
  }
  return { seconds: Number(timing[0]), peakMiB: Math.round(Number(timing[1]) / 1024), stdout: result.stdout };
}

/** Stands for a new, empty schema-validation cache directory in each run of a row; the last one is `lastFreshCache`. */
const FRESH_CACHE = Symbol('fresh cache');
let lastFreshCache;

/** Best of RUNS `cdk synth` runs into a fresh output directory (no schema-validation cache unless `context` names one). */
function synth(label, context, app) {
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const outdir = join(work, 'out');
    rmSync(outdir, { recursive: true, force: true });
    const appArgs = app ? ['--app', app] : [];
    if (context.schemaCache === FRESH_CACHE) {
      lastFreshCache = mkdtempSync(join(work, 'schema-cache-'));
    }
    const schemaCache = context.schemaCache === FRESH_CACHE ? lastFreshCache : (context.schemaCache ?? 'off');
    const contextArgs = Object.entries({ ...context, schemaCache }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    const sample = timed(label, 'node_modules/.bin/cdk', ['synth', '--quiet', '--output', outdir, ...appArgs, ...contextArgs]);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    samples.push({ ...sample, stacks: Object.values(manifest.artifacts).filter((a) => a.type === 'aws:cloudformation:stack').length });
  }
  const best = samples.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const row = { label, stacks: best.stacks, seconds: best.seconds, peakMiB: Math.max(...samples.map((s) => s.peakMiB)), runs: RUNS };
  console.error(`${label}: ${row.stacks} stacks, ${row.seconds.toFixed(1)} s, ${row.peakMiB} MiB peak`);
  return row;
}

function compliance(label, config, cacheDir) {
  const outdir = join(work, 'compliance-out');
  const caches = ['-c', `controlTowerCache=${join(cacheDir, 'control-tower')}`, '-c', `schemaCache=${join(cacheDir, 'schema')}`];
  const sample = timed(label, 'node_modules/.bin/tsx', ['scripts/compliance.ts', '--output', outdir, '-c', `config=${config}`, ...caches]);
  const report = JSON.parse(readFileSync(join(outdir, 'compliance', 'report.json'), 'utf8'));
  const ct = report.independentChecks.find((c) => c.check === 'ControlTower');
  const row = { label, stacks: Object.keys(report.provenance.templateSha256).length, seconds: sample.seconds, peakMiB: sample.peakMiB, verdict: report.verdict, controlTower: ct.description };
  console.error(`${label}: ${row.seconds.toFixed(1)} s, ${row.peakMiB} MiB peak, verdict ${row.verdict}`);
  return row;
}

const complianceRows = [];
if (COMPLIANCE) {
  const cacheDir = join(work, 'compliance-caches');
  complianceRows.push(compliance('npm run compliance, 156 tenants, cold (empty caches)', fleetConfig(156), cacheDir));
  complianceRows.push(compliance('npm run compliance, 156 tenants, warm (cache of the cold run)', fleetConfig(156), cacheDir));
}
const machine = `${cpus().length} cores (${cpus()[0].model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
if (ONLY_COMPLIANCE) {
  report([`Machine: ${machine}.`], {});
  process.exit(0);
}
const gateRows = FLEETS.map((size) => {
  const config = fleetConfig(size);
  const bare = synth(`${size} tenant(s), construction only`, { config }, BARE_APP);
  const gated = synth(`${size} tenant(s), with the gate (cold)`, { config, schemaCache: FRESH_CACHE });
  // Warm: the cache the last cold run left (each warm run finds the same entries; it only reads them).
  const warm = synth(`${size} tenant(s), with the gate (warm schema cache)`, { config, schemaCache: lastFreshCache });
  return { tenants: size, stacks: gated.stacks, bare, gated, warm, ratio: gated.seconds / bare.seconds, warmRatio: warm.seconds / bare.seconds };
});
// What each part of the gate costs at the largest fleet: the bare app plus that part alone (bench/partial-app.ts).
const largest = FLEETS.at(-1);
const parts = ['stock', 'ours', 'schema', 'schema-in-process'].map((part) => ({ part, ...synth(`${largest} tenant(s), bare + ${part}`, { config: fleetConfig(largest), part }, 'node_modules/.bin/tsx bench/partial-app.ts') }));
const oneTenant = synth('one tenant, 1-tenant config', { config: fleetConfig(1), tenant: 'tenant-000' });
const oneTenantIn156 = synth('one tenant, 156-tenant config', { config: fleetConfig(156), tenant: 'tenant-155' });
report([
  `Machine: ${machine}. Best of ${RUNS} run(s) per synth row; peak = maximum resident set size of the largest process.`,
  '',
  '| fleet | stacks | construction only (s) | with the gate, cold (s) | ratio | with the gate, warm schema cache (s) | ratio | peak with the gate (MiB) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...gateRows.map((r) => `| ${r.tenants} tenant(s) | ${r.stacks} | ${r.bare.seconds.toFixed(1)} | ${r.gated.seconds.toFixed(1)} | ${r.ratio.toFixed(2)}x | ${r.warm.seconds.toFixed(1)} | ${r.warmRatio.toFixed(2)}x | ${r.gated.peakMiB} |`),
  '',
  `What each part adds at ${largest} tenants (that part alone on the bare app, minus the bare app; the rest is the report and the parts' shared work):`,
  '',
  '| part | added (s) | share of the gate |',
  '|---|---:|---:|',
  ...parts.map((p) => {
    const bare = gateRows.at(-1).bare.seconds;
    const gate = gateRows.at(-1).gated.seconds - bare;
    return `| ${PART_NAMES[p.part]} | ${(p.seconds - bare).toFixed(1)} | ${(((p.seconds - bare) / gate) * 100).toFixed(0)}% |`;
  }),
  '',
  '| per-tenant synth (with the gate) | wall time (s) | peak (MiB) |',
  '|---|---:|---:|',
  ...[oneTenant, oneTenantIn156].map((r) => `| ${r.label} | ${r.seconds.toFixed(1)} | ${r.peakMiB} |`),
  '',
  `Gate ratio at ${largest} tenants: ${gateRows.at(-1).ratio.toFixed(2)}x cold, ${gateRows.at(-1).warmRatio.toFixed(2)}x with a warm schema cache (goal <= 1.15x). One tenant inside the 156-tenant configuration: ${(oneTenantIn156.seconds / oneTenant.seconds).toFixed(2)}x a 1-tenant configuration (goal <= 1.1x).`,
], { gateRows, parts, perTenant: [oneTenant, oneTenantIn156] });

/** Prints the tables (the compliance runs last) and writes bench/out/synth.json. */
function report(lines, figures) {
  if (complianceRows.length > 0) {
    lines.push('', '| compliance run | stacks | wall time (s) | peak (MiB) | verdict |', '|---|---:|---:|---:|---|', ...complianceRows.map((r) => `| ${r.label} | ${r.stacks} | ${r.seconds.toFixed(1)} | ${r.peakMiB} | ${r.verdict} |`));
    lines.push('', `Control Tower, warm run: ${complianceRows[1].controlTower}`);
  }
  console.log(lines.join('\n'));
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/synth.json', JSON.stringify({ machine, ...figures, compliance: complianceRows }, undefined, 2) + '\n');
  rmSync(work, { recursive: true, force: true });
}
