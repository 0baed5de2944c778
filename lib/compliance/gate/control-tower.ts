import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { ControlTowerCache, restoreViolations, ruleSetVersion, violationsOfTemplate } from './control-tower-cache';

export const CONTROL_TOWER_PLUGIN = 'ControlTower';
const PACKAGE_DIR = join(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'), '..');
const RULES_DIR = join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');
const METADATA_DIR = join(PACKAGE_DIR, 'rules', 'control-tower', 'metadata');
/** The Guard evaluator: the one aws-cdk-lib ships (@aws/cloudformation-validate), part of the cache's rule-set identity. */
const ENGINE = `aws-cdk-lib ${JSON.parse(readFileSync(join(require.resolve('aws-cdk-lib/package.json'), '..', 'package.json'), 'utf8')).version}`;

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
 * The AWS Control Tower proactive controls (the 237 Guard rules and their metadata shipped with
 * @cdklabs/cdk-validator-cfnguard), offline, as an independent second opinion on the synthesized templates.
 *
 * The rules run in the CloudFormation Guard evaluator that aws-cdk-lib itself ships (@aws/cloudformation-validate,
 * through the public CloudFormationValidatePlugin), compiled once per worker thread, every rule on every template (a
 * rule whose resource types are absent selects nothing and passes). It reports what `cfn-guard validate` reports
 * (test/e2e/control-tower-engine.test.ts compares the two on the same templates) at about 1.3 s of one core per tenant
 * template, against about 3-4 s for the package's cfn-guard 3.1.1 binary here. Templates are judged without CDK
 * metadata; each finding is named by its control id. With a cache directory, a template already judged with the same
 * rules is not evaluated again. Findings are acknowledged like any other: `acknowledge(resource, '<key>')` with
 * `ControlTower::CT.X.PR.N` in the catalog entry.
 */
export interface ControlTowerChecksProps {
  /**
   * A directory for a content-addressed cache of results per template (see ControlTowerCache): a template the engine
   * has already judged with the same rules is not evaluated again.
   * @default - no cache: every template is evaluated
   */
  readonly cacheDir?: string;
  /**
   * Run only these controls (ids as `CT.S3.PR.1`); an unknown id is an error. For a narrower gate or a quick check;
   * the cache keys results by the rules run, so a narrower run never answers for a wider one.
   * @default - every control the package ships
   */
  readonly controls?: readonly string[];
}

export class ControlTowerChecks implements IPolicyValidationPlugin {
  public readonly name = CONTROL_TOWER_PLUGIN;
  public readonly version: string = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
  public readonly ruleIds: string[];
  /** The last run's cache use (undefined without a cache). */
  public cache?: ControlTowerCache;

  private readonly rules: readonly ControlTowerRule[];

  public constructor(private readonly props: ControlTowerChecksProps = {}) {
    const all = controlTowerRules();
    const unknown = (props.controls ?? []).filter((id) => !all.some((r) => r.controlId === id));
    if (unknown.length > 0) {
      throw new Error(`ControlTowerChecks: 'controls' must name controls the package ships, got unknown ${unknown.join(', ')}`);
    }
    this.rules = props.controls ? all.filter((r) => props.controls!.includes(r.controlId)) : all;
    this.ruleIds = this.rules.map((r) => r.controlId);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const rules = this.rules;
    const cache = this.props.cacheDir ? new ControlTowerCache(this.props.cacheDir, ruleSetVersion(`${this.version} ${ENGINE}`, RULES_DIR, rules.map((r) => r.guardFile))) : undefined;
    this.cache = cache;
    const ruleNames = rules.map((r) => relative(RULES_DIR, r.guardFile));
    const work = mkdtempSync(join(tmpdir(), 'control-tower-'));
    try {
      const cached: PolicyViolation[] = [];
      const pending: Pending[] = [];
      for (const original of context.templatePaths) {
        const text = JSON.stringify(withoutMetadata(JSON.parse(readFileSync(original, 'utf8'))));
        const key = cache?.key(text, ruleNames);
        const hit = key ? cache!.get(key) : undefined;
        if (hit) {
          cached.push(...restoreViolations(hit, original));
          continue;
        }
        // The findings name the file the engine read; each copy keeps its template's name in a directory of its own.
        const copy = join(work, String(pending.length), basename(original));
        mkdirSync(dirname(copy), { recursive: true });
        writeFileSync(copy, text);
        pending.push({ original, copy, key });
      }
      const fresh = evaluate(rules, pending).map((v) => named(v, pending));
      if (cache) {
        remember(cache, pending, fresh);
      }
      const violations = [...cached, ...fresh];
      return { success: violations.length === 0, violations: mergeByRule(violations) };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** A template the engine must judge: its path, the copy it reads (without CDK metadata) and its cache key. */
interface Pending {
  readonly original: string;
  readonly copy: string;
  readonly key?: string;
}

/**
 * Stores each template's share of the findings. A finding that names no template of this run (the engine could not
 * tie it to a resource) cannot be shared out, so nothing is stored and every template is evaluated next time.
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

/** Every Control Tower rule on every pending template, on every core (control-tower-pool.js). */
function evaluate(rules: readonly ControlTowerRule[], pending: readonly Pending[]): PolicyViolation[] {
  if (pending.length === 0) {
    return [];
  }
  const input = { rules: rules.map((r) => ({ name: guardName(r.controlId), file: r.guardFile })), templatePaths: pending.map((p) => p.copy) };
  // Single-threaded GC: every growth of the engine's WebAssembly memory reports external memory to V8, which starts a
  // full collection; with the default parallel and concurrent GC helper threads those cost more CPU than the rule
  // evaluation (measured on 2 cores: one tenant template with every rule 11-14 s -> 9.3 s, eight templates 12.5-24.8 s
  // -> 10.2-15.3 s, the same findings byte for byte).
  // Baseline WebAssembly code only (--liftoff-only) for a run of one or two templates: optimizing the engine's hot
  // functions costs more than it saves on so little work (six rules on two small templates 2.85 s / 4.5 s of CPU ->
  // 1.95 s / 2.0 s; every rule on one tenant template 5.0 s / 7.7 s -> 5.1 s / 5.1 s; on two 8.5 s -> 7.4 s); from
  // four templates on it pays for itself (eight: 12.5-13.1 s -> 15.4-17.1 s), so larger runs keep it. Same findings.
  const flags = ['--single-threaded-gc', ...(pending.length <= 2 ? ['--liftoff-only'] : [])];
  const pool = spawnSync(process.execPath, [...flags, join(__dirname, 'control-tower-pool.js')], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (pool.status !== 0) {
    throw new Error(`Control Tower checks: the Guard evaluation failed (exit ${pool.status}): ${pool.stderr}`);
  }
  return JSON.parse(pool.stdout) as PolicyViolation[];
}

/** The engine reports a rule source as `guard:<name>`; control ids are named with underscores (`CT_S3_PR_1`). */
function guardName(controlId: string): string {
  return controlId.replace(/[^A-Za-z0-9]/g, '_');
}

function withoutMetadata(template: { Resources?: Record<string, Record<string, unknown>> }) {
  for (const resource of Object.values(template.Resources ?? {})) {
    delete resource.Metadata;
  }
  return template;
}

/** Names a finding by its control id and title, and points it at the real template. */
function named(violation: PolicyViolation, pending: readonly Pending[]): PolicyViolation {
  const source = String(violation.ruleMetadata?.category ?? '').replace(/^guard:/, '');
  const rule = controlTowerRules().find((r) => guardName(r.controlId) === source);
  const id = rule?.controlId ?? source;
  return {
    ...violation,
    // Every Control Tower finding fails the gate unless it is acknowledged itself: the CDK counts a violation without
    // a severity as passing once any other finding of the app is acknowledged.
    severity: 'error',
    ruleName: id,
    description: `[${id}]: ${rule?.title ?? 'Control Tower proactive control'}. ${violation.description.trim()} (Guard rule ${violation.ruleName})`,
    ruleMetadata: { ...violation.ruleMetadata, controlId: id },
    // A finding the engine could not tie to a resource stays in (and fails the gate): dropping it would hide it.
    violatingResources: violation.violatingResources.map((r) => ({ ...r, templatePath: pending.find((p) => p.copy === r.templatePath)?.original ?? r.templatePath })),
  };
}

/**
 * One violation per control, each resource once (the engine reports every failed check of a rule separately), in a
 * stable order: the same findings give the same report whether they were evaluated or came from the cache.
 */
function mergeByRule(violations: PolicyViolation[]): PolicyViolation[] {
  const byRule = new Map<string, { violation: PolicyViolation; resources: Map<string, PolicyViolation['violatingResources'][number]> }>();
  for (const v of violations) {
    const entry = byRule.get(v.ruleName) ?? { violation: v, resources: new Map() };
    byRule.set(v.ruleName, entry);
    for (const r of v.violatingResources) {
      const at = `${r.templatePath ?? ''}\0${r.resourceLogicalId ?? ''}`;
      const seen = entry.resources.get(at);
      entry.resources.set(at, seen ? { ...seen, locations: [...new Set([...seen.locations, ...r.locations])] } : r);
    }
  }
  return [...byRule.values()]
    .map(({ violation, resources }) => ({ ...violation, violatingResources: [...resources.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r) }))
    .sort((a, b) => a.ruleName.localeCompare(b.ruleName));
}
