import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { protect } from '../core/protect';
import { AlertSubscription } from '../config/platform-config';
import { acknowledge } from '../acknowledgements/acknowledge';
import { ALERT_TOPIC_NAMES, PLATFORM_PREFIX } from '../naming';
import { ALERT_PARAMETERS } from '../../contracts/ssm-parameters';
import { denyGrantsExceptForAwsServices } from '../kms/grant-guard';


export interface AlertTopicsProps {
  /** Subscribers of the security-alert topic (high and critical). @default - none */
  readonly security?: readonly AlertSubscription[];
  /** Subscribers of the lower-priority topic (medium). @default - none */
  readonly medium?: readonly AlertSubscription[];
}

/**
 * The service that publishes alerts as itself: CloudWatch alarms. EventBridge rules publish with a role of their own
 * (ThreatDetection), so no topic or key policy names EventBridge for publishing.
 */
export const ALERT_PUBLISHERS = ['cloudwatch.amazonaws.com'] as const;

/**
 * The alert topics: security (high and critical) and medium, encrypted with a customer-managed key. The AWS-managed
 * `aws/sns` key cannot be used here: its policy cannot be changed to let CloudWatch alarms and EventBridge encrypt, so
 * their publishes would fail silently. The key admits exactly those two services, only through SNS and only for these
 * topics (encryption-context condition); the topics refuse any request without TLS.
 */
export class AlertTopics extends Construct {
  public readonly key: kms.Key;
  public readonly security: sns.Topic;
  public readonly medium: sns.Topic;
  /** Alerts EventBridge could not deliver, kept 14 days under the same key. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlertTopicsProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Alert topics: encrypts alerts published by CloudWatch alarms and EventBridge',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addAlias(`alias/${PLATFORM_PREFIX}/alerts`);
    denyGrantsExceptForAwsServices(this.key);
    const topicArns = Object.values(ALERT_TOPIC_NAMES).map((name) => stack.formatArn({ service: 'sns', resource: name }));
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
      queueName: `${PLATFORM_PREFIX}-undelivered-alerts`,
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
          ArnLike: { 'kms:EncryptionContext:aws:sqs:arn': stack.formatArn({ service: 'sqs', resource: `${PLATFORM_PREFIX}-undelivered-alerts` }) },
        },
      }),
    );

    this.security = this.topic('SecurityTopic', ALERT_TOPIC_NAMES.security, 'Security alerts: high and critical', props.security ?? []);
    this.medium = this.topic('MediumTopic', ALERT_TOPIC_NAMES.medium, 'Security alerts: medium priority', props.medium ?? []);
    // Other stacks (the control plane's alarms) find the topics here, never through CloudFormation exports.
    protect(new ssm.StringParameter(this, 'SecurityTopicArnParameter', { parameterName: ALERT_PARAMETERS.securityTopicArn, stringValue: this.security.topicArn }));
    protect(new ssm.StringParameter(this, 'MediumTopicArnParameter', { parameterName: ALERT_PARAMETERS.mediumTopicArn, stringValue: this.medium.topicArn }));
  }

  /** The alert topics as another stack sees them: ARNs read from SSM at deploy time. */
  public static fromParameters(scope: Construct): { security: sns.ITopic; medium: sns.ITopic } {
    const read = (name: string) => ssm.StringParameter.valueForStringParameter(scope, name);
    return {
      security: sns.Topic.fromTopicArn(scope, 'SecurityAlertTopic', read(ALERT_PARAMETERS.securityTopicArn)),
      medium: sns.Topic.fromTopicArn(scope, 'MediumAlertTopic', read(ALERT_PARAMETERS.mediumTopicArn)),
    };
  }

  private topic(id: string, topicName: string, displayName: string, subs: readonly AlertSubscription[]): sns.Topic {
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
      topic.addSubscription(sub.protocol === 'email' ? new subscriptions.EmailSubscription(sub.endpoint) : new subscriptions.UrlSubscription(sub.endpoint, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }
    return topic;
  }
}
