import { NagMessageLevel } from 'cdk-nag';
import { ALERT_TOPIC_NAMES } from '../../naming';
import { ALERT_PARAMETERS } from '../../../contracts/ssm-parameters';
import { findings, RuleContext, TemplateRule } from './rule';
import { asList, isTrue, referencedResource, ssmParameterName, text } from './template';

const ALERT_PARAMETER_NAMES: readonly string[] = Object.values(ALERT_PARAMETERS);
const ALERT_TOPICS: readonly string[] = Object.values(ALERT_TOPIC_NAMES);

/** True when an alarm action is one of the platform's alert topics: in this template, or read from its SSM parameter. */
export function isAlertTopic(value: unknown, context: RuleContext): boolean {
  const parameter = ssmParameterName(context.template, value);
  if (parameter !== undefined) {
    return ALERT_PARAMETER_NAMES.includes(parameter);
  }
  const topic = referencedResource(context.template, value);
  return topic?.resource.Type === 'AWS::SNS::Topic' && ALERT_TOPICS.includes(text(topic.resource.Properties?.TopicName));
}

/**
 * Every CloudWatch alarm has its actions enabled and notifies one of the platform's alert topics (security or medium),
 * so an alarm that fires reaches the people on those topics and is not only a red line on a dashboard.
 */
export const AlarmsNotifyAlertTopics: TemplateRule = {
  id: 'AlarmsNotifyAlertTopics',
  resourceTypes: ['AWS::CloudWatch::Alarm'],
  judges: { 'AWS::CloudWatch::Alarm': ['ActionsEnabled', 'AlarmActions', 'AlarmActions.*'] },
  info: 'The alarm does not notify an alert topic of the platform, or its actions are disabled.',
  explanation: 'DESIGN.md: alarms on failed authentication, tamper detection and API traffic, and the account-level CIS alarms, must reach the alert topics to be acted on (runbooks in docs/runbooks.md).',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-2', 'SOC2-CC7.2', 'SOC2-CC7.3', 'GDPR-Art.33'],
  check(resource, context) {
    const props = resource.Properties ?? {};
    const problems: string[] = [];
    if (props.ActionsEnabled !== undefined && !isTrue(props.ActionsEnabled)) {
      problems.push('ActionsDisabled');
    }
    if (!asList(props.AlarmActions).some((action) => isAlertTopic(action, context))) {
      problems.push('NoAlertTopicAction');
    }
    return findings(problems);
  },
};
