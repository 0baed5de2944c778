import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HARDENED_BUCKET } from '../data/bucket-defaults';
import { acknowledge } from '../acknowledgements/acknowledge';
import { AccessLogBucket } from '../data/access-log-bucket';
import { PlatformKey } from '../kms/platform-key';
import { AUDIT_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS } from '../config/platform-config';
import { AUDIT_KEY_ALIAS, PLATFORM_PREFIX } from '../naming';
import { integerRangeProblem, throwIfProblems } from '../core/prop-checks';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

export const AUDIT_LOG_GROUP_PREFIX = `/${PLATFORM_PREFIX}/audit/`;
export const AUDIT_LOG_GROUP_NAME = `${AUDIT_LOG_GROUP_PREFIX}cloudtrail`;
export const TRAIL_NAME = `${PLATFORM_PREFIX}-audit`;

export interface AuditTrailProps {
  /** Days every log file is locked in compliance mode (nobody, root included, can delete or shorten it). */
  readonly retentionDays: number;
  /** @default 365 days (DEFAULT_LOG_RETENTION_DAYS) */
  readonly logGroupRetention?: logs.RetentionDays;
  /**
   * Whether to create the trail (and its log group). An account has one multi-region trail, in the home region's
   * baseline; an additional region's baseline keeps the key and the Object Lock bucket (AWS Config's delivery, in its
   * own region) without a trail of its own (lib/config/regional-view.ts).
   * @default true
   */
  readonly trail?: boolean;
}

/**
 * A tamper-evident audit trail: a multi-region CloudTrail with log-file validation (digest files let anyone prove a
 * log file was not changed or deleted), encrypted with a customer-managed key, delivered to a bucket with S3 Object
 * Lock in compliance mode (chosen at bucket creation; write once, read many), versioning, TLS-only and no public
 * access; server access logs go to a separate bucket, because an Object Lock bucket cannot receive them. Also delivered
 * to an encrypted CloudWatch log group, where the account's metric filters and alarms read it.
 */
export class AuditTrail extends Construct {
  public readonly platformKey: PlatformKey;
  public readonly key: kms.Key;
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: AccessLogBucket;
  /** The trail's log group (the CIS alarms read it); none without a trail. */
  public readonly logGroup?: logs.LogGroup;
  /** The account's multi-region trail; none in an additional region's baseline. */
  public readonly trail?: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    throwIfProblems(this.node.path, 'AuditTrail', integerRangeProblem('retentionDays', props.retentionDays, AUDIT_RETENTION_DAYS.min, AUDIT_RETENTION_DAYS.max));
    const stack = Stack.of(this);
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: TRAIL_NAME, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

    this.platformKey = new PlatformKey(this, 'Key', {
      alias: AUDIT_KEY_ALIAS,
      description: 'Audit trail: encrypts CloudTrail log files and the audit log group',
      logGroupNamePrefixes: [AUDIT_LOG_GROUP_PREFIX],
    });
    this.key = this.platformKey.key;
    const withTrail = props.trail ?? true;
    if (withTrail) {
      this.allowCloudTrailToUseKey(trailArn);
    }

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', { retentionDays: Math.max(365, props.retentionDays) });
    this.bucket = this.createBucket(props.retentionDays);
    if (!withTrail) {
      return;
    }
    this.denyOtherTrails(trailArn);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: AUDIT_LOG_GROUP_NAME,
      encryptionKey: this.key,
      retention: props.logGroupRetention ?? DEFAULT_LOG_RETENTION_DAYS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();

    this.trail = new cloudtrail.Trail(this, 'Resource', {
      trailName: TRAIL_NAME,
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    this.acknowledgeLogsDeliveryPolicy();
  }

  /** Key policy: CloudTrail may encrypt with the key and describe it, for this trail only. */
  private allowCloudTrailToUseKey(trailArn: string): void {
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncryptThisTrail',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': stack.formatArn({ service: 'cloudtrail', region: '*', resource: 'trail', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToDescribeKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
  }

  /** The log file bucket: KMS-encrypted, Object Lock in compliance mode, server access logs to the access log bucket. */
  private createBucket(retentionDays: number): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      ...HARDENED_BUCKET,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'audit/',
      // Locked versions cannot be removed before their retention ends; this only clears failed uploads, which are not
      // audit records and would otherwise be stored (and paid for) forever.
      lifecycleRules: [{ id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const key of ['noCrossRegionReplication', 'noBucketEventNotifications'] as const) {
      acknowledge(bucket, key);
    }
    return bucket;
  }

  /**
   * The trail L2's bucket statements admit CloudTrail without naming the trail; this deny closes the bucket to any
   * other account's trail (confused deputy).
   */
  private denyOtherTrails(trailArn: string): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOtherTrails',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject', 's3:GetBucketAcl'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
  }

  /** The trail creates the role CloudTrail delivers to CloudWatch Logs with; its policy is an acknowledged finding. */
  private acknowledgeLogsDeliveryPolicy(): void {
    const logsRole = this.trail?.node.tryFindChild('LogsRole');
    const logsPolicy = logsRole?.node.tryFindChild('DefaultPolicy');
    if (!logsPolicy) {
      throw new Error(`${this.node.path}: expected the trail to create its CloudWatch Logs delivery role`);
    }
    acknowledge(logsPolicy, 'cloudTrailLogsDeliveryPolicy');
  }
}
