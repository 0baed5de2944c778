import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation, Stack, Token } from 'aws-cdk-lib';
import { NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { applyRule, findingIds, RuleIndex } from './judge';
import { acknowledgedIds } from './recording';
import { isAcknowledgeable, StackTemplate, TemplateRule, TENANT_BASELINE_RULES } from '../rules';
import { PlatformStack } from '../../stacks/platform-stack';
import { TenantStack } from '../../stacks/tenant-stack';
import { PlatformTopology, planForRegion, regionalPlans, roleOf, StackRole } from '../topology';

export const TENANT_BASELINE_PACK = 'TenantBaseline';

/**
 * Violations the pack raises when it cannot judge: a rule that threw on a resource, or a stack the platform plan does
 * not know as what it is. They fail the gate and cannot be acknowledged (they are added after cdk-nag's
 * acknowledgement filter), because a rule that could not judge proves nothing.
 */
export const GATE_ERRORS = {
  ruleThrew: `${TENANT_BASELINE_PACK}-GateError-RuleThrew`,
  stackNotInPlan: `${TENANT_BASELINE_PACK}-GateError-StackNotInPlan`,
  undeclaredResource: `${TENANT_BASELINE_PACK}-GateError-UndeclaredResource`,
  regionNotInPlan: `${TENANT_BASELINE_PACK}-GateError-RegionNotInPlan`,
} as const;

/** How one rule judged one resource; the report's evidence that a control holds on that resource. */
export interface RuleEvaluation {
  readonly ruleId: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly constructPath: string;
  readonly status: 'compliant' | 'non-compliant' | 'acknowledged';
  /** The granular findings (`<rule id>[<finding>]`), empty when compliant. */
  readonly findings: readonly string[];
}

/**
 * Our own cdk-nag pack. Stock packs read construct properties, so a CloudFormation property override (an escape
 * hatch) slips past them; these rules read each resource as the synthesized template contains it, and judge what
 * those packs do not: tenant isolation (VPC plan, routes, hub tables, security groups), per-tenant keys, key-policy
 * conditions, log encryption and retention, `rds.force_ssl`, the API's TLS policy, WAF and authorizers, the audit
 * bucket's Object Lock, the single GuardDuty owner and the routing of findings and alarms to the alert topics.
 *
 * Inside `cdk synth` the rules read the templates the CDK has just written (`context.templatePaths`); through
 * `validateScope` (tests) they render each stack's template once. Every judgement is kept in `evaluations` for the
 * compliance report. Acknowledge a finding with `acknowledge(resource, '<key>')` like any other.
 */
export class TenantBaselineChecks extends NagPack {
  public readonly name = TENANT_BASELINE_PACK;
  public readonly ruleIds: string[];
  private readonly index: RuleIndex;
  /** Each stack's template as the rules read it, with the memo the rules share while judging it (rules/memo.ts). */
  private templates = new Map<string, { template: StackTemplate; memo: Map<string, unknown> }>();
  private synthesizedTemplates = new Map<string, string>();
  private evaluationList: RuleEvaluation[] = [];
  private used = new Set<string>();
  private gateErrors: PolicyViolation[] = [];
  /** Each stack's role and the plan of its region that judges it. */
  private roles = new Map<string, { role: StackRole; topology: PlatformTopology }>();
  /** The logical ids of each stack's template that a construct declares, by stack artifact id. */
  private declared = new Map<string, Set<string>>();

  /**
   * @param topology the platform plan the rules judge against
   * @param rules the pack's rules; @default TENANT_BASELINE_RULES (another list only to test the pack itself)
   */
  constructor(
    private readonly topology: PlatformTopology,
    scope?: IConstruct,
    rules: readonly TemplateRule[] = TENANT_BASELINE_RULES,
  ) {
    super(scope);
    this.packName = TENANT_BASELINE_PACK;
    this.ruleIds = rules.map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);
    this.index = new RuleIndex(rules);
  }

  /** `<construct path>\0<rule id>` of every acknowledgement that matched a finding in the last validation. */
  public get usedAcknowledgements(): ReadonlySet<string> {
    return this.used;
  }

  /** Every judgement of the last validation, sorted by stack, logical id and rule. */
  public get evaluations(): readonly RuleEvaluation[] {
    return this.evaluationList;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.synthesizedTemplates = new Map(context.templatePaths.map((p) => [basename(p), p]));
    try {
      return super.validate(context);
    } finally {
      this.synthesizedTemplates = new Map();
    }
  }

  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.templates = new Map();
    this.evaluationList = [];
    this.used = new Set();
    this.gateErrors = [];
    this.roles = new Map();
    this.declared = new Map();
    const report = super.validateScope(scope);
    this.checkUndeclared(scope);
    this.evaluationList.sort((a, b) => a.stack.localeCompare(b.stack) || a.logicalId.localeCompare(b.logicalId) || a.ruleId.localeCompare(b.ruleId));
    this.templates = new Map();
    const violations = [...report.violations, ...this.gateErrors];
    return { ...report, success: violations.length === 0, violations };
  }

  protected checkResource(node: CfnResource): void {
    const stack = Stack.of(node);
    const { template, memo } = this.templateOf(stack);
    const logicalId = stack.resolve(node.logicalId) as string;
    const resource = template.Resources?.[logicalId];
    if (!resource) {
      return; // a resource removed from the template (e.g. by a Condition-less override); nothing will be deployed
    }
    this.declaredIn(stack).add(logicalId);
    // The template's type, whatever the construct says: an override of `Type` changes what CloudFormation deploys.
    const rules = this.index.for(resource.Type);
    if (rules.length === 0) {
      return;
    }
    const judged = this.roleOf(stack);
    if (!judged) {
      return;
    }
    const context = { logicalId, stackName: stack.stackName, role: judged.role, template, topology: judged.topology, memo };
    for (const rule of rules) {
      const { result, error } = applyRule(rule, resource, context);
      if (error !== undefined) {
        // Not a finding that could be acknowledged away: the rule could not judge, so the gate fails with an error
        // naming the rule and the resource, and the report shows the resource as failing the rule.
        this.gateError(GATE_ERRORS.ruleThrew, `${TENANT_BASELINE_PACK}-${rule.id} threw on ${stack.stackName}/${logicalId} (${resource.Type}): ${error}`, node);
        this.record(rule, node, resource.Type, context.stackName, logicalId, result);
        continue;
      }
      this.record(rule, node, resource.Type, context.stackName, logicalId, result);
      this.applyRule({ ruleSuffixOverride: rule.id, info: rule.info, explanation: rule.explanation, level: rule.level, node, rule: () => result });
    }
  }

  private declaredIn(stack: Stack): Set<string> {
    let ids = this.declared.get(stack.artifactId);
    if (!ids) {
      ids = new Set();
      this.declared.set(stack.artifactId, ids);
    }
    return ids;
  }

  /**
   * Every resource of every template must be one a construct declares: the rules find resources through the construct
   * tree (for its paths and acknowledgements), so a resource rendered by a raw template element, or any other way
   * around the tree, would be judged by nothing. Such a resource fails the gate, and no acknowledgement can hide it.
   */
  private checkUndeclared(scope: IConstruct): void {
    for (const stack of scope.node.findAll().filter((n): n is Stack => Stack.isStack(n))) {
      const declared = this.declared.get(stack.artifactId) ?? new Set<string>();
      for (const [logicalId, resource] of Object.entries(this.templateOf(stack).template.Resources ?? {})) {
        if (!declared.has(logicalId)) {
          this.gateError(GATE_ERRORS.undeclaredResource, `${stack.stackName}/${logicalId} (${resource.Type}) is in the template but no construct declares it, so no rule can judge it`, stack);
        }
      }
    }
  }

  /**
   * What the stack is in the plan of its own region (each region's templates are judged against that region's plan
   * only: lib/config/regional-view.ts). A stack of a region no plan covers is a gate error. A platform stack must be in
   * its region's plan as what it says it is (a tenant stack under its plan's name, CIDR and key), or the rules that
   * hold only for one kind of stack would silently not apply to it: that is a gate error too (so a stack of one region
   * built into another fails), and the stack's resources are not judged. Other stacks (tests, additions) are `other`.
   */
  private roleOf(stack: Stack): { role: StackRole; topology: PlatformTopology } | undefined {
    const known = this.roles.get(stack.artifactId);
    if (known) {
      return known;
    }
    const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
    const topology = planForRegion(this.topology, region);
    if (!topology) {
      const regions = regionalPlans(this.topology).map(([r]) => r).join(', ');
      this.gateError(GATE_ERRORS.regionNotInPlan, `${stack.stackName}: is in region ${region}, which is no region of the platform plan (${regions})`, stack);
      return undefined;
    }
    const planned = roleOf(topology, stack.stackName);
    const problem = stack instanceof PlatformStack ? planMismatch(stack, planned) : undefined;
    if (problem) {
      this.gateError(GATE_ERRORS.stackNotInPlan, `${stack.stackName}${this.topology.otherRegions && region !== undefined ? ` (${region})` : ''}: ${problem}`, stack);
      return undefined;
    }
    const judged = { role: planned, topology };
    this.roles.set(stack.artifactId, judged);
    return judged;
  }

  private gateError(ruleName: string, description: string, node: IConstruct) {
    const existing = this.gateErrors.find((v) => v.ruleName === ruleName && v.description === description);
    if (!existing) {
      this.gateErrors.push({ ruleName, description, severity: 'error', violatingResources: [{ constructPath: node.node.path, locations: ['Properties'] }] } as PolicyViolation);
    }
  }

  private record(rule: TemplateRule, node: CfnResource, resourceType: string, stack: string, logicalId: string, result: NagRuleResult) {
    if (result === NagRuleCompliance.NOT_APPLICABLE) {
      return;
    }
    const id = `${TENANT_BASELINE_PACK}-${rule.id}`;
    const found = findingIds(id, result);
    const acknowledged = acknowledgedIds(node);
    found.filter((f) => acknowledged.has(f)).forEach((f) => this.used.add(`${node.node.path}\0${f}`));
    // An isolation or key-ownership finding is never shown as acknowledged (the audit fails any such acknowledgement).
    const status = found.length === 0 ? 'compliant' : isAcknowledgeable(rule) && found.every((f) => acknowledged.has(f)) ? 'acknowledged' : 'non-compliant';
    this.evaluationList.push({ ruleId: id, stack, logicalId, resourceType, constructPath: node.node.path, status, findings: found });
  }

  private templateOf(stack: Stack): { template: StackTemplate; memo: Map<string, unknown> } {
    let entry = this.templates.get(stack.artifactId);
    if (!entry) {
      const path = this.synthesizedTemplates.get(stack.templateFile);
      entry = { template: path ? (JSON.parse(readFileSync(path, 'utf8')) as StackTemplate) : renderTemplate(stack), memo: new Map() };
      this.templates.set(stack.artifactId, entry);
    }
    return entry;
  }
}

/** Why a platform stack's own idea of what it is differs from the plan's, or undefined when they agree. */
function planMismatch(stack: PlatformStack, planned: StackRole): string | undefined {
  if (planned.kind !== stack.kind) {
    return `is a ${stack.kind} stack, but the platform plan has it as ${planned.kind}: check its name against the configuration`;
  }
  if (stack instanceof TenantStack && planned.kind === 'tenant') {
    const { plan } = stack;
    if (plan.id !== planned.tenantId || plan.cidr !== planned.cidr || plan.keyAlias !== planned.keyAlias) {
      return `is tenant '${plan.id}' (${plan.cidr}, ${plan.keyAlias}), but the platform plan has tenant '${planned.tenantId}' (${planned.cidr}, ${planned.keyAlias}) under this name`;
    }
  }
  return undefined;
}

/**
 * The stack's template as `cdk synth` writes it, rendered in memory (for validation outside a synth): what the stack's
 * own synthesis writes, `_toCloudFormation()`, which returns the template already resolved.
 */
function renderTemplate(stack: Stack): StackTemplate {
  return (stack as unknown as { _toCloudFormation(): StackTemplate })._toCloudFormation();
}
