import { NagMessageLevel } from 'cdk-nag';
import { ALERT_TOPIC_NAMES } from '../../naming';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, TemplateRule } from './rule';
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

/**
 * The security alert topic receives every GuardDuty finding of severity 7 and above: its template holds an enabled
 * EventBridge rule for `aws.guardduty` findings whose severity filter starts at 7 or lower, targeting this topic with
 * a dead-letter queue. Judged on the topic, so it holds whether the detector is created here or adopted.
 */
export const HighSeverityFindingsReachSecurityTopic: TemplateRule = {
  id: 'HighSeverityFindingsReachSecurityTopic',
  resourceTypes: ['AWS::SNS::Topic'],
  judges: { 'AWS::Events::Rule': ['State', 'Targets.*.DeadLetterConfig.Arn'] },
  info: 'No enabled EventBridge rule sends GuardDuty findings of severity >= 7 to the security alert topic (with a dead-letter queue).',
  explanation: 'DESIGN.md: threat detection in every account and region, high-severity findings routed to the security alert topic.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-1', 'SOC2-CC7.2', 'SOC2-CC7.3', 'GDPR-Art.33'],
  check(resource, context) {
    if (text(resource.Properties?.TopicName) !== ALERT_TOPIC_NAMES.security) {
      return NOT_APPLICABLE;
    }
    const routed = Object.values(context.template.Resources ?? {}).some((rule) => {
      if (rule.Type !== 'AWS::Events::Rule' || (rule.Properties?.State !== undefined && rule.Properties.State !== 'ENABLED')) {
        return false;
      }
      const pattern = rule.Properties?.EventPattern;
      const lowest = lowestSeverity(pattern);
      const fromGuardDuty = asList(pattern?.source).includes('aws.guardduty');
      const target = asList<any>(rule.Properties?.Targets).find((t) => referencedId(t?.Arn) === context.logicalId);
      const deadLetters = referencedResource(context.template, target?.DeadLetterConfig?.Arn)?.resource.Type === 'AWS::SQS::Queue';
      return fromGuardDuty && lowest !== undefined && lowest <= 7 && deadLetters;
    });
    return routed ? COMPLIANT : NON_COMPLIANT;
  },
};
