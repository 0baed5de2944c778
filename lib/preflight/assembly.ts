/**
 * Reads a cloud assembly (the directory `cdk synth` writes) into stack templates with their placement, and checks that
 * it holds the stacks the configuration implies, so a preflight never judges a stale or partial synth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { additionalRegions, DELIVERY_REPLICATION, PlatformConfig, regionalConfigs, tenantPlan } from '../config/platform-config';
import { STACK_NAMES } from '../naming';
import { MissingTemplatesError } from './errors';
import { CfnTemplate, StackTemplate } from './template';

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string; readonly stackName?: string };
}

const SYNTH_HINT = 'run `npx cdk synth` first (or `npm run preflight -- --synth` to synthesize into a temporary directory)';

/** Every stack template of the assembly in `dir`, nested assemblies (CDK Stages, pipelines) included. */
export function readCloudAssembly(dir: string): StackTemplate[] {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new MissingTemplatesError(`${dir}: the directory must hold a synthesized cloud assembly (manifest.json), got none: ${SYNTH_HINT}`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]): StackTemplate[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      return readCloudAssembly(join(dir, artifact.properties.directoryName));
    }
    if (artifact.type !== 'aws:cloudformation:stack') {
      return [];
    }
    const file = join(dir, artifact.properties?.templateFile ?? `${id}.template.json`);
    if (!existsSync(file)) {
      throw new MissingTemplatesError(`${dir}: the template of stack ${id} must exist, got no ${file}: ${SYNTH_HINT}`);
    }
    const { account, region } = parseEnvironment(artifact.environment);
    const template = JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
    // A platform stack's account is a rule of its template (its resources keep AWS::AccountId): a tenant in another
    // account counts there, not in the deployer's.
    const placed = account ?? placedAccountOf(template);
    return [{ stackName: artifact.properties?.stackName ?? id, ...(placed !== undefined ? { account: placed } : {}), region, template }];
  });
}

/** The account a template's `PlacedInAccount` rule (lib/stacks/platform-stack.ts) requires, if any. */
export function placedAccountOf(template: CfnTemplate): string | undefined {
  const rules = (template as { Rules?: Record<string, { Assertions?: { Assert?: Record<string, unknown> }[] }> }).Rules;
  const equals = rules?.PlacedInAccount?.Assertions?.[0]?.Assert?.['Fn::Equals'];
  return Array.isArray(equals) && JSON.stringify(equals[0]) === JSON.stringify({ Ref: 'AWS::AccountId' }) && typeof equals[1] === 'string' ? equals[1] : undefined;
}

/** `aws://<account>/<region>`, where CDK writes `unknown-account` / `unknown-region` for environment-agnostic stacks. */
export function parseEnvironment(environment: string | undefined): { account?: string; region?: string } {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  if (!match) {
    return {};
  }
  return {
    ...(match[1] !== 'unknown-account' ? { account: match[1] } : {}),
    ...(match[2] !== 'unknown-region' ? { region: match[2] } : {}),
  };
}

/**
 * The stack names a whole-platform synth of this configuration produces; for a platform in several regions, each as
 * `<name>@<region>` (every region has its own AccountBaseline, NetworkHub and ControlPlane), the organization
 * guardrails (no region) by name.
 */
export function expectedStackNames(config: PlatformConfig): string[] {
  const guardrails = config.guardrails.organizationTargetIds.length > 0 ? [STACK_NAMES.organizationGuardrails] : [];
  const regional = (view: PlatformConfig) => [
    STACK_NAMES.accountBaseline,
    STACK_NAMES.networkHub,
    STACK_NAMES.controlPlane,
    ...(view.delivery ? [STACK_NAMES.delivery] : []),
    // With a pipeline, each additional region holds its replication store (docs/delivery.md#regions).
    ...(view.placement.replicatesDelivery ? [DELIVERY_REPLICATION.stackName] : []),
    ...view.tenants.map((t) => tenantPlan(t).stackName),
  ];
  if (additionalRegions(config).length === 0) {
    return [...regional(config).slice(0, 3), ...guardrails, ...regional(config).slice(3)];
  }
  return [...guardrails, ...regionalConfigs(config).flatMap((view) => regional(view).map((name) => `${name}@${view.placement.region}`))];
}

/** How checkAssemblyMatches names a stack: with its region when the platform has several. */
function assemblyName(stack: StackTemplate, config: PlatformConfig): string {
  return additionalRegions(config).length > 0 && stack.region !== undefined ? `${stack.stackName}@${stack.region}` : stack.stackName;
}

/**
 * Fails unless the assembly holds exactly the stacks of a whole-platform synth of `config`: a per-tenant synth
 * (`-c tenant=`), another configuration's synth or templates left behind by removed tenants would all give wrong counts.
 */
export function checkAssemblyMatches(stacks: readonly StackTemplate[], config: PlatformConfig, where: string, configPath: string) {
  const found = new Set(stacks.map((s) => assemblyName(s, config)));
  const expected = expectedStackNames(config);
  const missing = expected.filter((name) => !found.has(name));
  const extra = [...found].filter((name) => !expected.includes(name));
  if (missing.length === 0 && extra.length === 0) {
    return;
  }
  const list = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));
  const parts = [missing.length > 0 ? `missing ${list(missing)}` : '', extra.length > 0 ? `not in the configuration: ${list(extra)}` : ''].filter(Boolean);
  throw new MissingTemplatesError(`${where}: the templates must be a whole-platform synth of ${configPath}, got ${parts.join('; ')}: ${SYNTH_HINT}`);
}
