#!/usr/bin/env node
/**
 * The CDK app: reads and validates the platform configuration, builds the stacks, registers the compliance gate.
 *
 *   npx cdk synth                      the whole platform from config/platform.json
 *   npx cdk synth -c tenant=acme       only Tenant-acme
 *   npx cdk synth -c config=<file>     another configuration file
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { additionalRegions, loadPlatformConfig, PlatformConfigError, regionalConfigs, selectTenants } from '../lib/config/platform-config';
import { applyComplianceGate } from '../lib/compliance/gate/gate';
import { platformTopology } from '../lib/compliance/topology';
import { writeComplianceReport } from '../lib/compliance/report/write';
import { pinnedRegion, residencyProblems } from '../lib/guardrails/region-policy';
import { writeGuardrailPolicies } from '../lib/guardrails/write-policy';
import { attachmentAcceptorRoleArns } from '../lib/config/attachment-acceptor-plan';
import { STACK_NAMES } from '../lib/naming';
import { addOrganizationGuardrails, buildPlatform } from '../lib/platform';
import { buildPlatformStages } from '../lib/delivery/platform-stages';
import { DeliveryStack } from '../lib/delivery/delivery-stack';

const DEFAULT_CONFIG = 'config/platform.json';
/** The Control Tower checks' result cache (`-c controlTowerCache=<dir>` elsewhere, `=off` for none). */
const DEFAULT_CONTROL_TOWER_CACHE = join('node_modules', '.cache', 'tenant-baseline', 'control-tower');
/** The schema validation's report cache (`-c schemaCache=<dir>` elsewhere, `=off` for none). */
const DEFAULT_SCHEMA_CACHE = join('node_modules', '.cache', 'tenant-baseline', 'schema-validation');

const app = new App();

let built;
try {
  const configPath = contextString(app, 'config') ?? DEFAULT_CONFIG;
  const config = loadPlatformConfig(configPath);
  const tenantContext = app.node.tryGetContext('tenant');
  const onlyTenants = tenantContext === undefined ? undefined : selectTenants(config, tenantContext);
  // Residency: every allowed region must exist, the region this synth targets must be allowed for the platform and for
  // each tenant built, and under any such rule the stacks are pinned to that region.
  const builtIds = (onlyTenants ?? config.tenants).map((t) => t.id);
  // A placed platform is pinned to its own region whatever the CLI's profile says; residency is checked for that one,
  // and, for a platform in several regions, for each region with the tenants it builds there.
  const region = config.placement.region ?? process.env.CDK_DEFAULT_REGION;
  const views = additionalRegions(config).length === 0 ? [config] : regionalConfigs(config);
  const regionProblems = [...new Set(views.flatMap((view) => residencyProblems(view, builtIds, view.placement.region ?? region)))];
  if (regionProblems.length > 0) {
    throw new PlatformConfigError(regionProblems.map((p) => `${configPath}: ${p}`));
  }
  built = { config, configPath, onlyTenants, region: pinnedRegion(config, builtIds, region) };
} catch (error) {
  if (!(error instanceof PlatformConfigError)) {
    throw error;
  }
  console.error(error.message);
  invalidateCloudAssembly(app.outdir);
  process.exit(1);
}

// With `delivery` configured the app is the pipeline and its deployment stages; `-c tenant=<id>` or `-c delivery=off`
// builds those same stages without the pipeline, for `cdk deploy` by hand (same construct paths, same templates).
const { delivery } = built.config;
if (delivery) {
  if (built.onlyTenants === undefined && contextString(app, 'delivery') !== 'off') {
    new DeliveryStack(app, STACK_NAMES.delivery, { config: { ...built.config, delivery }, configPath: built.configPath });
  } else {
    buildPlatformStages(app, built.config, built.onlyTenants);
  }
  if (built.onlyTenants === undefined) {
    // Deployed by hand in the management account, outside the pipeline (the same stack as without a pipeline).
    addOrganizationGuardrails(app, built.config);
  }
} else {
  buildPlatform(app, built.config, { onlyTenants: built.onlyTenants, region: built.region });
}
const controlTowerCache = contextString(app, 'controlTowerCache') ?? DEFAULT_CONTROL_TOWER_CACHE;
const schemaCache = contextString(app, 'schemaCache') ?? DEFAULT_SCHEMA_CACHE;
const gate = applyComplianceGate(app, platformTopology(built.config), {
  controlTower: contextFlag(app, 'controlTower'),
  controlTowerCacheDir: controlTowerCache === 'off' ? undefined : controlTowerCache,
  schemaCacheDir: schemaCache === 'off' ? undefined : schemaCache,
});
app.synth();
writeComplianceReport(app, gate, { config: built.config, configPath: built.configPath, onlyTenants: built.onlyTenants?.map((t) => t.id) });
writeGuardrailPolicies(app.outdir, built.config.guardrails, attachmentAcceptorRoleArns(built.config));

function contextString(scope: App, key: string): string | undefined {
  const value = scope.node.tryGetContext(key);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0) {
    console.error(`context: '${key}' must be a non-empty string, got ${JSON.stringify(value)}`);
    invalidateCloudAssembly(scope.outdir);
    process.exit(1);
  }
  return value;
}

function contextFlag(scope: App, key: string): boolean {
  const value = scope.node.tryGetContext(key);
  if (value === undefined || value === false || value === 'false') {
    return false;
  }
  if (value === true || value === 'true') {
    return true;
  }
  console.error(`context: '${key}' must be true or false, got ${JSON.stringify(value)}`);
  invalidateCloudAssembly(scope.outdir);
  process.exit(1);
}

/**
 * On a configuration error nothing is synthesized; remove what an earlier synth left in the output directory, so no
 * stale template looks like the result of this run and nothing can be deployed from it.
 */
function invalidateCloudAssembly(outdir: string) {
  if (!existsSync(join(outdir, 'manifest.json'))) {
    return;
  }
  for (const name of readdirSync(outdir)) {
    if (name === 'manifest.json' || name === 'tree.json' || name === 'validation-report.json' || name === 'compliance' || name.endsWith('.template.json') || name.endsWith('.assets.json') || name.startsWith('asset.')) {
      rmSync(join(outdir, name), { recursive: true, force: true });
    }
  }
}
