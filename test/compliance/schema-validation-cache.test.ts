/**
 * The schema validation's cache of earlier runs (lib/compliance/gate/schema-validation-cache.js): a template's report is
 * reused only for the very same input, reused reports are the plugin's own (failures included, with the caller's
 * paths), and anything changed, unreadable or unwritable is validated again.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import { applyComplianceGate } from '../../lib/compliance/gate/gate';
import { WorkerSchemaValidation } from '../../lib/compliance/gate/schema-validation';
import { writeComplianceReport } from '../../lib/compliance/report/write';
import { platformTopology } from '../../lib/compliance/topology';
import { exampleConfig, testApp } from '../helpers/app';
import { pluginReport } from '../helpers/schema-plugin';

const BROKEN = {
  Resources: {
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 8, NotAProperty: true } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 7 } },
  },
};
const CLEAN = { Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } } } };

/** Templates written into `dir`, and the context the CDK hands a plugin for them in `app`. */
function contextFor(app: App, dir: string, templates: Record<string, object>, region = 'eu-west-1'): IPolicyValidationContext {
  const stackTemplates = Object.entries(templates).map(([name, template]) => {
    const templatePath = join(dir, `${name}.template.json`);
    writeFileSync(templatePath, JSON.stringify(template));
    return { stackConstructPath: name, templatePath, accountId: undefined, region };
  });
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: app, region };
}

describe('the schema validation cache', () => {
  let dir: string;
  let cache: string;
  // One worker for the file, as one synth process has: each test has its own app, output and cache directories, and
  // what the worker keeps from an earlier test (its engine, early reports of other paths) must change no answer.
  let worker: WorkerSchemaValidation;
  let app: App;
  beforeAll(() => {
    worker = new WorkerSchemaValidation();
  });
  afterAll(() => worker.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'schema-cache-'));
    cache = join(dir, 'cache');
    app = testApp();
    worker.useCache(app, cache);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN templates validated once THEN a second run reuses every report, and each equals the plugin\'s own in process (failures and paths included)', () => {
    const context = contextFor(app, dir, { Broken: BROKEN, Clean: CLEAN });
    const expected = pluginReport(context);
    expect(expected.success).toBe(false);
    expect(worker.validate(context)).toEqual(expected);
    expect([worker.lastCached, worker.lastTemplates]).toEqual([0, 2]);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    // Another output directory: the reused reports name the templates where they are now.
    const elsewhere = mkdtempSync(join(dir, 'out-'));
    const again = contextFor(app, elsewhere, { Broken: BROKEN, Clean: CLEAN });
    expect(worker.validate(again)).toEqual(pluginReport(again));
    expect([worker.lastCached, worker.lastTemplates]).toEqual([2, 2]);
    expect(JSON.stringify(worker.validate(again))).not.toContain(dir + '/Broken');
  });

  test('GIVEN one template changed, or the same text as another stack or in another region THEN only the identical input is reused', () => {
    worker.validate(contextFor(app, dir, { Broken: BROKEN, Clean: CLEAN }));
    const changed = contextFor(app, dir, { Broken: CLEAN, Clean: CLEAN });
    expect(worker.validate(changed)).toEqual(pluginReport(changed));
    expect(worker.lastCached).toBe(1);
    expect(worker.validate(contextFor(app, dir, { Renamed: BROKEN })).success).toBe(false);
    expect(worker.lastCached).toBe(0);
    expect(worker.validate(contextFor(app, dir, { Broken: BROKEN }, 'us-east-1')).success).toBe(false);
    expect(worker.lastCached).toBe(0);
  });

  test('GIVEN entries that are corrupt or of another format THEN they are misses and the templates are validated again', () => {
    const context = contextFor(app, dir, { Broken: BROKEN });
    worker.validate(context);
    const [entry] = readdirSync(cache).filter((f) => f.endsWith('.json'));
    const stored = JSON.parse(readFileSync(join(cache, entry), 'utf8'));
    for (const bad of ['{not json', JSON.stringify({ ...stored, format: 'schema-validation-cache/0' }), JSON.stringify({ ...stored, key: 'another' })]) {
      writeFileSync(join(cache, entry), bad);
      expect(worker.validate(context)).toEqual(pluginReport(context));
      expect(worker.lastCached).toBe(0);
    }
  });

  test('GIVEN a template whose report depends on the engine (rules selected by the other templates of the call) THEN each run gives the one-call plugin\'s report, cached or not', () => {
    // Fn::ForEach hides F's GameLift aliases from the type scan, so whether the GameLift rule runs on F depends on the
    // other templates of the call: with G it does (a finding), alone it does not. The plugin never shrinks its engine;
    // a report validated by the larger engine must not be stored as the smaller engine's.
    const alias = { Type: 'AWS::GameLift::Alias', Properties: { Name: 'a', RoutingStrategy: { Type: 'SIMPLE', FleetId: 'fleet-1', Message: 'hi' } } };
    const F = { Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::Aliases': ['N', ['A', 'B'], { 'Alias${N}': alias }], Topic: { Type: 'AWS::SNS::Topic' } } };
    const G = { Resources: { Alias: { Type: 'AWS::GameLift::Alias', Properties: { Name: 'g', RoutingStrategy: { Type: 'SIMPLE', FleetId: 'fleet-1' } } } } };
    const outcome = (r: { success: boolean; violations: { ruleName: string }[] }) => [r.success, r.violations.map((v) => v.ruleName).sort()];
    const both = contextFor(app, mkdtempSync(join(dir, 'both-')), { F, G });
    const alone = () => contextFor(app, mkdtempSync(join(dir, 'alone-')), { F });
    expect(outcome(pluginReport(both))).not.toEqual(outcome(pluginReport(alone())));
    expect(worker.validate(both)).toEqual(pluginReport(both));
    const first = alone();
    expect(worker.validate(first)).toEqual(pluginReport(first));
    // A later synth: a new worker with the same cache.
    const later = new WorkerSchemaValidation();
    later.useCache(app, cache);
    try {
      for (const context of [alone(), both]) {
        expect(later.validate(context)).toEqual(pluginReport(context));
      }
      expect(later.lastCached).toBe(2);
    } finally {
      later.close();
    }
  });

  test('GIVEN an entry that parses but is not a report of the plugin\'s shape THEN it is a miss, not a failed synth', () => {
    const context = contextFor(app, dir, { Clean: CLEAN });
    worker.validate(context);
    const [entry] = readdirSync(cache).filter((f) => f.endsWith('.json'));
    const stored = JSON.parse(readFileSync(join(cache, entry), 'utf8'));
    for (const report of [{ success: true, violations: [{ ruleName: 'x' }] }, { violations: [] }, { success: true, violations: [{ ruleName: 'x', description: 'd', violatingResources: [{}] }] }]) {
      writeFileSync(join(cache, entry), JSON.stringify({ ...stored, report }));
      expect(worker.validate(context)).toEqual(pluginReport(context));
      expect(worker.lastCached).toBe(0);
    }
  });

  test('GIVEN a cache directory that cannot be written THEN every template is still validated and reported', () => {
    writeFileSync(cache, 'a file, not a directory');
    const context = contextFor(app, dir, { Broken: BROKEN });
    expect(worker.validate(context)).toEqual(pluginReport(context));
    expect(worker.validate(context)).toEqual(pluginReport(context));
    expect(worker.lastCached).toBe(0);
  });

  test('GIVEN an app without a cache THEN nothing is stored or reused for it', () => {
    const other = testApp();
    const context = contextFor(other, dir, { Broken: BROKEN });
    worker.validate(context);
    worker.validate(context);
    expect(worker.lastCached).toBe(0);
    expect(() => readdirSync(cache)).toThrow(/ENOENT/);
  });
});

