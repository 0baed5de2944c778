/**
 * The example-platform template cache (test/helpers/platform-templates-cache.ts): an entry answers only for the exact
 * configuration, packages, CDK environment and checkout content that produced it; what is stored is what was computed;
 * anything unreadable, of another format or of another key is computed again; a dead worker's lock is not waited for.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NamedTemplate } from '../../lib/compliance/gate/judge';
import { exampleConfig } from '../helpers/app';
import { checkoutFiles, readEntry, templatesKey, throughCache, writeEntry } from '../helpers/platform-templates-cache';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

const CONFIG = exampleConfig();

/** A small checkout: sources, configuration, and directories that are not inputs. */
function checkout(): string {
  const root = scratch('templates-key-');
  const files: Record<string, string> = {
    'cdk.json': '{"context":{}}',
    'config/platform.json': '{"tenants":[]}',
    'lib/stacks/tenant-stack.ts': 'export const cidr = "10.100.0.0/16";',
    'lambda/handler.ts': 'export const handler = () => 1;',
    'node_modules/aws-cdk-lib/index.js': 'module.exports = {};',
    'cdk.out/Tenant.template.json': '{}',
    '.git/HEAD': 'ref: refs/heads/main',
    'bench/out/synth.json': '{}',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the key', () => {
  test('GIVEN a checkout THEN its inputs are every file but git, installed packages and outputs', () => {
    expect(checkoutFiles(checkout())).toEqual(['cdk.json', 'config/platform.json', 'lambda/handler.ts', 'lib/stacks/tenant-stack.ts']);
  });

  test('GIVEN any source edit, even of the same length, a new, renamed or removed file THEN the key changes', () => {
    const root = checkout();
    const key = templatesKey(CONFIG, root, {});
    expect(templatesKey(CONFIG, root, {})).toBe(key);
    writeFileSync(join(root, 'lib/stacks/tenant-stack.ts'), 'export const cidr = "10.101.0.0/16";');
    const edited = templatesKey(CONFIG, root, {});
    expect(edited).not.toBe(key);
    writeFileSync(join(root, 'lambda/other.ts'), '');
    const added = templatesKey(CONFIG, root, {});
    expect(added).not.toBe(edited);
    renameSync(join(root, 'lambda/other.ts'), join(root, 'lambda/renamed.ts'));
    expect(templatesKey(CONFIG, root, {})).not.toBe(added);
    writeFileSync(join(root, 'cdk.json'), '{"context":{"@aws-cdk/core:newFlag":true}}');
    expect(templatesKey(CONFIG, root, {})).not.toBe(added);
  });

  test('GIVEN another configuration or CDK_* environment THEN the key changes; outputs and installed files do not change it', () => {
    const root = checkout();
    const key = templatesKey(CONFIG, root, {});
    expect(templatesKey({ ...CONFIG, tenants: CONFIG.tenants.slice(1) }, root, {})).not.toBe(key);
    expect(templatesKey(CONFIG, root, { CDK_CONTEXT_JSON: '{"tenant":"acme"}' })).not.toBe(key);
    expect(templatesKey(CONFIG, root, { HOME: '/elsewhere' })).toBe(key);
    writeFileSync(join(root, 'cdk.out/Tenant.template.json'), '{"Resources":{}}');
    writeFileSync(join(root, 'node_modules/aws-cdk-lib/index.js'), '// installed packages are keyed by version');
    expect(templatesKey(CONFIG, root, {})).toBe(key);
  });
});

describe('the cache', () => {
  const templates: NamedTemplate[] = [{ stackName: 'Tenant-acme', template: { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} } } } }];

  test('GIVEN no entry THEN it computes once and stores; GIVEN the same key again THEN the stored templates come back', () => {
    const dir = scratch('templates-cache-');
    let computed = 0;
    const compute = () => (computed++, templates);
    expect(throughCache(dir, 'k1', compute)).toEqual(templates);
    expect(throughCache(dir, 'k1', compute)).toEqual(templates);
    expect(computed).toBe(1);
    expect(throughCache(dir, 'k2', compute)).toEqual(templates);
    expect(computed).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['k1.json', 'k2.json']);
  });

  test('GIVEN an entry that is corrupt, of another format or names another key THEN it is a miss and is computed again', () => {
    const dir = scratch('templates-cache-');
    writeEntry(dir, 'k1', templates);
    writeFileSync(join(dir, 'k2.json'), '{ not json');
    writeFileSync(join(dir, 'k3.json'), JSON.stringify({ format: 'platform-templates/0', key: 'k3', templates }));
    writeFileSync(join(dir, 'k4.json'), JSON.stringify({ format: 'platform-templates/1', key: 'k1', templates }));
    expect(readEntry(dir, 'k1')).toEqual(templates);
    for (const key of ['k2', 'k3', 'k4']) {
      expect(readEntry(dir, key)).toBeUndefined();
      let computed = 0;
      throughCache(dir, key, () => (computed++, templates));
      expect(computed).toBe(1);
    }
  });

  test('GIVEN a lock left by a process that no longer runs THEN the templates are computed, not waited for', () => {
    const dir = scratch('templates-cache-');
    writeFileSync(join(dir, 'k1.lock'), '2147483646');
    let computed = 0;
    expect(throughCache(dir, 'k1', () => (computed++, templates))).toEqual(templates);
    expect(computed).toBe(1);
    expect(readdirSync(dir)).toEqual(['k1.json']);
  });
});
