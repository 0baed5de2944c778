import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Duration, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALERT_TIER_NAMES, ROUTE_TIERS } from '../config/alert-tiers';
import { ATTACK_SEQUENCE_PREFIX, GUARDDUTY_SEVERITY } from '../config/guardduty-plan';
import { AlertTopicsByTier } from './alert-topics';
import { acknowledge } from '../acknowledgements/acknowledge';

export { ATTACK_SEQUENCE_PREFIX, GUARDDUTY_SEVERITY };

/** GuardDuty protection plans enabled on a detector this stack creates. */
export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING'] as const;

export interface ThreatDetectionProps {
  /**
   * Create the account's GuardDuty detector, or adopt the one that exists (there can be only one per account and
   * region). Findings are routed either way.
   */
  readonly detector: 'create' | 'adopt';
  /** The alert topics by tier (lib/config/alert-tiers.ts). */
  readonly topics: AlertTopicsByTier;
  /** The key the topics are encrypted with; the publishing role needs it. */
  readonly topicKey: kms.IKey;
  /** Where EventBridge parks a finding it could not deliver after its retries. */
  readonly deadLetterQueue: sqs.IQueue;
}

/** The EventBridge pattern for GuardDuty findings with severity in [min, max) that are not attack sequences. */
export function findingPattern(min: number, max?: number): events.EventPattern {
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { severity: [max === undefined ? { numeric: ['>=', min] } : { numeric: ['>=', min, '<', max] }], type: [{ 'anything-but': { prefix: ATTACK_SEQUENCE_PREFIX } }] },
  } as events.EventPattern;
}

/** The EventBridge pattern for GuardDuty's attack sequences, whatever their severity. */
export function attackSequencePattern(): events.EventPattern {
  return { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail: { type: [{ prefix: ATTACK_SEQUENCE_PREFIX }] } } as events.EventPattern;
}

/**
 * GuardDuty for the account and region, with every current protection plan and 15-minute finding publication, and
 * EventBridge rules that send findings to their tier (lib/config/alert-tiers.ts): critical (severity >= 9) and every
 * attack sequence to the critical topic, high (7 <= severity < 9) to the high topic, medium (4 <= severity < 7) to the
 * medium topic. Low findings (< 4) stay in GuardDuty.
 */
export class ThreatDetection extends Construct {
  public readonly detector?: guardduty.CfnDetector;
  public readonly criticalFindingsRule: events.Rule;
  public readonly attackSequencesRule: events.Rule;
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
      description: 'Publish to the alert topics, encrypting with their key',
      roles: [this.publisherRole],
      statements: [
        new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: ALERT_TIER_NAMES.map((tier) => props.topics[tier].topicArn) }),
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

    const route = (id: keyof typeof ROUTE_TIERS, description: string, eventPattern: events.EventPattern) =>
      new events.Rule(this, id, { description: `${description}: to the ${ROUTE_TIERS[id]} alert topic`, eventPattern, targets: [target(props.topics[ROUTE_TIERS[id]])] });
    this.criticalFindingsRule = route('CriticalFindings', 'GuardDuty findings of severity >= 9 (critical)', findingPattern(GUARDDUTY_SEVERITY.critical));
    this.attackSequencesRule = route('AttackSequences', 'GuardDuty attack sequences (any severity)', attackSequencePattern());
    this.highFindingsRule = route('HighFindings', 'GuardDuty findings of severity 7 to < 9 (high)', findingPattern(GUARDDUTY_SEVERITY.high, GUARDDUTY_SEVERITY.critical));
    this.mediumFindingsRule = route('MediumFindings', 'GuardDuty findings of severity 4 to < 7 (medium)', findingPattern(GUARDDUTY_SEVERITY.medium, GUARDDUTY_SEVERITY.high));
  }
}
