import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HARDENED_BUCKET } from './bucket-defaults';
import { acknowledge } from '../acknowledgements/acknowledge';
import { AccessLogBucket } from './access-log-bucket';
import { integerRangeProblem, throwIfProblems } from '../core/prop-checks';
import { DEFAULT_LOG_RETENTION_DAYS } from '../config/platform-config';

export interface PlatformBucketProps {
  /** The tenant's customer-managed key: every object is encrypted under it (SSE-KMS, bucket keys on). */
  readonly encryptionKey: kms.IKey;
  /** A fixed name, for a bucket another region's stack names (the delivery pipeline's replication store). @default - generated */
  readonly bucketName?: string;
  /**
   * Days a noncurrent object version is kept before it expires (1..3650).
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days server access logs are kept (1..3650).
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Objects under this prefix are transient records and expire this many days after their creation (1..3650; S3
   * deletes them at the next midnight UTC after that). @default - no transient prefix
   */
  readonly transientObjects?: { readonly prefix: string; readonly expirationDays: number; /** @default TRANSIENT_OBJECTS_RULE_ID */ readonly ruleId?: string };
  /**
   * What happens to the buckets when they leave the stack. Keep them by default: object storage is tenant data.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const RETENTION_DAYS_MAX = 3650;
/** The lifecycle rule that expires transient objects (its id is what the gate's RetentionAsPlanned looks for). */
export const TRANSIENT_OBJECTS_RULE_ID = 'ExpireTransientRecords';

/**
 * A tenant's object storage: SSE-KMS under the tenant key with bucket keys, Block Public Access (all four settings),
 * a bucket policy that denies plain HTTP and TLS below 1.2, versioning with an expiry for noncurrent versions, object
 * ownership enforced (ACLs disabled), and server access logs to a separate tenant log bucket.
 *
 * The log bucket uses SSE-S3 because S3 server access logging cannot deliver to an SSE-KMS bucket; it holds request
 * metadata only, expires it, and is otherwise hardened the same way.
 */
export class PlatformBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: AccessLogBucket;

  constructor(scope: Construct, id: string, props: PlatformBucketProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 90;
    const logDays = props.accessLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    throwIfProblems(this.node.path, 'PlatformBucket', [
      ...integerRangeProblem('noncurrentVersionRetentionDays', noncurrentDays, 1, RETENTION_DAYS_MAX),
      ...integerRangeProblem('accessLogRetentionDays', logDays, 1, RETENTION_DAYS_MAX),
      ...(props.transientObjects ? integerRangeProblem('transientObjects.expirationDays', props.transientObjects.expirationDays, 1, RETENTION_DAYS_MAX) : []),
    ]);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', { retentionDays: logDays });

    this.bucket = new s3.Bucket(this, 'Resource', {
      ...(props.bucketName !== undefined ? { bucketName: props.bucketName } : {}),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      ...HARDENED_BUCKET,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(noncurrentDays), abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ...(props.transientObjects
          ? [{ id: props.transientObjects.ruleId ?? TRANSIENT_OBJECTS_RULE_ID, prefix: props.transientObjects.prefix, expiration: Duration.days(props.transientObjects.expirationDays), noncurrentVersionExpiration: Duration.days(1) }]
          : []),
      ],
      removalPolicy,
    });
    for (const key of ['noCrossRegionReplication', 'noBucketEventNotifications', 'objectLockOnlyOnAuditLogs'] as const) {
      acknowledge(this.bucket, key);
    }
  }
}
