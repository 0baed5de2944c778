// The gate's CloudFormation schema validation on a thread of its own (schema-validation.ts explains why and how).
// Messages from the main thread:
//   { kind: 'warm', resourceTypes }            build the engine for those types while the app still synthesizes;
//   { kind: 'early', stack, cacheDir }         validate one template as soon as the CDK has written it;
//                                              (each template names the file to read, `readPath`, resolved, so early
//                                              and final requests name files alike; reports keep the caller's path)
//   { kind: 'validate', id, stackTemplates, cacheDir }
//                                              the whole report, exactly as aws-cdk-lib's plugin makes it in one call:
//                                              an early report is reused only for the same file content, stack, account and
//                                              region, and when the engine it came from had rules for no resource type
//                                              outside the templates; the answer goes to `port` as { id, report, reused,
//                                              cached } or { id, error }, then `id` is stored in the shared flag to wake
//                                              the caller.
// With `cacheDir`, a template's report comes from the store of earlier runs when the very same input produced it
// (schema-validation-cache.js), and every report validated here is stored there.
// Plain CommonJS so it needs no TypeScript runner.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, dirname, join } = require('node:path');
const { SchemaValidationCache, TEMPLATE_MARKER } = require('./schema-validation-cache');

const { port, flag } = workerData;
// [0]: the id of the last answer; [1]: a count of finished steps (templates validated or taken from the store, engines
// built), which the waiting main thread reads as a sign of life.
const answered = new Int32Array(flag);
const progressed = () => Atomics.add(answered, 1, 1);
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

/**
 * Builds the engine for exactly these types by validating a template with one resource of each (result unused).
 * aws-cdk-lib's plugin keeps an engine built for more types than it is asked for (it never shrinks), and an engine with
 * more rules can report more on the same template; so when these types select other rules than the engine holds, a new
 * plugin builds its engine from nothing, and `engineTypes` always names the rules the engine really has.
 */
function warm(types) {
  if (engineKey(types) !== engineKey(engineTypes)) {
    plugin._dispose();
    plugin = new (require('aws-cdk-lib').CloudFormationValidatePlugin)();
  }
  const dir = mkdtempSync(join(tmpdir(), 'schema-warm-'));
  try {
    const templatePath = join(dir, 'warm.template.json');
    const Resources = Object.fromEntries([...types].sort().map((Type, i) => [`R${i}`, { Type, Properties: {} }]));
    writeFileSync(templatePath, JSON.stringify({ Resources }));
    plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'Warm', templatePath }] });
    engineTypes = new Set(types);
    progressed();
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

/** The store of earlier runs' reports in `dir`, or undefined for none (one instance per directory). */
const caches = new Map();
function cacheIn(dir) {
  if (typeof dir !== 'string' || dir.length === 0) {
    return undefined;
  }
  if (!caches.has(dir)) {
    caches.set(dir, new SchemaValidationCache(dir));
  }
  return caches.get(dir);
}

/** The stored report of `text` validated as `stack` by an engine with the rules of `types`, as an entry; or undefined. */
function stored(cache, stack, text, types) {
  if (!cache) {
    return undefined;
  }
  const report = cache.get(cache.key(stack, basename(stack.readPath), engineKey(types), text));
  if (report) {
    progressed();
  }
  return report && { text, copy: TEMPLATE_MARKER, stackConstructPath: stack.stackConstructPath, accountId: stack.accountId, region: stack.region, engineTypes: types, report, cached: true };
}

/**
 * One template's report, of exactly `text` (a private copy is validated, so a file rewritten meanwhile cannot give a
 * report of other content than the one compared later); its paths are the copy's until `reported` maps them. The
 * engine grows (never thrashes) to cover the template's types first, unless the store already has the report of an
 * engine with those rules. A report validated here goes into the store.
 */
function validateOne(stack, text, cache) {
  const types = typesOf(text);
  const needed = isSubset(types, engineTypes) ? engineTypes : new Set([...engineTypes, ...types]);
  const hit = stored(cache, stack, text, needed);
  if (hit) {
    return hit;
  }
  if (needed !== engineTypes) {
    warm(needed);
  }
  const dir = mkdtempSync(join(tmpdir(), 'schema-copy-'));
  const copy = join(dir, basename(stack.readPath));
  try {
    writeFileSync(copy, text);
    const report = plugin.validate({ templatePaths: [copy], stackTemplates: [{ stackConstructPath: stack.stackConstructPath, templatePath: copy, accountId: stack.accountId, region: stack.region }] });
    if (cache) {
      cache.put(cache.key(stack, basename(stack.readPath), engineKey(engineTypes), text), report, copy);
    }
    progressed();
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

function validateAll(stackTemplates, cache) {
  const texts = stackTemplates.map((s) => readFileSync(s.readPath, 'utf8'));
  const all = new Set(texts.flatMap((t) => [...typesOf(t)]));
  // The plugin builds its engine for exactly the templates' types: an early report counts only if its engine had
  // the same rules, and the engine is rebuilt for these types before anything else is validated here.
  const key = engineKey(all);
  const usable = (s, i) => {
    const e = early.get(s.readPath);
    return e && e.text === texts[i] && e.stackConstructPath === s.stackConstructPath && e.accountId === s.accountId && e.region === s.region && engineKey(e.engineTypes) === key;
  };
  // Then the store's report of an engine with the same rules as the plugin's; the rest is validated here.
  const entries = stackTemplates.map((s, i) => (usable(s, i) ? early.get(s.readPath) : stored(cache, s, texts[i], all)));
  if (entries.some((e) => e === undefined) && engineKey(engineTypes) !== key) {
    warm(all);
  }
  const reused = stackTemplates.filter(usable).length;
  const final = entries.map((e, i) => e ?? validateOne(stackTemplates[i], texts[i], cache));
  const reports = final.map((e, i) => reported(e, stackTemplates[i].templatePath));
  stackTemplates.forEach((s) => early.delete(s.readPath));
  return { report: merge(reports), reused, cached: final.filter((e) => e.cached).length };
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
        early.set(message.stack.readPath, validateOne(message.stack, readFileSync(message.stack.readPath, 'utf8'), cacheIn(message.cacheDir)));
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
    answer({ id: message.id, ...validateAll(message.stackTemplates, cacheIn(message.cacheDir)) });
  } catch (error) {
    answer({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
