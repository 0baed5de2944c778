import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, IApplyRule, NagPack, NagRuleCompliance, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** How often one stock rule judged resources, by outcome; the report's evidence for the stock packs. */
export interface StockRuleTally {
  readonly ruleId: string;
  /** The rule's message; HIPAA and NIST rules name their control ids in it. */
  readonly info: string;
  compliant: number;
  acknowledged: number;
  nonCompliant: number;
  /** Stacks where the rule judged at least one resource. */
  readonly stacks: Set<string>;
}

/** A cdk-nag pack that also counts each rule's outcomes (applicable resources only), without changing what it reports. */
export interface RecordingPack extends NagPack {
  readonly tallies: ReadonlyMap<string, StockRuleTally>;
  /** `<construct path>\0<rule id>` of every acknowledgement that matched a finding of this pack. */
  readonly usedAcknowledgements: ReadonlySet<string>;
}

type PackClass = new (scope?: IConstruct) => NagPack;

function recording<T extends PackClass>(Base: T): new (scope?: IConstruct) => RecordingPack {
  // @ts-expect-error mixin over a class with a protected method
  return class extends Base implements RecordingPack {
    public readonly tallies = new Map<string, StockRuleTally>();
    public readonly usedAcknowledgements = new Set<string>();
    private current: IApplyRule | undefined;
    // One wrapper for every call (packs apply every rule to every resource: hundreds of thousands of calls in a fleet
    // synth, so nothing is allocated per call). cdk-nag names a finding after `rule.name`; the wrapper answers with
    // the wrapped rule's name, so rule ids are unchanged.
    private readonly judge = (node: CfnResource) => this.judgeAndCount(node);

    constructor(...args: any[]) {
      super(...args);
      Object.defineProperty(this.judge, 'name', { get: () => this.current!.rule.name });
    }

    protected applyRule(params: IApplyRule): void {
      this.current = params;
      super.applyRule({ ...params, rule: this.judge });
    }

    private judgeAndCount(node: CfnResource) {
      const params = this.current!;
      const result = params.rule(node);
      if (result === NagRuleCompliance.NOT_APPLICABLE) {
        return result;
      }
      const ruleId = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
      let t = this.tallies.get(ruleId);
      if (!t) {
        t = { ruleId, info: params.info, compliant: 0, acknowledged: 0, nonCompliant: 0, stacks: new Set() };
        this.tallies.set(ruleId, t);
      }
      t.stacks.add(Stack.of(node).stackName);
      if (result === NagRuleCompliance.COMPLIANT) {
        t.compliant++;
      } else {
        const acknowledged = acknowledgedIds(node);
        const ids = Array.isArray(result) ? result.map((f) => `${ruleId}[${f}]`) : [ruleId];
        ids.filter((id) => acknowledged.has(id)).forEach((id) => this.usedAcknowledgements.add(`${node.node.path}\0${id}`));
        if (ids.every((id) => acknowledged.has(id))) {
          t.acknowledged++;
        } else {
          t.nonCompliant++;
        }
      }
      return result;
    }
  };
}

/** Acknowledged rule ids on a construct and its ancestors, as cdk-nag matches them. */
export function acknowledgedIds(node: IConstruct): Set<string> {
  const ids = new Set<string>();
  for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        Object.keys(entry.data as Record<string, string>).forEach((k) => ids.add(k.replace(/^annotation::/i, '')));
      }
    }
  }
  return ids;
}

export const RecordingAwsSolutionsChecks = recording(AwsSolutionsChecks);
export const RecordingHIPAASecurityChecks = recording(HIPAASecurityChecks);
export const RecordingNIST80053R5Checks = recording(NIST80053R5Checks);
export const RecordingPCIDSS321Checks = recording(PCIDSS321Checks);
export const RecordingServerlessChecks = recording(ServerlessChecks);
