import { NagMessageLevel } from 'cdk-nag';
import { AlertTier, ALERT_TIER_NAMES, ALERT_TIERS } from '../../config/alert-tiers';
import { ATTACK_SEQUENCE_PREFIX } from '../../config/guardduty-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateRule } from './rule';
import { asList, referencedId, referencedResource, text } from './template';

/** The lowest severity an event pattern admits, when it is a `numeric [">=", n]` (or `">"`) filter; else undefined. */
function lowestSeverity(pattern: any): number | undefined {
  const filters = asList<any>(pattern?.detail?.severity);
  const bounds = filters.flatMap((f) => {
    const numeric = asList<unknown>(f?.numeric);
    const at = numeric.findIndex((x) => x === '>=' || x === '>');
    return at >= 0 && typeof numeric[at + 1] === 'number' ? [numeric[at + 1] as number] : [];
  });
  return bounds.length === filters.length && bounds.length > 0 ? Math.max(...bounds) : undefined;
}

/** The lowest severity each tier's topic must receive GuardDuty findings from (lib/detection/threat-detection.ts). */
const LOWEST_SEVERITY: Partial<Record<AlertTier, number>> = { critical: 9, high: 7, medium: 4 };

/** Whether an enabled rule sends GuardDuty events matching `matches` to this topic, with a dead-letter queue of the stack. */
function routes(context: RuleContext, matches: (pattern: any) => boolean): boolean {
  return Object.values(context.template.Resources ?? {}).some((rule) => {
    if (rule.Type !== 'AWS::Events::Rule' || (rule.Properties?.State !== undefined && rule.Properties.State !== 'ENABLED')) {
      return false;
    }
    const pattern = rule.Properties?.EventPattern;
    const target = asList<any>(rule.Properties?.Targets).find((t) => referencedId(t?.Arn) === context.logicalId);
    const deadLetters = referencedResource(context.template, target?.DeadLetterConfig?.Arn)?.resource.Type === 'AWS::SQS::Queue';
    return asList(pattern?.source).includes('aws.guardduty') && target !== undefined && deadLetters && matches(pattern);
  });
}

/**
 * GuardDuty findings reach their tier (lib/config/alert-tiers.ts): the critical topic receives every finding of
 * severity 9 and above and every attack sequence; the high topic every finding from 7; the medium topic every finding
 * from 4; each through an enabled EventBridge rule with a dead-letter queue. Judged on the topics, so it holds whether
 * the detector is created here or adopted.
 */
export const GuardDutyFindingsReachTheirTier: TemplateRule = {
  id: 'GuardDutyFindingsReachTheirTier',
  resourceTypes: ['AWS::SNS::Topic'],
  judges: { 'AWS::Events::Rule': ['State', 'Targets.*.DeadLetterConfig.Arn'] },
  info: "GuardDuty findings do not reach their alert tier: no enabled rule with a dead-letter queue sends this tier's severities (or, for critical, attack sequences) to its topic.",
  explanation: "DESIGN.md: threat detection in every account and region; seed 001: critical findings and attack sequences answered within 15 minutes, high within an hour.",
  level: NagMessageLevel.ERROR,
  controls: ['RUN-1', 'SOC2-CC7.2', 'SOC2-CC7.3', 'GDPR-Art.33'],
  check(resource, context) {
    const tier = ALERT_TIER_NAMES.find((t) => ALERT_TIERS[t].topicName === text(resource.Properties?.TopicName));
    const lowest = tier === undefined ? undefined : LOWEST_SEVERITY[tier];
    if (lowest === undefined) {
      return NOT_APPLICABLE;
    }
    const problems: string[] = [];
    if (!routes(context, (pattern) => (lowestSeverity(pattern) ?? Infinity) <= lowest)) {
      problems.push(`Severity::from-${lowest}-not-routed`);
    }
    const attackSequences = (pattern: any) => asList<any>(pattern?.detail?.type).some((f) => f?.prefix === ATTACK_SEQUENCE_PREFIX) && pattern?.detail?.severity === undefined;
    if (tier === 'critical' && !routes(context, attackSequences)) {
      problems.push('AttackSequences::not-routed');
    }
    return findings(problems);
  },
};
