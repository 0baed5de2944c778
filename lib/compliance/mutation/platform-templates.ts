/**
 * The templates `npm run gate:mutate` mutates: the platform built from a configuration exactly as `bin/app.ts` builds it
 * (cdk.json's context and feature flags), synthesized without bundling (asset hashes are not judged) and without the
 * gate (the rules are applied to the templates directly).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { PlatformConfig } from '../../config/platform-config';
import { buildPlatform } from '../../platform';
import { NamedTemplate } from '../gate/judge';
import { StackTemplate } from '../rules';

export function platformTemplates(config: PlatformConfig, cdkJsonPath: string): NamedTemplate[] {
  const context = JSON.parse(readFileSync(cdkJsonPath, 'utf8')).context;
  const outdir = mkdtempSync(join(tmpdir(), 'gate-mutate-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stacks = buildPlatform(app, config);
    const assembly = app.synth();
    const all = [stacks.accountBaseline, stacks.organizationGuardrails, stacks.networkHub, stacks.controlPlane, ...stacks.tenants].filter((s) => s !== undefined);
    return all.map((stack) => ({
      stackName: stack.stackName,
      template: JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as StackTemplate,
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
