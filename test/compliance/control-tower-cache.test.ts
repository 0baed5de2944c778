/**
 * The Control Tower checks' result cache: a result is reused only for the very template text and rule set that
 * produced it, the reused result equals a fresh evaluation, and anything unreadable is evaluated again. Real cfn-guard
 * on small templates (one bucket), so each evaluation takes well under a second.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyViolation } from 'aws-cdk-lib';
import { ControlTowerCache, ruleSetVersion } from '../../lib/compliance/gate/control-tower-cache';
import { ControlTowerChecks } from '../../lib/compliance/gate/control-tower';

const PAB = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

function templateFile(dir: string, name: string, bucketProperties: Record<string, unknown>): string {
  const path = join(dir, `${name}.template.json`);
  writeFileSync(path, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: bucketProperties, Metadata: { 'aws:cdk:path': `${name}/Bucket` } } } }));
  return path;
}

function run(cacheDir: string | undefined, templatePaths: string[]) {
  const checks = new ControlTowerChecks({ cacheDir });
  const report = checks.validate({ templatePaths } as never);
  return { report, cache: checks.cache };
}

function findings(violations: readonly PolicyViolation[]) {
  return violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.templatePath}:${r.resourceLogicalId}`)).sort();
}

describe('the Control Tower result cache', () => {
  test('GIVEN the same templates twice THEN the second run reuses every result and reports exactly what a fresh run reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-cache-'));
    const cacheDir = join(dir, 'cache');
    const templates = [templateFile(dir, 'Open', {}), templateFile(dir, 'Closed', { PublicAccessBlockConfiguration: PAB })];
    const first = run(cacheDir, templates);
    expect(first.cache).toMatchObject({ hits: 0, misses: 2 });
    expect(findings(first.report.violations)).toContain(`CT.S3.PR.1 ${templates[0]}:Bucket`);
    const second = run(cacheDir, templates);
    expect(second.cache).toMatchObject({ hits: 2, misses: 0 });
    expect(second.report).toEqual(first.report);
    expect(second.report).toEqual(run(undefined, templates).report);
  });

  test('GIVEN a template that changed since its result was cached THEN it is judged again and the new finding is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-cache-'));
    const cacheDir = join(dir, 'cache');
    const closed = run(cacheDir, [templateFile(dir, 'Tenant', { PublicAccessBlockConfiguration: PAB })]);
    expect(findings(closed.report.violations).filter((f) => f.startsWith('CT.S3.PR.1 '))).toEqual([]);
    const path = templateFile(dir, 'Tenant', {});
    const opened = run(cacheDir, [path]);
    expect(opened.cache).toMatchObject({ hits: 0, misses: 1 });
    expect(opened.report.success).toBe(false);
    expect(findings(opened.report.violations)).toContain(`CT.S3.PR.1 ${path}:Bucket`);
  });

  test('GIVEN a cache entry that is corrupt, or of another format THEN it is a miss and the template is judged again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-cache-'));
    const cacheDir = join(dir, 'cache');
    const path = templateFile(dir, 'Tenant', {});
    const fresh = run(cacheDir, [path]);
    const [entry] = readdirSync(cacheDir);
    for (const content of ['{ not json', JSON.stringify({ format: 'control-tower-cache/0', key: entry.replace('.json', ''), violations: [] })]) {
      writeFileSync(join(cacheDir, entry), content);
      const again = run(cacheDir, [path]);
      expect(again.cache).toMatchObject({ hits: 0, misses: 1 });
      expect(again.report).toEqual(fresh.report);
    }
  });

  test('GIVEN a cached entry whose stored key does not match its file name THEN it is not reused', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ct-cache-'));
    const cache = new ControlTowerCache(cacheDir, 'rules-v1');
    const key = cache.key('{"Resources":{}}', ['s3/ct-s3-pr-1.guard']);
    cache.put(key, []);
    writeFileSync(join(cacheDir, `${'0'.repeat(64)}.json`), JSON.stringify({ format: 'control-tower-cache/1', key, violations: [] }));
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

  test('GIVEN a rule file whose content changes THEN the rule-set version changes', () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'ct-rules-'));
    const rule = join(rulesDir, 'ct-x-pr-1.guard');
    writeFileSync(rule, 'rule a { Resources.*.Type exists }');
    const before = ruleSetVersion('0.0.62', rulesDir, [rule]);
    writeFileSync(rule, 'rule a { Resources.*.Type empty }');
    expect(ruleSetVersion('0.0.62', rulesDir, [rule])).not.toBe(before);
    expect(ruleSetVersion('0.0.63', rulesDir, [rule])).not.toBe(ruleSetVersion('0.0.62', rulesDir, [rule]));
  });
});
