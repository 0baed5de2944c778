// Runs the Control Tower Guard rules over templates on every core. Policy-validation plugins are synchronous, so
// ControlTowerChecks runs this file as a child process: stdin is JSON { rules: [{ name, file }], templatePaths: [...] },
// stdout a JSON array of the Guard findings (PolicyViolation objects, `ruleMetadata.category` = `guard:<rule name>`).
//
// Each worker thread compiles the rules once into the CloudFormation Guard evaluator that aws-cdk-lib ships
// (@aws/cloudformation-validate, reached through aws-cdk-lib's public CloudFormationValidatePlugin) and then takes
// chunks of templates until none are left. Only Guard findings are returned: the engine's built-in schema and security
// rules are the gate's own schema check and run there.
// Plain CommonJS so it needs no TypeScript runner.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { availableParallelism, cpus } = require('node:os');
const { readFileSync } = require('node:fs');
const { basename } = require('node:path');

/** Templates per message: small enough to balance the cores, large enough to keep messaging negligible. */
const CHUNK = 4;

if (isMainThread) {
  const { rules, templatePaths } = JSON.parse(readFileSync(0, 'utf8'));
  const chunks = [];
  for (let i = 0; i < templatePaths.length; i += CHUNK) {
    chunks.push(templatePaths.slice(i, i + CHUNK));
  }
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  const results = new Array(chunks.length);
  let next = 0;
  const runWorker = () =>
    new Promise((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: { rules } });
      let current = -1;
      const give = () => {
        if (next >= chunks.length) {
          worker.postMessage(null);
          return;
        }
        current = next++;
        worker.postMessage(chunks[current]);
      };
      worker.on('message', (message) => {
        if (message.ready) {
          give();
          return;
        }
        results[current] = message.violations;
        give();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
    });
  const workers = Math.max(1, Math.min(cores, chunks.length));
  Promise.all(Array.from({ length: workers }, runWorker)).then(
    () => {
      if (results.some((r) => r === undefined)) {
        process.stderr.write('a chunk of templates was not evaluated\n');
        process.exitCode = 1;
        return;
      }
      process.stdout.write(JSON.stringify(results.flat()));
    },
    (error) => {
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
} else {
  const { CloudFormationValidatePlugin } = require('aws-cdk-lib');
  const engine = new CloudFormationValidatePlugin({
    includeDefaultRules: false,
    guardRules: workerData.rules.map((rule) => ({ name: rule.name, content: readFileSync(rule.file, 'utf8') })),
  });
  parentPort.on('message', (templatePaths) => {
    if (templatePaths === null) {
      parentPort.close();
      return;
    }
    const report = engine.validate({ templatePaths, stackTemplates: templatePaths.map((templatePath) => ({ templatePath, stackConstructPath: basename(templatePath) })) });
    const violations = report.violations.filter((v) => String((v.ruleMetadata && v.ruleMetadata.category) || '').startsWith('guard:'));
    parentPort.postMessage({ violations });
  });
  parentPort.postMessage({ ready: true });
}
