// The gate's CloudFormation schema validation on a thread of its own (schema-validation.ts explains why and how).
// Messages from the main thread: { kind: 'warm', resourceTypes } builds the engine for those types while the app is
// still synthesizing; { kind: 'validate', id, stackTemplates } validates templates with aws-cdk-lib's own
// CloudFormationValidatePlugin, exactly as it would in the main thread, and answers on `port` with { id, report } or
// { id, error }, then stores `id` in the shared flag and wakes the main thread.
// Plain CommonJS so it needs no TypeScript runner.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { CloudFormationValidatePlugin } = require('aws-cdk-lib');

const { port, flag } = workerData;
const answered = new Int32Array(flag);
const plugin = new CloudFormationValidatePlugin();

/** Builds the engine for these resource types by validating a template that has one resource of each (result unused). */
function warm(resourceTypes) {
  const dir = mkdtempSync(join(tmpdir(), 'schema-warm-'));
  try {
    const templatePath = join(dir, 'warm.template.json');
    const Resources = Object.fromEntries(resourceTypes.map((Type, i) => [`R${i}`, { Type, Properties: {} }]));
    writeFileSync(templatePath, JSON.stringify({ Resources }));
    plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'Warm', templatePath }] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function answer(message) {
  port.postMessage(message);
  Atomics.store(answered, 0, message.id);
  Atomics.notify(answered, 0);
}

parentPort.on('message', (message) => {
  if (message.kind === 'warm') {
    try {
      warm(message.resourceTypes);
    } catch {
      // A failed warm-up only means the engine is built when the templates arrive; that run reports any real error.
    }
    return;
  }
  try {
    const { stackTemplates } = message;
    const report = plugin.validate({ templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates });
    answer({ id: message.id, report });
  } catch (error) {
    answer({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
