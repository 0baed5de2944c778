import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Duration, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';

/** GuardDuty severities: high is 7.0-8.9, critical 9.0-10.0, medium 4.0-6.9. */
export const GUARDDUTY_SEVERITY = { high: 7, medium: 4 } as const;

/** GuardDuty protection plans enabled on a detector this stack creates. */
export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING'] as const;

export interface ThreatDetectionProps {
  /**
   * Create the account's GuardDuty detector, or adopt the one that exists (there can be only one per account and
   * region). Findings are routed either way.
   */
  readonly detector: 'create' | 'adopt';
  readonly securityTopic: sns.ITopic;
  readonly mediumTopic: sns.ITopic;
  /** The key the topics are encrypted with; the publishing role needs it. */
  readonly topicKey: kms.IKey;
  /** Where EventBridge parks a finding it could not deliver after its retries. */
  readonly deadLetterQueue: sqs.IQueue;
}

/** The EventBridge pattern for GuardDuty findings with severity in [min, max). */
export function findingPattern(min: number, max?: number): events.EventPattern {
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { severity: [max === undefined ? { numeric: ['>=', min] } : { numeric: ['>=', min, '<', max] }] },
  } as events.EventPattern;
}

/**
 * GuardDuty for the account and region, with every current protection plan and 15-minute finding publication, and
 * EventBridge rules that send high and critical findings (severity >= 7) to the security topic and medium ones
 * (4 <= severity < 7) to the lower-priority topic.
 */
export class ThreatDetection extends Construct {
  public readonly detector?: guardduty.CfnDetector;
  public readonly highFindingsRule: events.Rule;
  public readonly mediumFindingsRule: events.Rule;
  /** The role EventBridge publishes findings with; trusted only by this account's EventBridge. */
  public readonly publisherRole: iam.Role;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    if (props.detector === 'create') {
      this.detector = new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: GUARDDUTY_FEATURES.map((name) => ({
          name,
          status: 'ENABLED',
          ...(name === 'RUNTIME_MONITORING'
            ? { additionalConfiguration: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'].map((n) => ({ name: n, status: 'ENABLED' })) }
            : {}),
        })),
      });
      acknowledge(this.detector, 'guardDutyS3ProtectionAsFeature');
    }
    // EventBridge publishes with a role of ours rather than through the topics' resource policy, where the SnsTopic
    // target would add an unconditioned events.amazonaws.com statement that any account's rule could use.
    const stack = Stack.of(this);
    this.publisherRole = new iam.Role(this, 'PublisherRole', {
      description: 'EventBridge publishes GuardDuty findings to the alert topics',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    new iam.ManagedPolicy(this, 'PublisherPolicy', {
      description: 'Publish to the two alert topics, encrypting with their key',
      roles: [this.publisherRole],
      statements: [
        new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.securityTopic.topicArn, props.mediumTopic.topicArn] }),
        new iam.PolicyStatement({ sid: 'EncryptAlerts', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.topicKey.keyArn] }),
      ],
    });
    const target = (topic: sns.ITopic) =>
      new targets.SnsTopic(topic, {
        authorizeUsingRole: true,
        role: this.publisherRole.withoutPolicyUpdates(),
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      });

    this.highFindingsRule = new events.Rule(this, 'HighFindings', {
      description: 'GuardDuty findings of severity >= 7 (high, critical) to the security-alert topic',
      eventPattern: findingPattern(GUARDDUTY_SEVERITY.high),
      targets: [target(props.securityTopic)],
    });
    this.mediumFindingsRule = new events.Rule(this, 'MediumFindings', {
      description: 'GuardDuty findings of severity 4 to < 7 (medium) to the lower-priority topic',
      eventPattern: findingPattern(GUARDDUTY_SEVERITY.medium, GUARDDUTY_SEVERITY.high),
      targets: [target(props.mediumTopic)],
    });
  }
}
