import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HARDENED_BUCKET } from './bucket-defaults';
import { acknowledge } from '../acknowledgements/acknowledge';

export interface AccessLogBucketProps {
  /** Days access logs are kept. */
  readonly retentionDays: number;
}

/**
 * A bucket that receives S3 server access logs. S3 can deliver them only to an SSE-S3 (AES-256) bucket, and not to
 * an Object Lock bucket; otherwise it is hardened like the buckets it serves: no public access, TLS 1.2, versioning,
 * ACLs disabled, logs expire, retained on stack delete.
 */
export class AccessLogBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...HARDENED_BUCKET,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const key of ['accessLogBucketNoSelfLogging', 'accessLogBucketSseS3', 'noCrossRegionReplication', 'noBucketEventNotifications', 'objectLockOnlyOnAuditLogs'] as const) {
      acknowledge(this, key);
    }
  }
}
