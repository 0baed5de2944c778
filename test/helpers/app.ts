import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformConfig, PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';

export const REPO_ROOT = join(__dirname, '..', '..');

/** cdk.json's context (every feature flag), so tests assert on the same template `cdk synth` produces. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;

export interface TestAppProps extends AppProps {
  /** Bundle the Lambda handlers with esbuild, as `cdk synth` does. Templates are the same but for the asset hashes. */
  readonly bundling?: boolean;
}

/** One subscriber per alert tier: what every configuration must have (accountBaseline.subscriptions), for raw test configs. */
export const TEST_SUBSCRIPTIONS = {
  critical: [{ protocol: 'email', endpoint: 'critical@example.com' }],
  high: [{ protocol: 'email', endpoint: 'high@example.com' }],
  medium: [{ protocol: 'email', endpoint: 'medium@example.com' }],
  low: [{ protocol: 'email', endpoint: 'low@example.com' }],
} as const;

/**
 * Context that changes no template, only what CDK records or writes beside it, for test apps (whose templates carry no
 * CDKMetadata resource: version reporting is off outside `cdk synth`):
 * - no creation stack trace in every CloudFormation element's metadata (`aws:cdk:creationStack`, which only
 *   `cdk synth --debug`-style diagnostics read). Under jest every captured trace goes through jest's source-map stack
 *   formatter, which was ~16 s of CPU over the whole suite.
 * - no construct and method analytics (`@aws-cdk/core:enableAdditionalMetadataCollection`, which feeds only the
 *   CDKMetadata resource's Analytics): every L2 construct's props were redacted and recorded, ~3% of a
 *   construction-heavy test file.
 * - no copy of each file asset into the output directory (`aws:cdk:disable-asset-staging`): the asset's hash, and so
 *   the template, is the same, as long as no asset metadata is recorded (`aws:cdk:enable-asset-metadata`, which
 *   `cdk synth` turns on and test apps do not); only a deploy reads the copy.
 */
export const TEST_ONLY_CONTEXT = { 'aws:cdk:disable-creation-stack-traces': true, '@aws-cdk/core:enableAdditionalMetadataCollection': false, 'aws:cdk:disable-asset-staging': true } as const;

/**
 * An app with cdk.json's context. By default it skips what only a deployable assembly needs and no template assertion
 * reads: esbuild bundling (context `aws:cdk:bundling-stacks: []`, as `cdk synth --exclusively` does for other stacks),
 * CDK's built-in CloudFormation schema validation (`builtinCloudFormationValidation`: the gate tests and the full
 * example-platform synth turn it on and prove it runs) and what TEST_ONLY_CONTEXT spares.
 * Together they were ~10 s of every example-platform synth.
 */
export function testApp(props: TestAppProps = {}): App {
  const { bundling = false, ...appProps } = props;
  const skipBundling = bundling ? {} : { 'aws:cdk:bundling-stacks': [] };
  return new App({
    builtinCloudFormationValidation: false,
    ...appProps,
    context: { ...CDK_JSON_CONTEXT, ...TEST_ONLY_CONTEXT, ...skipBundling, ...(appProps.context ?? {}) },
  });
}

/** The shipped example configuration. */
export function exampleConfig(): PlatformConfig {
  return validatePlatformConfig(JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'platform.json'), 'utf8')), 'config/platform.json');
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [key: string]: unknown }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/**
 * TenantStack props from a tenant entry as the configuration file would hold it, loaded (validated and defaulted) the
 * way the app loads it.
 */
export function tenantStackProps(tenant: Record<string, unknown>, controlPlane: Record<string, unknown> = { cidr: '10.0.0.0/16' }) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane, tenants: [tenant] }, 'test configuration');
  return { tenant: config.tenants[0], controlPlane: config.controlPlane };
}

/** The problems validation reports for a configuration it must refuse (fails the test if it is accepted). */
export function configProblems(input: unknown, source: string): readonly string[] {
  try {
    validatePlatformConfig(input, source);
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformConfigError);
    return (error as PlatformConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

/**
 * For a describe block (or a file) whose tests depend on CDK's debug mode: each test starts without CDK_DEBUG, whatever
 * the shell running jest set (debug mode keeps traces and metadata the tests assert are spared), and the shell's value
 * is back afterwards. A test that needs debug mode sets it itself.
 */
export function outsideCdkDebugMode(): void {
  const shell = process.env.CDK_DEBUG;
  beforeEach(() => {
    delete process.env.CDK_DEBUG;
  });
  afterAll(() => {
    if (shell === undefined) {
      delete process.env.CDK_DEBUG;
    } else {
      process.env.CDK_DEBUG = shell;
    }
  });
}
