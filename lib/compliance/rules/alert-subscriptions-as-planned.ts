import { NagMessageLevel } from 'cdk-nag';
import { AlertTier, ALERT_TIER_NAMES, ALERT_TIERS } from '../../config/alert-tiers';
import { PLATFORM_PREFIX } from '../../naming';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { referencedResource, text } from './template';

/** The delivery pipeline's topic (lib/delivery): its subscribers are `delivery.notifications`. */
const DELIVERY_TOPIC = `${PLATFORM_PREFIX}-delivery`;
type Audience = AlertTier | 'delivery';

/** Whose subscribers a topic has: an alert tier's (account baseline) or the pipeline's notifications (delivery). */
function audienceOf(topic: TemplateResource | undefined, context: RuleContext): Audience | undefined {
  if (topic?.Type !== 'AWS::SNS::Topic') {
    return undefined;
  }
  const name = text(topic.Properties?.TopicName);
  if (context.role.kind === 'delivery') {
    return name === DELIVERY_TOPIC ? 'delivery' : undefined;
  }
  return ALERT_TIER_NAMES.find((tier) => ALERT_TIERS[tier].topicName === name);
}

function plannedSubscribers(context: RuleContext, audience: Audience): string[] {
  const { config } = context.topology;
  const list = audience === 'delivery' ? (config.delivery?.notifications ?? []) : config.accountBaseline.subscriptions[audience].subscribers;
  return list.map((s) => key(s.protocol, s.endpoint));
}

const key = (protocol: unknown, endpoint: unknown) => `${text(protocol)}:${text(endpoint)}`;

/**
 * A subscription: of a topic of its stack whose subscribers the configuration names (an alert tier's, the pipeline's
 * notifications), to one of them; an alert topic's also keeps refused messages (dead-letter queue).
 */
function subscriptionProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const audience = audienceOf(referencedResource(context.template, p.TopicArn)?.resource, context);
  if (audience === undefined) {
    return [`Topic::${text(p.TopicArn)}`];
  }
  const problems = plannedSubscribers(context, audience).includes(key(p.Protocol, p.Endpoint)) ? [] : [`Unplanned::${audience}::${key(p.Protocol, p.Endpoint)}`];
  const deadLetters = referencedResource(context.template, p.RedrivePolicy?.deadLetterTargetArn)?.resource.Type === 'AWS::SQS::Queue';
  return deadLetters || audience === 'delivery' ? problems : [...problems, `RedrivePolicy::${audience}`];
}

/** Every configured subscriber of the topic is subscribed to it, once (judged on the topic). */
function topicProblems(resource: TemplateResource, context: RuleContext, tier: Audience): string[] {
  const subscribed = Object.values(context.template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::SNS::Subscription' && referencedResource(context.template, r.Properties?.TopicArn)?.logicalId === context.logicalId)
    .map((r) => key(r.Properties?.Protocol, r.Properties?.Endpoint));
  const inline = (resource.Properties?.Subscription ?? []).length;
  return [
    ...plannedSubscribers(context, tier).filter((k) => subscribed.filter((x) => x === k).length !== 1).map((k) => `Subscriber::${tier}::${k}`),
    ...(inline > 0 ? [`InlineSubscriptions::${tier}`] : []),
  ];
}

/**
 * Alerts reach the people the configuration names (accountBaseline.subscriptions): each alert topic of the account
 * baseline has exactly its tier's configured subscribers (e-mail, HTTPS), each once, each with a dead-letter queue for
 * the messages its endpoint refuses; the delivery pipeline's topic exactly `delivery.notifications`; no other
 * subscription anywhere. A tier that opted out has none, and the report says so.
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
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::SNS::Subscription') {
      return findings(subscriptionProblems(resource, context));
    }
    const audience = audienceOf(resource, context);
    return audience === undefined ? NOT_APPLICABLE : findings(topicProblems(resource, context, audience));
  },
};
