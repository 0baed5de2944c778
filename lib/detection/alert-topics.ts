import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { protect } from '../core/protect';
import { AccountBaselineConfig } from '../config/platform-config';
import { acknowledge } from '../acknowledgements/acknowledge';
import { AlertTier, ALERT_TIER_NAMES, ALERT_TIERS } from '../config/alert-tiers';
import { ALERT_KEY_ALIAS, PLATFORM_PREFIX } from '../naming';
import { denyGrantsExceptForAwsServices } from '../kms/grant-guard';

/** The four alert topics by tier, as the constructs that publish to them see them. */
export type AlertTopicsByTier = Readonly<Record<AlertTier, sns.ITopic>>;

/** The dead-letter queue's name: EventBridge and the topics' subscriptions park undeliverable alerts there. */
const DEAD_LETTER_QUEUE_NAME = `${PLATFORM_PREFIX}-undelivered-alerts`;

/**
 * The service that publishes alerts as itself: CloudWatch alarms. EventBridge rules publish with a role of their own
 * (ThreatDetection), so no topic or key policy names EventBridge for publishing.
 */
export const ALERT_PUBLISHERS = ['cloudwatch.amazonaws.com'] as const;

/**
 * The alert topics, one per tier (critical, high, medium, low: lib/config/alert-tiers.ts), encrypted with a
 * customer-managed key, each with the subscribers the configuration names (every tier has subscribers or a reasoned
 * opt-out). The AWS-managed `aws/sns` key cannot be used here: its policy cannot be changed to let CloudWatch alarms and
 * EventBridge encrypt, so their publishes would fail silently. The key admits exactly those services, only through SNS
 * and only for these topics (encryption-context condition); the topics refuse any request without TLS. A message a
 * subscriber's endpoint refuses is kept in the dead-letter queue.
 */
export class AlertTopics extends Construct {
  public readonly key: kms.Key;
  public readonly topics: Readonly<Record<AlertTier, sns.Topic>>;
  /** Alerts EventBridge could not deliver, kept 14 days under the same key. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, subscriptions: AccountBaselineConfig['subscriptions']) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Alert topics: encrypts alerts published by CloudWatch alarms and EventBridge',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addAlias(ALERT_KEY_ALIAS);
    denyGrantsExceptForAwsServices(this.key);
    const topicArns = ALERT_TIER_NAMES.map((tier) => stack.formatArn({ service: 'sns', resource: ALERT_TIERS[tier].topicName }));
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersThroughSnsForAlertTopics',
        principals: ALERT_PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` },
          ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': topicArns },
        },
      }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: DEAD_LETTER_QUEUE_NAME,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'alertDeadLetterQueue');
    // EventBridge writes undeliverable alerts here; SQS encrypts with the key under the queue's ARN as context.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeThroughSqsForDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` },
          ArnLike: { 'kms:EncryptionContext:aws:sqs:arn': stack.formatArn({ service: 'sqs', resource: DEAD_LETTER_QUEUE_NAME }) },
        },
      }),
    );
    // SNS parks a message a subscriber refused in the same queue (the subscriptions' redrive policy), from these topics only.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSnsThroughSqsForDeadLetters',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` },
          ArnLike: { 'kms:EncryptionContext:aws:sqs:arn': stack.formatArn({ service: 'sqs', resource: DEAD_LETTER_QUEUE_NAME }) },
        },
      }),
    );

    const topics: Partial<Record<AlertTier, sns.Topic>> = {};
    for (const tier of ALERT_TIER_NAMES) {
      const spec = ALERT_TIERS[tier];
      const id = `${tier[0].toUpperCase()}${tier.slice(1)}`;
      topics[tier] = this.topic(`${id}Topic`, spec.topicName, `Alerts, ${tier}: respond within ${spec.respondWithinMinutes} minutes`, subscriptions[tier].subscribers);
      // Other stacks (the control plane's alarms) find the topics here, never through CloudFormation exports.
      protect(new ssm.StringParameter(this, `${id}TopicArnParameter`, { parameterName: spec.parameterName, stringValue: topics[tier]!.topicArn }));
    }
    this.topics = topics as Record<AlertTier, sns.Topic>;
  }

  /**
   * The alert topics as another stack sees them: ARNs read from SSM at deploy time, each parameter only when its tier
   * is used (an unused tier adds nothing to the template).
   */
  public static fromParameters(scope: Construct): AlertTopicsByTier {
    const found: Partial<Record<AlertTier, sns.ITopic>> = {};
    const topic = (tier: AlertTier) =>
      (found[tier] ??= sns.Topic.fromTopicArn(scope, `${tier[0].toUpperCase()}${tier.slice(1)}AlertTopic`, ssm.StringParameter.valueForStringParameter(scope, ALERT_TIERS[tier].parameterName)));
    return {
      get critical() {
        return topic('critical');
      },
      get high() {
        return topic('high');
      },
      get medium() {
        return topic('medium');
      },
      get low() {
        return topic('low');
      },
    };
  }

  private topic(id: string, topicName: string, displayName: string, subs: AccountBaselineConfig['subscriptions'][AlertTier]['subscribers']): sns.Topic {
    const topic = new sns.Topic(this, id, { topicName, displayName, masterKey: this.key, enforceSSL: true });
    for (const service of ALERT_PUBLISHERS) {
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `Allow${service.split('.')[0]}Publish`,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
    }
    for (const sub of subs) {
      const options = { deadLetterQueue: this.deadLetterQueue };
      topic.addSubscription(sub.protocol === 'email' ? new subscriptions.EmailSubscription(sub.endpoint, options) : new subscriptions.UrlSubscription(sub.endpoint, { protocol: sns.SubscriptionProtocol.HTTPS, ...options }));
    }
    return topic;
  }
}
