import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { ControlId } from '../controls';
import { PlatformTopology, StackRole } from '../topology';

/** A resource exactly as the synthesized CloudFormation template contains it (escape-hatch overrides included). */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly [key: string]: unknown;
}

/** A synthesized template: what CloudFormation will deploy. */
export interface StackTemplate {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Parameters?: Record<string, { Type: string; Default?: unknown }>;
  readonly [key: string]: unknown;
}

/** What a rule may look at besides the resource itself: the resource's own stack template and the platform's plan. */
export interface RuleContext {
  readonly logicalId: string;
  readonly stackName: string;
  /** What this stack is in the platform (tenant, control plane, ...), from the platform's configuration. */
  readonly role: StackRole;
  readonly template: StackTemplate;
  readonly topology: PlatformTopology;
  /**
   * Scratch space shared by the rules while this template is judged once (memo.ts): indexes a rule would otherwise
   * rebuild for every resource. Whoever judges gives each template a fresh one per judgement. @default - none: nothing cached
   */
  readonly memo?: Map<string, unknown>;
}

/**
 * One rule of the TenantBaseline pack. `check` is a pure function of the synthesized resource and its context; it
 * returns COMPLIANT, NOT_APPLICABLE, NON_COMPLIANT, or a list of findings (each reported as `<id>[<finding>]`, so an
 * acknowledgement can name exactly one).
 */
export interface TemplateRule {
  /** The rule id without the pack prefix, e.g. `RdsForceSsl` (reported as `TenantBaseline-RdsForceSsl`). */
  readonly id: string;
  /** The resource types the rule judges (`*`: every type); every other type is not applicable. */
  readonly resourceTypes: readonly string[];
  /**
   * The properties the rule judges, per resource type, as paths below `Properties` (`.` between names, `*` for every
   * item of a list or every key of a map). The report's coverage table reads this, and `npm run gate:mutate` mutates
   * every value found at these paths: a property declared here that the rule does not really judge shows up there
   * as a surviving mutant.
   * @default - none declared
   */
  readonly judges?: Readonly<Record<string, readonly string[]>>;
  /** What a finding means, one sentence. */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  readonly level: NagMessageLevel;
  /** The controls (lib/compliance/controls.ts) this rule helps prove. */
  readonly controls: readonly ControlId[];
  /**
   * How the rule bears on a tenant's isolation verdict in the report. `counts`: a finding in a tenant stack means the
   * tenant is not isolated. `must-judge`: the same, and the rule must also have judged at least one resource of every
   * tenant stack (a tenant stack where it saw nothing is not proven isolated).
   * @default - not an isolation rule
   */
  readonly tenantIsolation?: 'counts' | 'must-judge';
  /**
   * Whether a finding of this rule may be acknowledged. Isolation rules never may (a tenant is isolated or not), nor
   * may key-ownership rules that set this to false: the gate refuses any acknowledgement of them.
   * @default - false for isolation rules (tenantIsolation set), true otherwise
   */
  readonly acknowledgeable?: boolean;
  check(resource: TemplateResource, context: RuleContext): NagRuleResult;
}

export const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

/** Findings to a result: an empty list is compliant. Findings are de-duplicated and sorted for stable output. */
export function findings(list: readonly string[]): NagRuleResult {
  return list.length === 0 ? COMPLIANT : [...new Set(list)].sort();
}

/** Whether the gate lets a finding of this rule be acknowledged (see TemplateRule.acknowledgeable). */
export function isAcknowledgeable(rule: TemplateRule): boolean {
  return rule.acknowledgeable ?? rule.tenantIsolation === undefined;
}
