// The gate's CloudFormation schema validation on a thread of its own (schema-validation.ts explains why and how).
// Messages from the main thread:
//   { kind: 'warm', resourceTypes }            build the engine for those types while the app still synthesizes;
//   { kind: 'early', stack }                   validate one template as soon as the CDK has written it;
//                                              (each template names the file to read, `readPath`, resolved, so early
//                                              and final requests name files alike; reports keep the caller's path)
//   { kind: 'validate', id, stackTemplates }   the whole report, exactly as aws-cdk-lib's plugin makes it in one call:
//                                              an early report is reused only for the same file content, stack, account and
//                                              region, and when the engine it came from had rules for no resource type
//                                              outside the templates; the answer goes to `port` as { id, report, reused } or
//                                              { id, error }, then `id` is stored in the shared flag to wake the caller.
// Plain CommonJS so it needs no TypeScript runner.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, dirname, join } = require('node:path');

const { port, flag } = workerData;
const answered = new Int32Array(flag);
/** The plugin, or why it could not be loaded (reported to the first validation instead of leaving it waiting). */
let plugin;
let unavailable;
try {
  plugin = new (require('aws-cdk-lib').CloudFormationValidatePlugin)();
} catch (error) {
  unavailable = error;
}
/** The resource types the engine has rules for (what the last warm-up built it for). */
let engineTypes = new Set();
/** Early reports by template path: { text, accountId, region, engineTypes, report }. */
const early = new Map();

/** Builds the engine for exactly these types by validating a template with one resource of each (result unused). */
function warm(types) {
  const dir = mkdtempSync(join(tmpdir(), 'schema-warm-'));
  try {
    const templatePath = join(dir, 'warm.template.json');
    const Resources = Object.fromEntries([...types].sort().map((Type, i) => [`R${i}`, { Type, Properties: {} }]));
    writeFileSync(templatePath, JSON.stringify({ Resources }));
    plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'Warm', templatePath }] });
    engineTypes = new Set(types);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function typesOf(text) {
  const resources = JSON.parse(text).Resources ?? {};
  return new Set(Object.values(resources).map((r) => r && r.Type).filter((t) => typeof t === 'string'));
}

const isSubset = (a, b) => [...a].every((x) => b.has(x));

/**
 * The plugin builds its engine from its default Rego rules selected by the templates' resource types (a rule whose
 * `types` meet them, or has none); nothing else in the engine depends on the types. Two type sets that select the
 * same rules make the same engine. If the index cannot be read, only the same type set counts as the same engine.
 */
const RULE_INDEX = (() => {
  try {
    return JSON.parse(readFileSync(join(dirname(require.resolve('aws-cdk-lib')), 'core', 'lib', 'validation', 'rules', 'index.generated.json'), 'utf8')).rules;
  } catch {
    return undefined;
  }
})();
function engineKey(types) {
  if (!Array.isArray(RULE_INDEX)) {
    return [...types].sort().join('\n');
  }
  return RULE_INDEX.filter((r) => r.types === null || r.types.some((t) => types.has(t)))
    .map((r) => r.file)
    .sort()
    .join('\n');
}

/**
 * One template's report, of exactly `text` (a private copy is validated, so a file rewritten meanwhile cannot give a
 * report of other content than the one compared later); its paths are the copy's until `reported` maps them. The
 * engine grows (never thrashes) to cover the template's types first.
 */
function validateOne(stack, text) {
  const types = typesOf(text);
  if (!isSubset(types, engineTypes)) {
    warm(new Set([...engineTypes, ...types]));
  }
  const dir = mkdtempSync(join(tmpdir(), 'schema-copy-'));
  const copy = join(dir, basename(stack.readPath));
  try {
    writeFileSync(copy, text);
    const report = plugin.validate({ templatePaths: [copy], stackTemplates: [{ stackConstructPath: stack.stackConstructPath, templatePath: copy, accountId: stack.accountId, region: stack.region }] });
    return { text, copy, stackConstructPath: stack.stackConstructPath, accountId: stack.accountId, region: stack.region, engineTypes, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A per-template report with the caller's path for the template, as the plugin would report it given that path. */
function reported(entry, templatePath) {
  return {
    ...entry.report,
    violations: entry.report.violations.map((v) => ({
      ...v,
      violatingResources: v.violatingResources.map((r) => (r.templatePath === entry.copy ? { ...r, templatePath } : r)),
    })),
  };
}

/**
 * The plugin's one-call report from per-template reports: violations with the same rule, severity and description
 * are one violation whose resources follow template order, as the plugin groups them.
 */
function merge(reports) {
  const violations = [];
  for (const report of reports) {
    for (const v of report.violations) {
      const existing = violations.find((e) => e.ruleName === v.ruleName && e.severity === v.severity && e.description === v.description);
      if (existing) {
        existing.violatingResources.push(...v.violatingResources);
      } else {
        violations.push({ ...v, violatingResources: [...v.violatingResources] });
      }
    }
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}

function validateAll(stackTemplates) {
  const texts = stackTemplates.map((s) => readFileSync(s.readPath, 'utf8'));
  const all = new Set(texts.flatMap((t) => [...typesOf(t)]));
  // The plugin builds its engine for exactly the templates' types: an early report counts only if its engine had
  // the same rules, and the engine is rebuilt for these types before anything else is validated here.
  const key = engineKey(all);
  const usable = (s, i) => {
    const e = early.get(s.readPath);
    return e && e.text === texts[i] && e.stackConstructPath === s.stackConstructPath && e.accountId === s.accountId && e.region === s.region && engineKey(e.engineTypes) === key;
  };
  if (stackTemplates.some((s, i) => !usable(s, i)) && engineKey(engineTypes) !== key) {
    warm(all);
  }
  const reused = stackTemplates.filter(usable).length;
  const reports = stackTemplates.map((s, i) => reported(usable(s, i) ? early.get(s.readPath) : validateOne(s, texts[i]), s.templatePath));
  stackTemplates.forEach((s) => early.delete(s.readPath));
  return { report: merge(reports), reused };
}

function answer(message) {
  port.postMessage(message);
  Atomics.store(answered, 0, message.id);
  Atomics.notify(answered, 0);
}

parentPort.on('message', (message) => {
  if (message.kind === 'warm' || message.kind === 'early') {
    try {
      if (unavailable) {
        return;
      }
      if (message.kind === 'warm') {
        warm(new Set(message.resourceTypes));
      } else {
        early.set(message.stack.readPath, validateOne(message.stack, readFileSync(message.stack.readPath, 'utf8')));
      }
    } catch {
      // Nothing is lost: the final validation validates every template without a usable early report.
    }
    return;
  }
  try {
    if (unavailable) {
      throw unavailable;
    }
    answer({ id: message.id, ...validateAll(message.stackTemplates) });
  } catch (error) {
    answer({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
