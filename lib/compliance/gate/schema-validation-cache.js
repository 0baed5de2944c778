// The schema-validation worker's store of per-template reports across runs (schema-validation.ts explains the worker).
//
// A report is reused only for the very input that produced it: the key is the SHA-256 of the store's format, the
// engine (aws-cdk-lib's version, its bundled validator's version, its rule index and every rule file), the rules the
// engine was built with, the stack's construct path, account, region and file name, and the exact template text. The
// report is stored with its template path replaced by a marker and gets the caller's path back on reuse. Entries are
// written whole (a temporary file, then a rename); an unreadable entry, one of another format or key, or a report not
// of the plugin's shape, is a miss.
// Plain CommonJS, loaded by the worker thread.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const FORMAT = 'schema-validation-cache/2';
/** Stands for the template's own path in a stored report. */
const TEMPLATE_MARKER = '<template>';

/** The engine's identity, or undefined when it cannot be read (then nothing is cached: every template is validated). */
const ENGINE = (() => {
  try {
    const cdkDir = dirname(require.resolve('aws-cdk-lib/package.json'));
    const validator = dirname(require.resolve('@aws/cloudformation-validate', { paths: [cdkDir] }));
    const rulesDir = join(cdkDir, 'core', 'lib', 'validation', 'rules');
    const index = readFileSync(join(rulesDir, 'index.generated.json'));
    const hash = createHash('sha256').update(readFileSync(join(cdkDir, 'package.json'))).update('\0').update(readFileSync(join(validator, 'package.json'))).update('\0').update(index);
    // Every rule file the index names, by name and content (a locally patched rule is another engine).
    for (const file of JSON.parse(index.toString('utf8')).rules.map((r) => r.file).sort()) {
      hash.update('\0').update(file).update('\0').update(readFileSync(join(rulesDir, file)));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
})();

class SchemaValidationCache {
  /** @param dir where entries live (created on the first write) */
  constructor(dir) {
    this.dir = dir;
    this.hits = 0;
    this.misses = 0;
  }

  /** The key of `text` validated as `stack` (construct path, account, region, file name) by the engine of `engineKey`. */
  key(stack, fileName, engineKey, text) {
    if (ENGINE === undefined) {
      return undefined;
    }
    const fields = [FORMAT, ENGINE, engineKey, stack.stackConstructPath, stack.accountId ?? '', stack.region ?? '', fileName];
    const hash = createHash('sha256');
    for (const field of fields) {
      hash.update(String(field)).update('\0');
    }
    return hash.update(text).digest('hex');
  }

  /** The stored report for `key`, its template's path TEMPLATE_MARKER; undefined on a miss. */
  get(key) {
    if (key === undefined) {
      return undefined;
    }
    try {
      const entry = JSON.parse(readFileSync(this.path(key), 'utf8'));
      if (entry.format !== FORMAT || entry.key !== key || !isReport(entry.report)) {
        this.misses++;
        return undefined;
      }
      this.hits++;
      return entry.report;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  /** Stores `report`, whose template path is `templatePath`. A store that cannot be written loses nothing but time. */
  put(key, report, templatePath) {
    if (key === undefined) {
      return;
    }
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = `${this.path(key)}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, JSON.stringify({ format: FORMAT, key, report: withTemplatePath(report, templatePath, TEMPLATE_MARKER) }));
      renameSync(temporary, this.path(key));
    } catch {
      // The report is still returned to the caller; only the next run validates again.
    }
  }

  path(key) {
    return join(this.dir, `${key}.json`);
  }
}

/** Whether `value` has the shape of the plugin's report as the worker reads it (anything else is a miss). */
function isReport(value) {
  const isObject = (v) => typeof v === 'object' && v !== null;
  const isOptionalString = (v) => v === undefined || typeof v === 'string';
  return (
    isObject(value) &&
    typeof value.success === 'boolean' &&
    Array.isArray(value.violations) &&
    value.violations.every(
      (v) =>
        isObject(v) &&
        typeof v.ruleName === 'string' &&
        typeof v.description === 'string' &&
        isOptionalString(v.severity) &&
        Array.isArray(v.violatingResources) &&
        v.violatingResources.every((r) => isObject(r) && isOptionalString(r.templatePath) && Array.isArray(r.locations)),
    )
  );
}

/** `report` with every violating resource's template path `from` replaced by `to`. */
function withTemplatePath(report, from, to) {
  return {
    ...report,
    violations: report.violations.map((v) => ({
      ...v,
      violatingResources: v.violatingResources.map((r) => (r.templatePath === from ? { ...r, templatePath: to } : r)),
    })),
  };
}

module.exports = { SchemaValidationCache, TEMPLATE_MARKER };
