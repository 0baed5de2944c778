import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { SidecarConfig } from '../config/platform-config';
import { AccessLogBucket } from '../data/access-log-bucket';
import { enableBucketAbac } from '../data/bucket-abac';
import { HARDENED_BUCKET } from '../data/bucket-defaults';
import { PlatformKey } from '../kms/platform-key';
import { KEY_ALIASES } from '../naming';
import { protect } from '../core/protect';
import { SIDECAR_PARAMETERS } from '../../contracts/ssm-parameters';

export interface SidecarReleaseStoreProps {
  readonly sidecar: SidecarConfig;
}

/**
 * The metering sidecar's release store (seed 001: "metering sidecar binaries" are protected resources): a bucket under
 * a key of its own, versioned, with Object Lock in compliance mode (a release version can be neither overwritten nor
 * deleted before its retention ends, by anyone), its access-log bucket, both with ABAC on and the protection tag, so
 * only the deploy roles may change their configuration; and one SSM parameter per release holding the SHA-256 the runtime hosts require, tagged as
 * protected too. The parameters' values come from the configuration, so a hash changes only through a reviewed deploy.
 */
export class SidecarReleaseStore extends Construct {
  public readonly key: PlatformKey;
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: AccessLogBucket;
  /** The expected SHA-256 of each release, by version. */
  public readonly releaseHashes: ReadonlyMap<string, ssm.StringParameter>;

  constructor(scope: Construct, id: string, props: SidecarReleaseStoreProps) {
    super(scope, id);
    const { sidecar } = props;
    this.key = new PlatformKey(this, 'ReleaseKey', { alias: KEY_ALIASES.sidecarReleases, description: 'Sidecar releases: encrypts the metering sidecar binaries', logGroupNamePrefixes: [] });
    this.accessLogBucket = new AccessLogBucket(this, 'ReleaseAccessLogs', { retentionDays: 365 });
    this.bucket = new s3.Bucket(this, 'ReleaseBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key.key,
      bucketKeyEnabled: true,
      ...HARDENED_BUCKET,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(sidecar.retentionDays)),
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'releases/',
      lifecycleRules: [{ id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, 'sidecarReleaseBucket');

    const parameter = (cid: string, name: string, value: string, description: string) =>
      new ssm.StringParameter(this, cid, { parameterName: name, stringValue: value, description, tier: ssm.ParameterTier.STANDARD });
    parameter('ReleaseBucketName', SIDECAR_PARAMETERS.releaseBucket, this.bucket.bucketName, 'The metering sidecar release bucket');
    parameter('ReleaseKeyArn', SIDECAR_PARAMETERS.releaseKeyArn, this.key.key.keyArn, 'The key the metering sidecar releases are encrypted under');
    this.releaseHashes = new Map(
      sidecar.releases.map((r) => [r.version, parameter(`ReleaseSha256-${r.version}`, SIDECAR_PARAMETERS.releaseSha256(r.version), r.sha256, `Expected SHA-256 of metering sidecar ${r.version}`)]),
    );
    enableBucketAbac(this);
    protect(this);
  }
}
