/**
 * The templates `npm run gate:mutate` mutates: the platform built from a configuration exactly as `bin/app.ts` builds it
 * (cdk.json's context and feature flags), synthesized without bundling (asset hashes are not judged) and without the
 * gate (the rules are applied to the templates directly).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage, Token } from 'aws-cdk-lib';
import { PlatformConfig } from '../../config/platform-config';
import { buildPlatform } from '../../platform';
import { NamedTemplate } from '../gate/judge';
import { StackTemplate } from '../rules';

/**
 * @param build what to build into the app (default: the platform's stacks directly; the gate-mutate script passes the
 * delivery pipeline and its stages for a configuration that has one)
 */
export function platformTemplates(config: PlatformConfig, cdkJsonPath: string, build: (app: App) => void = (app) => buildPlatform(app, config)): NamedTemplate[] {
  const context = JSON.parse(readFileSync(cdkJsonPath, 'utf8')).context;
  const outdir = mkdtempSync(join(tmpdir(), 'gate-mutate-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    build(app);
    app.synth();
    // Every stack, those in CDK Stages (the pipeline's) included, from the assembly directory of its own stage.
    return app.node
      .findAll()
      .filter((c): c is Stack => Stack.isStack(c))
      .map((stack) => ({
        stackName: stack.stackName,
        template: JSON.parse(readFileSync(join(Stage.of(stack)!.outdir, stack.templateFile), 'utf8')) as StackTemplate,
        ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }),
      }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
