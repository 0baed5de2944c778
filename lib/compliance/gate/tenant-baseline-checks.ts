import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledgedIds } from './recording';
import { StackTemplate, TemplateRule, TENANT_BASELINE_RULES } from '../rules';
import { PlatformTopology, roleOf } from '../topology';

export const TENANT_BASELINE_PACK = 'TenantBaseline';

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
  public readonly ruleIds = TENANT_BASELINE_RULES.map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);
  private readonly byType = new Map<string, TemplateRule[]>();
  private templates = new Map<string, StackTemplate>();
  private synthesizedTemplates = new Map<string, string>();
  private evaluationList: RuleEvaluation[] = [];
  private used = new Set<string>();

  constructor(private readonly topology: PlatformTopology, scope?: IConstruct) {
    super(scope);
    this.packName = TENANT_BASELINE_PACK;
    for (const rule of TENANT_BASELINE_RULES) {
      for (const type of rule.resourceTypes) {
        this.byType.set(type, [...(this.byType.get(type) ?? []), rule]);
      }
    }
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
    const report = super.validateScope(scope);
    this.evaluationList.sort((a, b) => a.stack.localeCompare(b.stack) || a.logicalId.localeCompare(b.logicalId) || a.ruleId.localeCompare(b.ruleId));
    this.templates = new Map();
    return report;
  }

  protected checkResource(node: CfnResource): void {
    const rules = this.byType.get(node.cfnResourceType);
    if (!rules) {
      return;
    }
    const stack = Stack.of(node);
    const template = this.templateOf(stack);
    const logicalId = stack.resolve(node.logicalId) as string;
    const resource = template.Resources?.[logicalId];
    if (!resource) {
      return; // a resource removed from the template (e.g. by a Condition-less override); nothing will be deployed
    }
    const context = { logicalId, stackName: stack.stackName, role: roleOf(this.topology, stack.stackName), template, topology: this.topology };
    for (const rule of rules) {
      let result: NagRuleResult;
      try {
        result = rule.check(resource, context);
      } catch (error) {
        result = NagRuleCompliance.NON_COMPLIANT;
      }
      this.record(rule, node, context.stackName, logicalId, result);
      this.applyRule({ ruleSuffixOverride: rule.id, info: rule.info, explanation: rule.explanation, level: rule.level, node, rule: () => result });
    }
  }

  private record(rule: TemplateRule, node: CfnResource, stack: string, logicalId: string, result: NagRuleResult) {
    if (result === NagRuleCompliance.NOT_APPLICABLE) {
      return;
    }
    const id = `${TENANT_BASELINE_PACK}-${rule.id}`;
    const found = result === NagRuleCompliance.COMPLIANT ? [] : result === NagRuleCompliance.NON_COMPLIANT ? [id] : (result as string[]).map((f) => `${id}[${f}]`);
    const acknowledged = acknowledgedIds(node);
    found.filter((f) => acknowledged.has(f)).forEach((f) => this.used.add(`${node.node.path}\0${f}`));
    const status = found.length === 0 ? 'compliant' : found.every((f) => acknowledged.has(f)) ? 'acknowledged' : 'non-compliant';
    this.evaluationList.push({ ruleId: id, stack, logicalId, resourceType: node.cfnResourceType, constructPath: node.node.path, status, findings: found });
  }

  private templateOf(stack: Stack): StackTemplate {
    let template = this.templates.get(stack.artifactId);
    if (!template) {
      const path = this.synthesizedTemplates.get(stack.templateFile);
      template = path ? (JSON.parse(readFileSync(path, 'utf8')) as StackTemplate) : renderTemplate(stack);
      this.templates.set(stack.artifactId, template);
    }
    return template;
  }
}

/** The stack's template as `cdk synth` writes it, rendered in memory (for validation outside a synth). */
function renderTemplate(stack: Stack): StackTemplate {
  return stack.resolve((stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as StackTemplate;
}
