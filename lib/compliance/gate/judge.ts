/**
 * The TenantBaseline rules applied to templates directly, with no construct tree: what `npm run gate:mutate` runs on
 * thousands of mutated templates. The gate's pack (tenant-baseline-checks.ts) applies the same rules through the same
 * index, resource by resource, so a template judged here is judged exactly as the gate judges it.
 */
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { RuleContext, StackTemplate, TemplateResource, TemplateRule, TENANT_BASELINE_RULES } from '../rules';
import { planForRegion, PlatformTopology, roleOf } from '../topology';

/** The rules that apply to a resource type: the rules naming it, then the rules for every type (`*`). */
export class RuleIndex {
  private readonly byType = new Map<string, TemplateRule[]>();
  private readonly everyType: TemplateRule[] = [];

  constructor(public readonly rules: readonly TemplateRule[] = TENANT_BASELINE_RULES) {
    for (const rule of rules) {
      for (const type of rule.resourceTypes) {
        if (type === '*') {
          this.everyType.push(rule);
        } else {
          this.byType.set(type, [...(this.byType.get(type) ?? []), rule]);
        }
      }
    }
  }

  private readonly forType = new Map<string, readonly TemplateRule[]>();

  public for(type: string): readonly TemplateRule[] {
    let rules = this.forType.get(type);
    if (rules === undefined) {
      const named = this.byType.get(type) ?? [];
      rules = this.everyType.length === 0 ? named : [...named, ...this.everyType.filter((r) => !named.includes(r))];
      this.forType.set(type, rules);
    }
    return rules;
  }
}

/** A rule's result on a resource as finding ids (`<rule id>` or `<rule id>[<finding>]`); empty when it passes. */
export function findingIds(ruleId: string, result: NagRuleResult): string[] {
  if (result === NagRuleCompliance.COMPLIANT || result === NagRuleCompliance.NOT_APPLICABLE) {
    return [];
  }
  return result === NagRuleCompliance.NON_COMPLIANT ? [ruleId] : (result as string[]).map((f) => `${ruleId}[${f}]`);
}

/** Applies one rule; a rule that throws could not judge, which is a finding of its own (the gate fails on it). */
export function applyRule(rule: TemplateRule, resource: TemplateResource, context: RuleContext): { result: NagRuleResult; error?: string } {
  try {
    return { result: rule.check(resource, context) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { result: [`rule threw: ${message}`], error: message };
  }
}

/** One stack's synthesized template, its name in the platform plan and its region. */
export interface NamedTemplate {
  readonly stackName: string;
  readonly template: StackTemplate;
  /** The stack's region, whose plan judges it (planForRegion). @default - environment-agnostic: the home plan */
  readonly region?: string;
}

/** A template's stack as findings and mutants name it: with its region when the platform has several. */
export function stackLabel(named: Pick<NamedTemplate, 'stackName' | 'region'>, topology: PlatformTopology): string {
  return topology.otherRegions && named.region !== undefined ? `${named.stackName}@${named.region}` : named.stackName;
}

/**
 * Every finding of the pack on these templates, as `<stack>/<logical id> <finding id>` lines, sorted. The rule id is
 * given without the pack prefix, as the rules name themselves.
 */
export function judgeTemplates(templates: readonly NamedTemplate[], topology: PlatformTopology, index = new RuleIndex()): string[] {
  const found: string[] = [];
  for (const named of templates) {
    const { stackName, template } = named;
    const label = stackLabel(named, topology);
    // Each template is judged against its own region's plan; a template of a region no plan covers is a finding.
    const plan = planForRegion(topology, named.region);
    if (!plan) {
      found.push(`${label} GateError-RegionNotInPlan`);
      continue;
    }
    const role = roleOf(plan, stackName);
    // One memo per judgement of this template (rules/memo.ts).
    const memo = new Map<string, unknown>();
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const context: RuleContext = { logicalId, stackName, role, template, topology: plan, memo };
      for (const rule of index.for(resource.Type)) {
        const { result } = applyRule(rule, resource, context);
        found.push(...findingIds(rule.id, result).map((f) => `${label}/${logicalId} ${f}`));
      }
    }
  }
  return [...new Set(found)].sort();
}
