/**
 * The AWS Config managed rules that keep re-proving the platform's most important properties in the running account
 * (docs/assurance.md), as pure data: each rule's name, AWS's identifier, what it proves and for which controls (ids of
 * lib/compliance/controls.ts, checked by a test). lib/detection/config-rules.ts builds them; the gate's
 * ConfigRulesAsPlanned compares the synthesized rules with this list, and the report's "continuously verified" column
 * reads it. Identifiers and parameters from the AWS Config managed rules list (verify each against the page).
 */
import { PLATFORM_PREFIX } from '../naming';

export interface PlannedConfigRule {
  /** The rule's name in the account. */
  readonly name: string;
  /** The managed rule's identifier (`Source.SourceIdentifier`). */
  readonly identifier: string;
  /** Its input parameters, when it takes any. */
  readonly inputParameters?: Readonly<Record<string, string>>;
  /** Periodic rules only: how often AWS Config evaluates it. */
  readonly frequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
  /** What a COMPLIANT result proves, in the report's words. */
  readonly proves: string;
  /** The controls it keeps true after deploy. */
  readonly controls: readonly string[];
}

const rule = (suffix: string, identifier: string, proves: string, controls: readonly string[], extra: Partial<PlannedConfigRule> = {}): PlannedConfigRule => ({
  name: `${PLATFORM_PREFIX}-${suffix}`,
  identifier,
  proves,
  controls,
  ...extra,
});

export const CONFIG_RULES: readonly PlannedConfigRule[] = [
  rule('s3-public-access', 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'every bucket blocks public access', ['SOC2-CC6.1', 'SOC2-CC6.6']),
  rule('s3-tls-only', 'S3_BUCKET_SSL_REQUESTS_ONLY', 'every bucket refuses plain HTTP', ['DATA-2', 'HIPAA-164.312(e)(1)', 'GDPR-Art.32']),
  rule('s3-kms', 'S3_DEFAULT_ENCRYPTION_KMS', 'every bucket encrypts with KMS by default', ['DATA-1', 'HIPAA-164.312(a)(2)(iv)']),
  rule('rds-encrypted', 'RDS_STORAGE_ENCRYPTED', 'every database is encrypted at rest', ['DATA-1', 'HIPAA-164.312(a)(2)(iv)']),
  rule('rds-private', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'no database is publicly accessible', ['NET-2', 'SOC2-CC6.6']),
  rule('dynamodb-kms', 'DYNAMODB_TABLE_ENCRYPTED_KMS', 'every table is encrypted with KMS', ['DATA-1']),
  rule('dynamodb-pitr', 'DYNAMODB_PITR_ENABLED', 'every table keeps point-in-time recovery', ['GDPR-Art.32']),
  rule('ec2-imdsv2', 'EC2_IMDSV2_CHECK', 'every instance requires IMDSv2', ['SOC2-CC6.1']),
  rule('no-ssh', 'INCOMING_SSH_DISABLED', 'no security group admits SSH from anywhere', ['NET-2']),
  rule('restricted-ports', 'RESTRICTED_INCOMING_TRAFFIC', 'no security group admits common administration and database ports from anywhere', ['NET-2', 'SOC2-CC6.6']),
  rule('default-sg-closed', 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'every default security group admits nothing (remediated automatically)', ['NET-2', 'NET-3']),
  rule('vpc-flow-logs', 'VPC_FLOW_LOGS_ENABLED', 'every VPC records flow logs', ['SOC2-CC7.2', 'HIPAA-164.312(b)'], { frequency: 'TwentyFour_Hours' }),
  rule('kms-rotation', 'CMK_BACKING_KEY_ROTATION_ENABLED', 'every customer-managed key rotates', ['DATA-1'], { frequency: 'TwentyFour_Hours' }),
  rule('log-groups-encrypted', 'CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'every log group is encrypted with a customer-managed key', ['DATA-1'], { frequency: 'TwentyFour_Hours' }),
  rule('trail-multi-region', 'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'a multi-region trail records every management event', ['DATA-3', 'SOC2-CC7.2', 'HIPAA-164.312(b)'], { frequency: 'TwentyFour_Hours' }),
  rule('trail-validation', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', 'the trail signs its log files', ['DATA-3', 'HIPAA-164.312(c)(1)'], { frequency: 'TwentyFour_Hours' }),
  rule('guardduty', 'GUARDDUTY_ENABLED_CENTRALIZED', 'GuardDuty is enabled in the account and region', ['RUN-1', 'SOC2-CC7.2'], { frequency: 'TwentyFour_Hours' }),
];

/** The one rule whose non-compliance is remediated automatically: stripping a default security group's rules is safe. */
export const REMEDIATED_RULE = {
  rule: `${PLATFORM_PREFIX}-default-sg-closed`,
  /** AWS's own Systems Manager automation runbook for it. */
  document: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
  maximumAttempts: 3,
  retrySeconds: 60,
} as const;
