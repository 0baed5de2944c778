#!/usr/bin/env node
/**
 * `npm run preflight [-- --config <file>] [--out <dir> | --synth] [--price-region <region>] [--json]`: before a deploy,
 * what the synthesized fleet needs against AWS's default service quotas and what it costs a month before traffic,
 * counted from the templates (docs/preflight.md).
 *
 * By default it reads the cloud assembly in `--out` (cdk.out): the templates `cdk deploy` would deploy, checked to be a
 * whole-platform synth of the configuration. `--synth` builds the platform in-process into a temporary directory
 * instead (no gate, no bundling: neither changes what is counted).
 *
 * Exit codes: 0 every counted quota fits AWS's defaults; 1 a quota would be exceeded (the increases to request are
 * listed); 2 no answer (a missing or invalid configuration, no templates, a region without prices, a bad option).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { additionalRegions, loadPlatformConfig, PlatformConfig, PlatformConfigError, regionalConfigs } from '../lib/config/platform-config';
import { pinnedRegion, residencyProblems } from '../lib/guardrails/region-policy';
import { DeliveryStack } from '../lib/delivery/delivery-stack';
import { STACK_NAMES } from '../lib/naming';
import { buildPlatform } from '../lib/platform';
import {
  buildPreflightReport,
  checkAssemblyMatches,
  PRICE_REGIONS,
  PreflightInputError,
  readCloudAssembly,
  renderText,
  StackTemplate,
  UnknownPriceRegionError,
} from '../lib/preflight/preflight';

const ROOT = join(__dirname, '..');
const USAGE = 'usage: npm run preflight -- [--config <file>] [--out <dir> | --synth] [--price-region <region>] [--json]';

interface Options {
  readonly config: string;
  readonly out: string;
  readonly synth: boolean;
  readonly json: boolean;
  readonly priceRegion?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--synth' || arg === '--json') {
      flags.add(arg);
    } else if (['--config', '--out', '--price-region'].includes(arg) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
      values[arg] = argv[++i];
    } else {
      throw new PreflightInputError(`preflight: '${arg}' must be one of the options, got ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  if (flags.has('--synth') && values['--out'] !== undefined) {
    throw new PreflightInputError(`preflight: '--out' and '--synth' must not be combined: --synth reads no assembly\n${USAGE}`);
  }
  return {
    config: values['--config'] ?? 'config/platform.json',
    out: values['--out'] ?? 'cdk.out',
    synth: flags.has('--synth'),
    json: flags.has('--json'),
    ...(values['--price-region'] !== undefined ? { priceRegion: values['--price-region'] } : {}),
  };
}

/** The platform built as `bin/app.ts` builds it (cdk.json's context, the same region pinning), into a temporary directory. */
function synthesize(config: PlatformConfig, configPath: string): StackTemplate[] {
  const ids = config.tenants.map((t) => t.id);
  const region = process.env.CDK_DEFAULT_REGION;
  // As bin/app.ts: each region of a platform in several regions is checked with its own tenants.
  const views = additionalRegions(config).length === 0 ? [config] : regionalConfigs(config);
  const problems = [...new Set(views.flatMap((view) => residencyProblems(view, ids, view.placement.region ?? region)))];
  if (problems.length > 0) {
    throw new PlatformConfigError(problems.map((p) => `${configPath}: ${p}`));
  }
  const context = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;
  const outdir = mkdtempSync(join(tmpdir(), 'preflight-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    if (config.delivery) {
      new DeliveryStack(app, STACK_NAMES.delivery, { config: { ...config, delivery: config.delivery }, configPath });
    } else {
      buildPlatform(app, config, { region: pinnedRegion(config, ids, region) });
    }
    app.synth();
    return readCloudAssembly(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  if (options.priceRegion !== undefined && !PRICE_REGIONS.includes(options.priceRegion)) {
    throw new UnknownPriceRegionError(options.priceRegion, PRICE_REGIONS, '--price-region');
  }
  const config = loadPlatformConfig(options.config);
  const stacks = options.synth ? synthesize(config, options.config) : readCloudAssembly(options.out);
  checkAssemblyMatches(stacks, config, options.synth ? 'in-process synth' : options.out, options.config);
  const report = buildPreflightReport(stacks, config, { priceRegion: options.priceRegion });
  console.log(options.json ? JSON.stringify(report, null, 2) : renderText(report));
  return report.increases.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof PreflightInputError || error instanceof PlatformConfigError)) {
    throw error;
  }
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 2;
}
