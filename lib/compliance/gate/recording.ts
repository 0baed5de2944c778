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
type Rule = IApplyRule['rule'];
type Outcome = { readonly result: ReturnType<Rule> } | { readonly threw: unknown };

/**
 * What each stock rule answered for each resource during one validation pass, shared by the five packs. The packs
 * apply 393 rules to every resource but only 209 distinct rule functions (HIPAA, NIST and PCI reuse the AwsSolutions
 * rules, e.g. S3BucketSSLRequestsOnly in four packs); a rule is a function of the construct tree alone, which no
 * longer changes once validation starts, so a later pack reuses the answer (or the error) an earlier one got. The
 * pass that opens and the pass that closes forget everything, so nothing outlives one validation of one tree.
 */
export class StockRuleOutcomes {
  private outcomes = new WeakMap<CfnResource, Map<Rule, Outcome>>();
  /** The last resource asked about and its outcomes: a pack asks about one resource ~130 times in a row. */
  private lastNode?: CfnResource;
  private lastOutcomes?: Map<Rule, Outcome>;

  public forget(): void {
    this.outcomes = new WeakMap();
    this.lastNode = undefined;
    this.lastOutcomes = undefined;
  }

  public judge(rule: Rule, node: CfnResource): ReturnType<Rule> {
    if (node !== this.lastNode) {
      this.lastNode = node;
      this.lastOutcomes = this.outcomes.get(node);
    }
    const known = this.lastOutcomes?.get(rule);
    if (known) {
      if ('threw' in known) {
        throw known.threw;
      }
      return known.result;
    }
    let outcome: Outcome;
    try {
      outcome = { result: rule(node) };
    } catch (error) {
      outcome = { threw: error };
    }
    // A rule that does not apply answers at once (a type check); only the answers that cost something are kept.
    if (!('result' in outcome && outcome.result === NagRuleCompliance.NOT_APPLICABLE)) {
      if (!this.lastOutcomes) {
        this.lastOutcomes = new Map();
        this.outcomes.set(node, this.lastOutcomes);
      }
      this.lastOutcomes.set(rule, outcome);
    }
    if ('threw' in outcome) {
      throw outcome.threw;
    }
    return outcome.result;
  }
}

/** Where a pack sits in the gate's pass: the first forgets the previous pass's outcomes, the last forgets its own. */
export interface StockPass {
  readonly outcomes: StockRuleOutcomes;
  readonly opens: boolean;
  readonly closes: boolean;
}

function recording<T extends PackClass>(Base: T): new (scope?: IConstruct, pass?: StockPass) => RecordingPack {
  // @ts-expect-error mixin over a class with a protected method
  return class extends Base implements RecordingPack {
    public readonly tallies = new Map<string, StockRuleTally>();
    public readonly usedAcknowledgements = new Set<string>();
    private current: IApplyRule | undefined;
    // The rule cdk-nag is handed for an answer it reports: the same answer again (StockRuleOutcomes keeps it). One
    // wrapper for every such call; cdk-nag names a finding after `rule.name`, and the wrapper answers with the wrapped
    // rule's name, so rule ids are unchanged.
    private readonly judge = (node: CfnResource) => this.pass.outcomes.judge(this.current!.rule, node);

    private readonly pass: StockPass;

    constructor(scope?: IConstruct, pass?: StockPass) {
      super(scope);
      // Alone (no pass given), a pack keeps its outcomes to itself for the length of one validation.
      this.pass = pass ?? { outcomes: new StockRuleOutcomes(), opens: true, closes: true };
      Object.defineProperty(this.judge, 'name', { get: () => this.current!.rule.name });
    }

    public validateScope(scope: IConstruct) {
      if (this.pass.opens) {
        this.pass.outcomes.forget();
      }
      try {
        return super.validateScope(scope);
      } finally {
        if (this.pass.closes) {
          this.pass.outcomes.forget();
        }
      }
    }

    protected applyRule(params: IApplyRule): void {
      let result: ReturnType<Rule>;
      try {
        result = this.judgeAndCount(params);
      } catch {
        result = NagRuleCompliance.NON_COMPLIANT; // cdk-nag reports a rule that throws: it gets the same error below
      }
      // cdk-nag's applyRule reports nothing for a resource a rule passes or does not apply to (nearly every call: each
      // rule of a pack is applied to every resource), so only the other answers go through it, to be reported exactly
      // as cdk-nag reports them.
      if (result !== NagRuleCompliance.COMPLIANT && result !== NagRuleCompliance.NOT_APPLICABLE) {
        this.current = params;
        super.applyRule({ ...params, rule: this.judge });
      }
    }

    /** Judges the resource once per pass (StockRuleOutcomes) and counts the outcome in the rule's tally. */
    private judgeAndCount(params: IApplyRule) {
      const { node } = params;
      const result = this.pass.outcomes.judge(params.rule, node);
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
