#!/usr/bin/env node
// The delivery pipeline's synth cost: `npm run bench:delivery [-- --tenants 156] [--runs N]`.
//
// Runs the real `cdk synth` (bin/app.ts, the whole gate) on the same fleet twice in the same run: with `delivery`
// configured (the pipeline stack plus every stack as a pipeline stage) and without it (the stacks built directly).
// Reports wall time and peak memory (GNU time) of each, their ratio, and the pipeline's size: stages, actions, the
// largest stage, and the Delivery template's resources and bytes (CloudFormation's limits: 500 resources, 1 MB).
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name, fallback) => (process.argv.indexOf(name) > 0 ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const TENANTS = arg('--tenants', 156);
const RUNS = arg('--runs', 1);
const work = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
const ENV = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
const example = JSON.parse(readFileSync('config/platform-delivery.json', 'utf8'));
const tenants = Array.from({ length: TENANTS }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n }));

function config(name, withDelivery) {
  const path = join(work, `${name}.json`);
  const { delivery, ...rest } = example;
  writeFileSync(path, JSON.stringify({ ...rest, tenants, ...(withDelivery ? { delivery: { ...delivery, canaryTenants: [tenants[0].id] } } : {}) }));
  return path;
}

function synth(label, configPath) {
  let best;
  for (let run = 0; run < RUNS; run++) {
    const outdir = join(work, 'out');
    rmSync(outdir, { recursive: true, force: true });
    const result = spawnSync('/usr/bin/time', ['-f', '%e %M', 'node_modules/.bin/cdk', 'synth', '--quiet', '--output', outdir, '-c', `config=${configPath}`], { encoding: 'utf8', env: ENV, maxBuffer: 1 << 30 });
    if (result.status !== 0) {
      console.error(result.stderr.slice(-3000));
      throw new Error(`${label}: exit ${result.status}`);
    }
    const [seconds, kib] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
    const sample = { label, seconds, peakMiB: Math.round(kib / 1024), outdir };
    if (!best || sample.seconds < best.seconds) {
      best = { ...sample, pipeline: pipelineFigures(outdir) };
    }
  }
  console.error(`${label}: ${best.seconds.toFixed(1)} s, ${best.peakMiB} MiB peak`);
  return best;
}

function pipelineFigures(outdir) {
  const path = join(outdir, 'Delivery.template.json');
  try {
    statSync(path);
  } catch {
    return undefined;
  }
  const template = JSON.parse(readFileSync(path, 'utf8'));
  const stages = Object.values(template.Resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline').Properties.Stages;
  return {
    stages: stages.length,
    actions: stages.reduce((n, s) => n + s.Actions.length, 0),
    largestStage: Math.max(...stages.map((s) => s.Actions.length)),
    resources: Object.keys(template.Resources).length,
    templateKiB: Math.round(statSync(path).size / 1024),
  };
}

const direct = synth(`${TENANTS} tenants, stacks built directly`, config('direct', false));
const delivered = synth(`${TENANTS} tenants, with the delivery pipeline`, config('delivery', true));
const machine = `${cpus().length} cores (${cpus()[0].model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const p = delivered.pipeline;
console.log(
  [
    `Machine: ${machine}. Best of ${RUNS} run(s); peak = maximum resident set size of the largest process.`,
    '',
    '| synth (cdk synth, whole gate) | wall time (s) | peak (MiB) |',
    '|---|---:|---:|',
    ...[direct, delivered].map((r) => `| ${r.label} | ${r.seconds.toFixed(1)} | ${r.peakMiB} |`),
    '',
    `With the pipeline: ${(delivered.seconds / direct.seconds).toFixed(2)}x the direct synth. Pipeline: ${p.stages} stages, ${p.actions} actions, largest stage ${p.actions && p.largestStage} actions; Delivery template ${p.resources} resources, ${p.templateKiB} KiB.`,
  ].join('\n'),
);
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/delivery-synth.json', JSON.stringify({ machine, tenants: TENANTS, direct, delivered }, undefined, 2) + '\n');
rmSync(work, { recursive: true, force: true });
