/**
 * How a catalog rule id reads on one resource. cdk-nag writes a finding's id with the ARNs of the resource's policy,
 * so an id depends on two things a static catalog cannot spell: the stack's placement (a stack pinned to a region
 * shows `us-east-1` and `aws` where an environment-agnostic one shows `<AWS::Region>` and `<AWS::Partition>`), and
 * references to resources of the same stack (`<DeliveryPipelineWave1...>`). A catalog id therefore may contain
 * `{name}`, filled with the logical id of a resource the code names when it acknowledges, and `acknowledge()`
 * records the pseudo-parameter and the concrete form of the stack's region and partition, which are the same value.
 */

export interface RuleIdEnvironment {
  /** The stack's region when it names one, else undefined. */
  readonly region?: string;
  /** The stack's partition when the region fixes it, else undefined. */
  readonly partition?: string;
}

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;
const LOGICAL_ID = /^[A-Za-z0-9]+$/;
/** A region a placeholder may stand for (a finding that names another region of the platform: docs/network.md#regions). */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The ids to acknowledge on one resource for one catalog id: placeholders filled, each pseudo-parameter form. */
export function ruleIdForms(ruleId: string, env: RuleIdEnvironment, refs: Readonly<Record<string, string>> = {}): string[] {
  const filled = ruleId.replace(PLACEHOLDER, (_, name: string) => {
    const logicalId = refs[name];
    if (logicalId === undefined || !(LOGICAL_ID.test(logicalId) || REGION_NAME.test(logicalId))) {
      throw new Error(`acknowledge: rule id '${ruleId}' needs the logical id of '${name}', got ${JSON.stringify(logicalId)}`);
    }
    return logicalId;
  });
  const concrete = filled.replace(/<AWS::Region>/g, env.region ?? '<AWS::Region>').replace(/<AWS::Partition>/g, env.partition ?? '<AWS::Partition>');
  return concrete === filled ? [filled] : [filled, concrete];
}

/** Whether `found` is one of the forms of catalog id `ruleId` on a resource in `env`, any logical id filling a placeholder. */
export function matchesRuleId(ruleId: string, found: string, env: RuleIdEnvironment): boolean {
  if (ruleId === found) {
    return true;
  }
  const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  let pattern = '';
  let last = 0;
  for (const m of ruleId.matchAll(/\{[a-zA-Z]+\}|<AWS::Region>|<AWS::Partition>/g)) {
    pattern += escape(ruleId.slice(last, m.index));
    const token = m[0];
    if (token === '<AWS::Region>') {
      pattern += env.region ? `(?:<AWS::Region>|${escape(env.region)})` : escape(token);
    } else if (token === '<AWS::Partition>') {
      pattern += env.partition ? `(?:<AWS::Partition>|${escape(env.partition)})` : escape(token);
    } else {
      pattern += '(?:[A-Za-z0-9]+|[a-z]{2}(?:-[a-z]+)+-\\d)';
    }
    last = m.index! + token.length;
  }
  pattern += escape(ruleId.slice(last));
  return new RegExp(`^${pattern}$`).test(found);
}
