/**
 * aws-cdk-lib's own CloudFormation schema plugin, run in the test's thread: the reference the gate's worker thread and
 * its cache are compared with.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';

/**
 * The plugin's engine lives in a WebAssembly memory that grows a step at a time while the engine is built (~120 MB in
 * ~70-250 steps), and V8 answers each step with a full collection of the thread's heap. In a jest worker whose heap holds
 * earlier test files' modules that made a file's first engine cost 5-13 s (a scratch process with a 450 MB heap: 66 s,
 * against 0.5 s after this). Handing the engine one input over its 10 MB template limit first grows the memory in one
 * step (the input is copied in, refused, and freed); the engines then build in that room. The memory's size changes no
 * report: the tests compare these reports with the worker's, whose memory grew the ordinary way.
 */
let grown = false;
function growEngineMemoryOnce(): void {
  if (grown) {
    return;
  }
  grown = true;
  // aws-cdk-lib's own copy of the engine package (the one its plugin loads), through that package's public API.
  const engine = require(require.resolve('@aws/cloudformation-validate', { paths: [dirname(require.resolve('aws-cdk-lib'))] }));
  try {
    new engine.TemplateModel(new Uint8Array(256 * 1024 * 1024));
  } catch {
    // Refused as too large, after it was copied into the engine's memory: the point.
  }
}

/**
 * The report a new instance of aws-cdk-lib's plugin makes of `context` in one call. The plugin is a function of the
 * templates' paths, text, accounts and regions, so each distinct input is validated once per test file; every caller
 * gets its own copy (the CDK and the tests may change a report they are handed).
 */
const reports = new Map<string, PolicyValidationPluginReport>();
export function pluginReport(context: IPolicyValidationContext): PolicyValidationPluginReport {
  const key = JSON.stringify(context.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath, s.accountId, s.region, readFileSync(s.templatePath, 'utf8')]));
  if (!reports.has(key)) {
    growEngineMemoryOnce();
    const plugin = new CloudFormationValidatePlugin();
    try {
      reports.set(key, plugin.validate(context));
    } finally {
      plugin._dispose();
    }
  }
  return structuredClone(reports.get(key)!);
}
