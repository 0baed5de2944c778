import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CfnResource, CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { WorkerSchemaValidation } from '../../lib/compliance/gate/schema-validation';
import { testApp } from '../helpers/app';
import { pluginReport } from '../helpers/schema-plugin';

/** Templates on disk and the validation context the CDK would hand a plugin for them. */
function contextFor(dir: string, templates: Record<string, object>): IPolicyValidationContext {
  const stackTemplates = Object.entries(templates).map(([name, template]) => {
    const templatePath = join(dir, `${name}.template.json`);
    writeFileSync(templatePath, JSON.stringify(template));
    return { stackConstructPath: name, templatePath, accountId: undefined, region: 'eu-west-1' };
  });
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: testApp(), region: 'eu-west-1' };
}

const BROKEN = {
  Resources: {
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 8, NotAProperty: true } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'UPPER_CASE_IS_NOT_A_BUCKET_NAME' } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 7 } },
  },
};
const CLEAN = { Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } } } };

describe("the gate's schema validation on its worker thread", () => {
  let dir: string;
  let worker: WorkerSchemaValidation;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'schema-worker-'));
    worker = new WorkerSchemaValidation();
  });
  afterAll(() => {
    worker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN templates with schema errors THEN the worker reports exactly what aws-cdk-lib\'s plugin reports in process', () => {
    const context = contextFor(dir, { Broken: BROKEN, Clean: CLEAN });
    const expected = pluginReport(context);
    expect(expected.success).toBe(false);
    expect(expected.violations.length).toBeGreaterThanOrEqual(3);
    expect(worker.validate(context)).toEqual(expected);
  });

  test('GIVEN the starter handed over other templates than the collector receives THEN the collector validates its own', () => {
    const started = contextFor(dir, { Clean: CLEAN });
    worker.starter.validate(started);
    const report = worker.validate(contextFor(dir, { Broken: BROKEN }));
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.description).join('\n')).toMatch(/NotAProperty/);
  });

  test('GIVEN the starter ran THEN the collector returns the report of those templates, and the starter itself reports nothing', () => {
    const context = contextFor(dir, { Broken: BROKEN });
    expect(worker.starter.validate(context)).toEqual({ success: true, violations: [] });
    const report = worker.validate(context);
    expect(report.success).toBe(false);
    expect(report.violations.some((v) => v.description.includes('NotAProperty'))).toBe(true);
  });

  test('GIVEN a template the worker cannot read THEN validation throws a named error rather than passing', () => {
    const context = { ...contextFor(dir, {}), templatePaths: [join(dir, 'missing.json')], stackTemplates: [{ stackConstructPath: 'Missing', templatePath: join(dir, 'missing.json'), accountId: undefined, region: undefined }] };
    expect(() => worker.validate(context)).toThrow(/CloudFormation schema validation failed on its worker thread: .*missing\.json/);
  });

  test('GIVEN the worker thread ended before it answered (out of memory, terminated) THEN validation fails once it stops making progress, rather than wait or pass', () => {
    const dying = new WorkerSchemaValidation({ stallTimeoutMs: 1500 });
    try {
      const context = contextFor(dir, { Dying: BROKEN });
      dying.validateEarly(context.stackTemplates[0]); // starts the thread
      // What an out-of-memory end or a kill does: the thread stops, and nothing tells the blocked main thread.
      void (dying as unknown as { worker: Worker }).worker.terminate();
      const started = Date.now();
      expect(() => dying.validate(context)).toThrow(/worker thread made no progress for 1\.5 s \(it ended or hangs\); no template is taken as valid/);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      dying.close();
    }
  });

  test('GIVEN the worker warmed for one set of resource types THEN templates of other types are still validated', () => {
    const app = testApp();
    new CfnResource(new Stack(app, 'Warm'), 'Queue', { type: 'AWS::SQS::Queue' });
    worker.warm(app);
    const report = worker.validate(contextFor(dir, { Topic: { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { NotATopicProperty: true } } } } }));
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.description).join('\n')).toMatch(/NotATopicProperty/);
  });

  test('GIVEN a template changed after its early validation THEN the final report is of the file as it is now', () => {
    const context = contextFor(dir, { Changing: BROKEN });
    worker.validateEarly(context.stackTemplates[0]);
    worker.validate(contextFor(dir, {})); // the worker answers in order: the early report now exists
    writeFileSync(context.stackTemplates[0].templatePath, JSON.stringify(CLEAN));
    expect(worker.validate(context)).toEqual({ success: true, violations: [] });
    expect(worker.lastReused).toBe(0);
  });

  test('GIVEN a template path relative to the working directory THEN the report names it as given, as the plugin does', () => {
    const absolute = contextFor(dir, { Relative: BROKEN }).stackTemplates[0].templatePath;
    const templatePath = relative(process.cwd(), absolute);
    const context = { ...contextFor(dir, {}), templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'Relative', templatePath, accountId: undefined, region: 'eu-west-1' }] };
    expect(worker.validate(context)).toEqual(pluginReport(context));
  });

  test('GIVEN an app whose stacks are validated as the CDK writes them THEN the final report equals aws-cdk-lib\'s in-process report, reusing every early one', () => {
    class Capturing extends WorkerSchemaValidation {
      public seen?: { context: IPolicyValidationContext; report: PolicyValidationPluginReport };
      public validate(context: IPolicyValidationContext) {
        const report = super.validate(context);
        // The CDK rewrites the returned report's paths in place afterwards; keep it as the plugin returned it.
        this.seen = { context, report: structuredClone(report) };
        return report;
      }
    }
    const app = testApp({ outdir: join(dir, 'app') });
    for (const name of ['First', 'Second', 'Third']) {
      const stack = new Stack(app, name, { env: { region: 'eu-west-1' } });
      new CfnResource(stack, 'Logs', { type: 'AWS::Logs::LogGroup', properties: { RetentionInDays: 8, NotAProperty: true } });
      new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic', properties: { [`Unknown${name}`]: 1 } });
    }
    const capturing = new Capturing();
    try {
      capturing.warm(app);
      capturing.validateAsWritten(app);
      Validations.of(app).addPlugins(capturing.starter, capturing);
      expect(() => app.synth()).toThrow(/NotAProperty/);
      const { context, report } = capturing.seen!;
      expect(context.stackTemplates).toHaveLength(3);
      expect(capturing.lastReused).toBe(3);
      const expected = pluginReport(context);
      expect(expected.violations.some((v) => v.violatingResources.length === 3)).toBe(true);
      expect(report).toEqual(expected);
    } finally {
      capturing.close();
    }
  });

  test('GIVEN the gate\'s schema plugin THEN the CDK takes it for its CloudFormation validation (no default instance runs beside it)', () => {
    expect(worker).toBeInstanceOf(CloudFormationValidatePlugin);
    expect(worker.name).toBe(CloudFormationValidatePlugin.PLUGIN_NAME);
  });
});
