/**
 * The Control Tower checks' engine and result cache, on small templates (each engine run costs ~5 s of start-up, so
 * the runs are shared in order): findings named by control id; a cached result is reused only for the very template text and rule set that produced it and equals the evaluation;
 * anything unreadable is evaluated again.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PolicyViolation } from 'aws-cdk-lib';
import { ControlTowerCache, ruleSetVersion } from '../../lib/compliance/gate/control-tower-cache';
import { ControlTowerChecks } from '../../lib/compliance/gate/control-tower';
import { resources, templateFile } from '../helpers/control-tower-templates';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

/** The controls these templates break (and a few they do not), so each engine run compiles 6 rules rather than 237. */
const CONTROLS = ['CT.S3.PR.1', 'CT.KMS.PR.1', 'CT.RDS.PR.1', 'CT.RDS.PR.2', 'CT.EC2.PR.5', 'CT.S3.PR.2'];

function run(cacheDir: string | undefined, templatePaths: string[]) {
  const checks = new ControlTowerChecks({ cacheDir, controls: CONTROLS });
  const report = checks.validate({ templatePaths } as never);
  return { report, cache: checks.cache };
}

function findings(violations: readonly PolicyViolation[]) {
  return [...new Set(violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${basename(r.templatePath ?? '')}:${r.resourceLogicalId}`)))].sort();
}

describe('the Control Tower checks: engine and cache', () => {
  const dir = scratch('ct-engine-');
  const cacheDir = join(dir, 'cache');
  const templates = [templateFile(dir, 'Open', true), templateFile(dir, 'Closed', false)];
  let first: ReturnType<typeof run>;

  beforeAll(() => {
    first = run(cacheDir, templates);
  });

  test('GIVEN broken and fixed resources THEN findings are named by control id, carry severity error, and fixed resources pass', () => {
    // That the engine reports exactly what the package's cfn-guard binary reports is test/e2e/control-tower-engine.test.ts.
    const found = findings(first.report.violations);
    expect(found).toEqual(expect.arrayContaining(['CT.S3.PR.1 Open.template.json:Bucket', 'CT.KMS.PR.1 Open.template.json:Key', 'CT.RDS.PR.1 Open.template.json:Database']));
    expect(found.filter((f) => f.includes('Closed.template.json:Bucket') && f.startsWith('CT.S3.PR.1 '))).toEqual([]);
    expect(first.report.violations.every((v) => v.severity === 'error')).toBe(true);
  });

  test('GIVEN the same templates again THEN every result comes from the cache and the report equals the evaluated one', () => {
    expect(first.cache).toMatchObject({ hits: 0, misses: 2 });
    const second = run(cacheDir, templates);
    expect(second.cache).toMatchObject({ hits: 2, misses: 0 });
    expect(second.report).toEqual(first.report);
  });

  test('GIVEN cache entries that are corrupt or of another format THEN they are misses and the templates are judged again', () => {
    const entries = readdirSync(cacheDir);
    expect(entries).toHaveLength(2);
    writeFileSync(join(cacheDir, entries[0]), '{ not json');
    writeFileSync(join(cacheDir, entries[1]), JSON.stringify({ format: 'control-tower-cache/0', key: entries[1].replace('.json', ''), violations: [] }));
    const again = run(cacheDir, templates);
    expect(again.cache).toMatchObject({ hits: 0, misses: 2 });
    expect(again.report).toEqual(first.report);
  });

  test('GIVEN a template that changed since its result was cached THEN it is judged again and its new findings are reported', () => {
    const closed = templates[1];
    expect(findings(first.report.violations).filter((f) => f.includes('Closed.template.json'))).not.toContain('CT.S3.PR.1 Closed.template.json:Bucket');
    // The fixed template with only its public access block removed: a text no run has seen.
    const template = { Resources: resources(false) };
    delete (template.Resources.Bucket.Properties as { PublicAccessBlockConfiguration?: unknown }).PublicAccessBlockConfiguration;
    writeFileSync(closed, JSON.stringify(template));
    const changed = run(cacheDir, [closed]);
    expect(changed.cache).toMatchObject({ hits: 0, misses: 1 });
    expect(findings(changed.report.violations)).toContain('CT.S3.PR.1 Closed.template.json:Bucket');
  });
});

test('GIVEN a control id the package does not ship THEN the checks refuse it by name', () => {
  expect(() => new ControlTowerChecks({ controls: ['CT.S3.PR.1', 'CT.NOPE.PR.9'] })).toThrow(
    "ControlTowerChecks: 'controls' must name controls the package ships, got unknown CT.NOPE.PR.9",
  );
});

describe('the cache key', () => {
  test('GIVEN an entry whose stored key does not match its file name THEN it is not reused', () => {
    const cacheDir = scratch('ct-cache-');
    const cache = new ControlTowerCache(cacheDir, 'rules-v1');
    const key = cache.key('{"Resources":{}}', ['s3/ct-s3-pr-1.guard']);
    cache.put(key, []);
    writeFileSync(join(cacheDir, `${'0'.repeat(64)}.json`), JSON.stringify({ format: 'control-tower-cache/2', key, violations: [] }));
    expect(cache.get('0'.repeat(64))).toBeUndefined();
    expect(cache.get(key)).toEqual([]);
  });

  test('GIVEN another rule set, another choice of rules or another template text THEN the key differs', () => {
    const text = '{"Resources":{}}';
    const rules = ['s3/ct-s3-pr-1.guard'];
    const key = new ControlTowerCache('unused', 'rules-v1').key(text, rules);
    expect(new ControlTowerCache('unused', 'rules-v2').key(text, rules)).not.toBe(key);
    expect(new ControlTowerCache('unused', 'rules-v1').key(text, [...rules, 's3/ct-s3-pr-2.guard'])).not.toBe(key);
    expect(new ControlTowerCache('unused', 'rules-v1').key('{"Resources":{"X":{}}}', rules)).not.toBe(key);
  });

  test('GIVEN a rule file whose content changes, or another package or engine version THEN the rule-set version changes', () => {
    const rulesDir = scratch('ct-rules-');
    const rule = join(rulesDir, 'ct-x-pr-1.guard');
    writeFileSync(rule, 'rule a { Resources.*.Type exists }');
    const before = ruleSetVersion('0.0.62 aws-cdk-lib 2.276.0', rulesDir, [rule]);
    writeFileSync(rule, 'rule a { Resources.*.Type empty }');
    const after = ruleSetVersion('0.0.62 aws-cdk-lib 2.276.0', rulesDir, [rule]);
    expect(after).not.toBe(before);
    expect(ruleSetVersion('0.0.63 aws-cdk-lib 2.276.0', rulesDir, [rule])).not.toBe(after);
    expect(ruleSetVersion('0.0.62 aws-cdk-lib 2.277.0', rulesDir, [rule])).not.toBe(after);
  });
});