describe('the gate with a schema cache', () => {
  test('GIVEN an app synthesized twice with a schema error THEN the second synth fails from the cache too, and the report says what was reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-cache-gate-'));
    try {
      const config = exampleConfig();
      const synth = () => {
        const app = testApp({ outdir: mkdtempSync(join(dir, 'out-')) });
        const stack = new Stack(app, 'Broken');
        new CfnResource(stack, 'Logs', { type: 'AWS::Logs::LogGroup', properties: { RetentionInDays: 7, NotAProperty: true } });
        const gate = applyComplianceGate(app, platformTopology(config), { schemaCacheDir: join(dir, 'cache') });
        expect(() => app.synth()).toThrow(/NotAProperty/);
        return gate.schemaValidation;
      };
      const first = synth();
      expect([first.lastCached, first.lastTemplates]).toEqual([0, 1]);
      const second = synth();
      expect([second.lastCached, second.lastTemplates]).toEqual([1, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a clean app synthesized twice THEN the report records the templates and the reports reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-cache-report-'));
    try {
      const config = exampleConfig();
      const reports = [1, 2].map(() => {
        const app = testApp({ outdir: mkdtempSync(join(dir, 'out-')) });
        new CfnResource(new Stack(app, 'Plain'), 'Topic', { type: 'AWS::SNS::Topic', properties: { TopicName: 'plain' } });
        const gate = applyComplianceGate(app, platformTopology(config), { schemaCacheDir: join(dir, 'cache') });
        app.synth();
        return writeComplianceReport(app, gate, { config, configPath: 'config/platform.json' });
      });
      expect(reports.map((r) => r.provenance.schemaValidation)).toEqual([
        { templates: 1, fromCache: 0 },
        { templates: 1, fromCache: 1 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
