/**
 * The four alert tiers of seed 001's incident classification, as data: each tier's topic, the SSM parameter other
 * stacks find it by, its response target and what belongs there; and the tier of every EventBridge route of the
 * platform. Alarms name their tier in lib/config/alarm-plan.ts. The topics (lib/detection/alert-topics.ts), every alarm
 * and route, the gate's rules, the runbooks and the compliance report all read this one table.
 */
import { ALERT_PARAMETERS } from '../../contracts/ssm-parameters';
import { ALERT_TOPIC_NAMES } from '../naming';

export type AlertTier = 'critical' | 'high' | 'medium' | 'low';

export const ALERT_TIER_NAMES: readonly AlertTier[] = ['critical', 'high', 'medium', 'low'];

export interface AlertTierSpec {
  readonly topicName: string;
  /** The SSM parameter holding the topic's ARN, for the stacks that are not the account baseline. */
  readonly parameterName: string;
  /** Seed 001's response target, in minutes. */
  readonly respondWithinMinutes: number;
  /** What belongs in the tier (seed 001's examples, and this platform's). */
  readonly meaning: string;
}

export const ALERT_TIERS: Readonly<Record<AlertTier, AlertTierSpec>> = {
  critical: {
    topicName: ALERT_TOPIC_NAMES.critical,
    parameterName: ALERT_PARAMETERS.criticalTopicArn,
    respondWithinMinutes: 15,
    meaning: 'data breach or unauthorized access: root use, console sign-in without MFA, GuardDuty critical findings and attack sequences, a tenant key scheduled for deletion',
  },
  high: {
    topicName: ALERT_TOPIC_NAMES.high,
    parameterName: ALERT_PARAMETERS.highTopicArn,
    respondWithinMinutes: 60,
    meaning: 'high-severity threats and tampering: GuardDuty high findings, tamper detected, a replaced sidecar release, IAM, audit-trail or VPC changes, public or external access, a network path the platform does not allow',
  },
  medium: {
    topicName: ALERT_TOPIC_NAMES.medium,
    parameterName: ALERT_PARAMETERS.mediumTopicArn,
    respondWithinMinutes: 240,
    meaning: 'unusual activity: failed-authentication, traffic and unauthenticated-heartbeat spikes, denied API calls, network changes, GuardDuty medium findings, failed restore tests, internal access',
  },
  low: {
    topicName: ALERT_TOPIC_NAMES.low,
    parameterName: ALERT_PARAMETERS.lowTopicArn,
    respondWithinMinutes: 1440,
    meaning: 'things that will break if left: expiring keys and certificates, stack drift, unused access',
  },
};

/**
 * The tier of each EventBridge route, by the route's construct id. Where a route's tier differs from what its source
 * suggests, the reason is in docs/runbooks.md ("Alert tiers").
 */
export const ROUTE_TIERS = {
  /** GuardDuty: severity >= 9 (critical), and every attack sequence whatever its severity. */
  CriticalFindings: 'critical',
  AttackSequences: 'critical',
  /** GuardDuty: 7 <= severity < 9. */
  HighFindings: 'high',
  /** GuardDuty: 4 <= severity < 7. */
  MediumFindings: 'medium',
  /** AWS Config: a platform stack drifted from its template (the network proofs and the CIS alarms catch the dangerous drifts at a higher tier). */
  DriftRoute: 'low',
  /** AWS Config managed rules: a public bucket, an unencrypted store, an open port. */
  NonComplianceRoute: 'high',
  /** IAM Access Analyzer. */
  ExternalAccessRoute: 'high',
  InternalAccessRoute: 'medium',
  UnusedAccessRoute: 'low',
  /** Network Access Analyzer: a path into a tenant the platform does not allow, or a proof that could not run. */
  NetworkProofFailures: 'high',
  /** AWS Backup: a restore job (a restore test, or a manual restore) failed; a tenant's restore validation failed. */
  RestoreJobFailed: 'medium',
  RestoreValidationFailed: 'medium',
  /** A restore validation function failed or timed out without reporting (its failure destination). */
  RestoreValidationNeverReported: 'medium',
} as const satisfies Record<string, AlertTier>;
