import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { ControlTowerCache, restoreViolations, ruleSetVersion, violationsOfTemplate } from './control-tower-cache';

export const CONTROL_TOWER_PLUGIN = 'ControlTower';
const PACKAGE_DIR = join(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'), '..');
const RULES_DIR = join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');
const METADATA_DIR = join(PACKAGE_DIR, 'rules', 'control-tower', 'metadata');
/** Templates per cfn-guard process: bounds the size of its JSON output. */
const TEMPLATES_PER_RUN = 8;

/** One Control Tower proactive control as shipped with cdk-validator-cfnguard. */
export interface ControlTowerRule {
  /** The control id, e.g. `CT.S3.PR.9`; findings are reported under it (`ControlTower::CT.S3.PR.9`). */
  readonly controlId: string;
  readonly guardFile: string;
  readonly title: string;
  /** The CloudFormation types it evaluates; the rule runs only on templates that contain one of them. */
  readonly resourceTypes: readonly string[];
  /** The frameworks AWS maps the control to (NIST 800-53 rev 5, PCI DSS, CIS ...), with their ids. */
  readonly frameworks: Readonly<Record<string, readonly string[]>>;
}

let catalog: ControlTowerRule[] | undefined;

/** Every Control Tower rule the package ships, with its metadata. */
export function controlTowerRules(): readonly ControlTowerRule[] {
  if (!catalog) {
    catalog = readdirSync(RULES_DIR)
      .sort()
      .flatMap((service) =>
        readdirSync(join(RULES_DIR, service))
          .filter((f) => f.endsWith('.guard'))
          .sort()
          .map((file) => {
            const guardFile = join(RULES_DIR, service, file);
            const metaPath = join(METADATA_DIR, service, file.replace(/\.guard$/, '.metadata.json'));
            const meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : {};
            const declared: string[] = meta.EvaluatedResourceTypes ?? [];
            const mentioned = [...readFileSync(guardFile, 'utf8').matchAll(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g)].map((m) => m[0]);
            return {
              controlId: meta.Id ?? file.replace(/\.guard$/, ''),
              guardFile,
              title: meta.DisplayName ?? file,
              resourceTypes: [...new Set([...declared, ...mentioned])].sort(),
              frameworks: Object.fromEntries((meta.ComplianceFrameworkMappings ?? []).map((m: { ComplianceFramework: string; Ids: string[] }) => [m.ComplianceFramework, m.Ids])),
            };
          }),
      );
  }
  return catalog;
}

/**
 * The Control Tower proactive controls, run by the real cfn-guard binary that @cdklabs/cdk-validator-cfnguard ships
 * (offline), as an independent second opinion on the synthesized templates.
 *
 * The package's own plugin runs all 237 rules on every template, about 6 s for one tenant stack here. This plugin
 * gives cfn-guard, per template, only the rules whose evaluated resource types occur in it (the results are the same:
 * a rule that selects no resource passes), on a copy without CDK metadata, and names each finding by its control id.
 * Batches of templates run in parallel on every core; with a cache directory, a template already judged with the same
 * rules is not evaluated again (cfn-guard takes ~3 s per tenant template here). Findings are acknowledged like any
 * other: `acknowledge(resource, '<key>')` with `ControlTower::CT.X.PR.N` in the catalog entry.
 */
export interface ControlTowerChecksProps {
  /**
   * A directory for a content-addressed cache of results per template (see ControlTowerCache): a template cfn-guard
   * has already judged with the same rules is not evaluated again.
   * @default - no cache: every template is evaluated
   */
  readonly cacheDir?: string;
}

export class ControlTowerChecks implements IPolicyValidationPlugin {
  public readonly name = CONTROL_TOWER_PLUGIN;
  public readonly version: string = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
  public readonly ruleIds = controlTowerRules().map((r) => r.controlId);
  /** The last run's cache use (undefined without a cache). */
  public cache?: ControlTowerCache;

  public constructor(private readonly props: ControlTowerChecksProps = {}) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const cache = this.props.cacheDir ? new ControlTowerCache(this.props.cacheDir, ruleSetVersion(this.version, RULES_DIR, controlTowerRules().map((r) => r.guardFile))) : undefined;
    this.cache = cache;
    const work = mkdtempSync(join(tmpdir(), 'control-tower-'));
    try {
      const cached: PolicyViolation[] = [];
      const groups = new Map<string, { rules: string[]; templates: Pending[] }>();
      for (const original of context.templatePaths) {
        const template = withoutMetadata(JSON.parse(readFileSync(original, 'utf8')));
        const types = new Set(Object.values<Record<string, unknown>>(template.Resources ?? {}).map((r) => r.Type as string));
        const rules = controlTowerRules().filter((r) => r.resourceTypes.length === 0 || r.resourceTypes.some((t) => types.has(t))).map((r) => r.guardFile);
        if (rules.length === 0) {
          continue;
        }
        const text = JSON.stringify(template);
        const key = cache?.key(text, rules.map((rule) => relative(RULES_DIR, rule)));
        const hit = key ? cache!.get(key) : undefined;
        if (hit) {
          cached.push(...restoreViolations(hit, original));
          continue;
        }
        const group = rules.join('\n');
        groups.set(group, { rules, templates: [...(groups.get(group)?.templates ?? []), { original, text, key }] });
      }
      const batches: { rules: string[]; templatePaths: string[]; templates: Pending[] }[] = [];
      for (const { rules, templates } of groups.values()) {
        for (let i = 0; i < templates.length; i += TEMPLATES_PER_RUN) {
          // cfn-guard reports findings by the data file's path; the CDK maps them back to constructs by the file's base
          // name and the logical id, so each copy keeps its template's name in a directory of its own.
          const dir = join(work, String(batches.length));
          const slice = templates.slice(i, i + TEMPLATES_PER_RUN);
          batches.push({ rules, templatePaths: slice.map((t) => writeCopy(t, dir)), templates: slice });
        }
      }
      const reports = runInParallel(batches.map(({ rules, templatePaths }) => ({ rules, templatePaths })));
      const fresh = reports.map((report, i) => report.violations.map((v) => renamed(v, batches[i].templates.map((t) => t.original))));
      if (cache) {
        batches.forEach((batch, i) => remember(cache, batch.templates, fresh[i]));
      }
      const violations = [...cached, ...fresh.flat()];
      return { success: violations.length === 0, violations: mergeByRule(violations) };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** A template cfn-guard must judge: its path, the text it reads and its cache key. */
interface Pending {
  readonly original: string;
  readonly text: string;
  readonly key?: string;
}

/**
 * Stores each template's share of a batch's findings. A finding that names no template of the batch (cfn-guard could
 * not tie it to a resource) cannot be shared out, so nothing of that batch is stored and it is evaluated next time.
 */
function remember(cache: ControlTowerCache, templates: readonly Pending[], violations: readonly PolicyViolation[]) {
  const originals = new Set(templates.map((t) => t.original));
  const attributable = violations.every((v) => v.violatingResources.length > 0 && v.violatingResources.every((r) => r.templatePath !== undefined && originals.has(r.templatePath)));
  if (!attributable) {
    return;
  }
  for (const template of templates) {
    cache.put(template.key!, violationsOfTemplate(violations, template.original));
  }
}

/** The batches on every core: cfn-guard is a separate process per batch, run from worker threads of a child process. */
function runInParallel(batches: { rules: string[]; templatePaths: string[] }[]): PolicyValidationPluginReport[] {
  if (batches.length === 0) {
    return [];
  }
  const pool = spawnSync(process.execPath, [join(__dirname, 'control-tower-pool.js')], { input: JSON.stringify(batches), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (pool.status !== 0) {
    throw new Error(`Control Tower checks: cfn-guard failed (exit ${pool.status}): ${pool.stderr}`);
  }
  const reports = JSON.parse(pool.stdout) as PolicyValidationPluginReport[];
  if (reports.length !== batches.length) {
    throw new Error(`Control Tower checks: expected ${batches.length} reports from cfn-guard, got ${reports.length}`);
  }
  return reports;
}

function withoutMetadata(template: { Resources?: Record<string, Record<string, unknown>> }) {
  for (const resource of Object.values(template.Resources ?? {})) {
    delete resource.Metadata;
  }
  return template;
}

function writeCopy(template: Pending, dir: string): string {
  const copy = join(dir, basename(template.original));
  mkdirSync(dir, { recursive: true });
  writeFileSync(copy, template.text);
  return copy;
}

/** Names a finding by its control id (`[CT.S3.PR.9]: ...` opens the description) and points it at the real template. */
function renamed(violation: PolicyViolation, originals: readonly string[]): PolicyViolation {
  const id = /^\s*\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/.exec(violation.description)?.[1];
  return {
    ...violation,
    // cfn-guard's findings carry no severity, and the CDK counts a violation without one as passing once any other
    // finding of the app is acknowledged: every Control Tower finding fails the gate unless it is acknowledged itself.
    severity: 'error',
    ruleName: id ?? violation.ruleName,
    description: `${violation.description.trim()} (cfn-guard rule ${violation.ruleName})`,
    // A finding cfn-guard could not tie to a resource stays in (and fails the gate): dropping it would hide it.
    violatingResources: violation.violatingResources.map((r) => ({ ...r, templatePath: originals.find((o) => basename(o) === basename(r.templatePath ?? '')) ?? r.templatePath })),
  };
}

function mergeByRule(violations: PolicyViolation[]): PolicyViolation[] {
  const byRule = new Map<string, PolicyViolation>();
  for (const v of violations) {
    const existing = byRule.get(v.ruleName);
    byRule.set(v.ruleName, existing ? { ...existing, violatingResources: [...existing.violatingResources, ...v.violatingResources] } : v);
  }
  return [...byRule.values()].sort((a, b) => a.ruleName.localeCompare(b.ruleName));
}
