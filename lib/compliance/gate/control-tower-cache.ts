import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PolicyViolatingResource, PolicyViolation } from 'aws-cdk-lib';

/** What the Control Tower checks found in one template, without the template's path (it is restored on reuse). */
export interface CachedViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly fix?: string;
  readonly ruleMetadata?: Record<string, string>;
  readonly severity?: string;
  /** The violating resources as reported, but for their template's path. */
  readonly resources: readonly Omit<PolicyViolatingResource, 'templatePath'>[];
}

/** Bump when the shape of an entry or the way results are derived changes: every older entry is then a miss. */
const FORMAT = 'control-tower-cache/2';

/**
 * A content-addressed store of Control Tower results, one entry per template. The key is the SHA-256 of the cache
 * format, the rule set (the package's version and every rule file's name and content), the rules chosen for the
 * template and the exact template text the engine reads. An entry is therefore only ever reused for the very
 * input that produced it; anything that changes the input or the rules is a miss and is evaluated again. Entries are
 * written atomically (a temporary file, then a rename); an unreadable entry is a miss.
 */
export class ControlTowerCache {
  public hits = 0;
  public misses = 0;

  public constructor(
    private readonly dir: string,
    private readonly ruleSetVersion: string,
  ) {}

  public key(templateText: string, ruleFiles: readonly string[]): string {
    return createHash('sha256').update(FORMAT).update('\0').update(this.ruleSetVersion).update('\0').update(ruleFiles.join('\n')).update('\0').update(templateText).digest('hex');
  }

  public get(key: string): CachedViolation[] | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.path(key), 'utf8'));
      if (entry.format !== FORMAT || entry.key !== key || !Array.isArray(entry.violations)) {
        this.misses++;
        return undefined;
      }
      this.hits++;
      return entry.violations;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  public put(key: string, violations: readonly CachedViolation[]): void {
    mkdirSync(this.dir, { recursive: true });
    const temporary = `${this.path(key)}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, key, violations }));
    renameSync(temporary, this.path(key));
  }

  private path(key: string): string {
    return join(this.dir, `${key}.json`);
  }
}

/** The rule set's identity: the package version and every rule file's path (relative to the rules) and content. */
export function ruleSetVersion(packageVersion: string, rulesDir: string, guardFiles: readonly string[]): string {
  const hash = createHash('sha256').update(packageVersion);
  for (const file of [...guardFiles].sort()) {
    hash.update('\0').update(relative(rulesDir, file)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** One template's share of the findings, for the cache; undefined when a finding cannot be tied to a template. */
export function violationsOfTemplate(violations: readonly PolicyViolation[], templatePath: string): CachedViolation[] {
  return violations
    .map((v) => ({
      ruleName: v.ruleName,
      description: v.description,
      fix: v.fix,
      ruleMetadata: v.ruleMetadata,
      severity: v.severity,
      resources: v.violatingResources.filter((r) => r.templatePath === templatePath).map(({ templatePath: _, ...rest }) => rest),
    }))
    .filter((v) => v.resources.length > 0);
}

/** A cached template's findings, pointed at the template they belong to. */
export function restoreViolations(cached: readonly CachedViolation[], templatePath: string): PolicyViolation[] {
  return cached.map((v) => ({
    ruleName: v.ruleName,
    description: v.description,
    fix: v.fix,
    ruleMetadata: v.ruleMetadata,
    severity: v.severity,
    violatingResources: v.resources.map((r) => ({ ...r, templatePath, locations: [...r.locations] })),
  }));
}
