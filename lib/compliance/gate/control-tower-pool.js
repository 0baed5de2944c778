// Runs batches of the Control Tower checks in parallel worker threads, one cfn-guard process per batch at a time per
// core. Policy-validation plugins are synchronous, so ControlTowerChecks runs this file as a child process: stdin is a
// JSON array of { rules: string[], templatePaths: string[] }, stdout a JSON array of their reports, in the same order.
// Plain CommonJS so it needs no TypeScript runner.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { availableParallelism, cpus } = require('node:os');

if (isMainThread) {
  const input = require('node:fs').readFileSync(0, 'utf8');
  const batches = JSON.parse(input);
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  const concurrency = Math.max(1, Math.min(cores, batches.length));
  const results = new Array(batches.length);
  let next = 0;
  let failed = false;
  const runOne = () =>
    new Promise((resolve, reject) => {
      const index = next++;
      if (index >= batches.length) {
        resolve();
        return;
      }
      const worker = new Worker(__filename, { workerData: batches[index] });
      worker.once('message', (report) => (results[index] = report));
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 && results[index] ? runOne().then(resolve, reject) : reject(new Error(`batch ${index}: worker exited with ${code}`))));
    });
  Promise.all(Array.from({ length: concurrency }, runOne)).then(
    () => process.stdout.write(JSON.stringify(results)),
    (error) => {
      failed = true;
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
  process.on('exit', () => failed && (process.exitCode = 1));
} else {
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
  const { rules, templatePaths } = workerData;
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: 512 * 1024 * 1024 });
  parentPort.postMessage(validator.validate({ templatePaths }));
}
