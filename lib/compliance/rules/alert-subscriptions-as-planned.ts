import { NagMessageLevel } from 'cdk-nag';
import { AlertTier, ALERT_TIER_NAMES, ALERT_TIERS } from '../../config/alert-tiers';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { referencedResource, text } from './template';

const tierOfTopic = (topic: TemplateResource | undefined): AlertTier | undefined =>
  topic?.Type === 'AWS::SNS::Topic' ? ALERT_TIER_NAMES.find((tier) => ALERT_TIERS[tier].topicName === text(topic.Properties?.TopicName)) : undefined;

const key = (protocol: unknown, endpoint: unknown) => `${text(protocol)}:${text(endpoint)}`;

/** A subscription of an alert topic: to a subscriber the configuration names for that tier, refused messages kept. */
function subscriptionProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const tier = tierOfTopic(referencedResource(context.template, p.TopicArn)?.resource);
  if (tier === undefined) {
    return [];
  }
  const planned = context.topology.config.accountBaseline.subscriptions[tier].subscribers.map((s) => key(s.protocol, s.endpoint));
  const problems = planned.includes(key(p.Protocol, p.Endpoint)) ? [] : [`Unplanned::${tier}::${key(p.Protocol, p.Endpoint)}`];
  const deadLetters = referencedResource(context.template, p.RedrivePolicy?.deadLetterTargetArn)?.resource.Type === 'AWS::SQS::Queue';
  return deadLetters ? problems : [...problems, `RedrivePolicy::${tier}`];
}

/** Every configured subscriber of the topic's tier is subscribed to it, once (judged on the topic). */
function topicProblems(resource: TemplateResource, context: RuleContext, tier: AlertTier): string[] {
  const subscribed = Object.values(context.template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::SNS::Subscription' && referencedResource(context.template, r.Properties?.TopicArn)?.logicalId === context.logicalId)
    .map((r) => key(r.Properties?.Protocol, r.Properties?.Endpoint));
  const inline = (resource.Properties?.Subscription ?? []).length;
  return [
    ...context.topology.config.accountBaseline.subscriptions[tier].subscribers.map((s) => key(s.protocol, s.endpoint)).filter((k) => subscribed.filter((x) => x === k).length !== 1).map((k) => `Subscriber::${tier}::${k}`),
    ...(inline > 0 ? [`InlineSubscriptions::${tier}`] : []),
  ];
}

/**
 * Alerts reach the people the configuration names (accountBaseline.subscriptions): each alert topic of the account
 * baseline has exactly its tier's configured subscribers (e-mail, HTTPS), each once, each with a dead-letter queue for
 * the messages its endpoint refuses; no other subscription. A tier that opted out has none, and the report says so.
 */
export const AlertSubscriptionsAsPlanned: TemplateRule = {
  id: 'AlertSubscriptionsAsPlanned',
  resourceTypes: ['AWS::SNS::Subscription', 'AWS::SNS::Topic'],
  judges: { 'AWS::SNS::Subscription': ['Protocol', 'Endpoint', 'TopicArn', 'RedrivePolicy.deadLetterTargetArn'] },
  info: 'An alert topic does not have exactly its configured subscribers (each with a dead-letter queue).',
  explanation: 'Seed 001: incidents reach people by automated alerts within their response target; an alert nobody is subscribed to, or one sent somewhere nobody configured, is neither.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-2', 'SOC2-CC7.3', 'GDPR-Art.33'],
  check(resource, context) {
    if (context.role.kind !== 'account-baseline') {
      return NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::SNS::Subscription') {
      return findings(subscriptionProblems(resource, context));
    }
    const tier = tierOfTopic(resource);
    return tier === undefined ? NOT_APPLICABLE : findings(topicProblems(resource, context, tier));
  },
};
