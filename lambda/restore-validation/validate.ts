/**
 * Restore-test validation: is the resource AWS Backup restored from this tenant's recovery points what the platform
 * plans (available, encrypted under the tenant's key, private, in the tenant's isolated data subnets; a bucket under the
 * tenant key with public access blocked)? Pure over
 * injected describe calls, so it is tested without AWS.
 */

/** The part of DescribeRestoreJob the validation reads. */
export interface RestoreJob {
  readonly RestoreJobId?: string;
  readonly Status?: string;
  readonly StatusMessage?: string;
  readonly ResourceType?: string;
  readonly CreatedResourceArn?: string;
  readonly CreatedBy?: { readonly RestoreTestingPlanArn?: string };
}

/** What a restored copy must be. */
export interface RestoreExpectations {
  /** This tenant's restore testing plan: jobs of any other plan are not ours to judge. */
  readonly planArn: string;
  /** The tenant key's ARN. */
  readonly keyArn: string;
  /** The tenant database's subnet group (the isolated data subnets). */
  readonly subnetGroupName: string;
}

export interface Describers {
  describeDbInstance(identifier: string): Promise<{ DBInstanceStatus?: string; StorageEncrypted?: boolean; KmsKeyId?: string; PubliclyAccessible?: boolean; DBSubnetGroup?: { DBSubnetGroupName?: string } } | undefined>;
  describeTable(name: string): Promise<{ TableStatus?: string; SSEDescription?: { Status?: string; SSEType?: string; KMSMasterKeyArn?: string } } | undefined>;
  /** A restored bucket's default encryption and public access block (GetBucketEncryption, GetPublicAccessBlock); undefined when the bucket does not exist. */
  describeBucket(name: string): Promise<RestoredBucket | undefined>;
}

/** The parts of GetBucketEncryption and GetPublicAccessBlock the validation reads (undefined: not configured). */
export interface RestoredBucket {
  readonly encryptionRules?: ReadonlyArray<{ readonly ApplyServerSideEncryptionByDefault?: { readonly SSEAlgorithm?: string; readonly KMSMasterKeyID?: string } }>;
  readonly publicAccessBlock?: { readonly BlockPublicAcls?: boolean; readonly IgnorePublicAcls?: boolean; readonly BlockPublicPolicy?: boolean; readonly RestrictPublicBuckets?: boolean };
}

/** S3 reports the key as it was given, as an ARN or as the bare key id (which names a key of the bucket's own account). */
const keyId = (keyArn: string) => keyArn.slice(keyArn.indexOf(':key/') + ':key/'.length);

const PUBLIC_ACCESS_BLOCKS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** A restored bucket's problems: every default-encryption rule SSE-KMS under the tenant key, all four public access blocks on. */
function bucketProblems(arn: string, bucket: RestoredBucket | undefined, keyArn: string): string[] {
  if (!bucket) return [`restored bucket ${arn} not found`];
  const rules = bucket.encryptionRules ?? [];
  const defaults = rules.map((r) => r.ApplyServerSideEncryptionByDefault ?? {});
  const keys = [...new Set(defaults.map((d) => d.KMSMasterKeyID))];
  const sseKms = defaults.length > 0 && defaults.every((d) => d.SSEAlgorithm === 'aws:kms');
  return [
    !sseKms && `default encryption ${defaults.map((d) => d.SSEAlgorithm).join(',') || 'none'} is not SSE-KMS`,
    sseKms && keys.some((k) => k !== keyArn && k !== keyId(keyArn)) && `key ${keys.join(',')} is not the tenant key`,
    ...PUBLIC_ACCESS_BLOCKS.map((b) => bucket.publicAccessBlock?.[b] !== true && `public access not blocked (${b})`),
  ].filter((p): p is string => typeof p === 'string');
}

/** What to do with a restore job. */
export type Verdict =
  | { readonly kind: 'ignore'; readonly reason: string }
  | { readonly kind: 'restore-failed'; readonly status: string; readonly message: string }
  | { readonly kind: 'validated'; readonly status: 'SUCCESSFUL' | 'FAILED'; readonly message: string };

const lastSegment = (arn: string, separator: string) => arn.slice(arn.lastIndexOf(separator) + 1);

/** The problems of a restored copy, empty when it is as planned. */
export async function restoredCopyProblems(job: RestoreJob, expect: RestoreExpectations, describe: Describers): Promise<string[]> {
  const arn = job.CreatedResourceArn ?? '';
  if (job.ResourceType === 'RDS') {
    const db = await describe.describeDbInstance(lastSegment(arn, ':'));
    if (!db) return [`restored instance ${arn} not found`];
    return [
      db.DBInstanceStatus !== 'available' && `status ${db.DBInstanceStatus}`,
      db.StorageEncrypted !== true && 'storage not encrypted',
      db.KmsKeyId !== expect.keyArn && `key ${db.KmsKeyId} is not the tenant key`,
      db.PubliclyAccessible !== false && 'publicly accessible',
      db.DBSubnetGroup?.DBSubnetGroupName?.toLowerCase() !== expect.subnetGroupName.toLowerCase() && `subnet group ${db.DBSubnetGroup?.DBSubnetGroupName} is not the data subnets'`,
    ].filter((p): p is string => typeof p === 'string');
  }
  if (job.ResourceType === 'DynamoDB') {
    const table = await describe.describeTable(lastSegment(arn, '/'));
    if (!table) return [`restored table ${arn} not found`];
    const sse = table.SSEDescription ?? {};
    return [
      table.TableStatus !== 'ACTIVE' && `status ${table.TableStatus}`,
      (sse.Status !== 'ENABLED' || sse.SSEType !== 'KMS') && 'not encrypted with a customer-managed key',
      sse.KMSMasterKeyArn !== expect.keyArn && `key ${sse.KMSMasterKeyArn} is not the tenant key`,
    ].filter((p): p is string => typeof p === 'string');
  }
  if (job.ResourceType === 'S3') {
    return bucketProblems(arn, await describe.describeBucket(lastSegment(arn, ':')), expect.keyArn);
  }
  return [`resource type ${job.ResourceType} is not planned for restore testing`];
}

/** The verdict on one restore job of the account. */
export async function judgeRestoreJob(job: RestoreJob, expect: RestoreExpectations, describe: Describers): Promise<Verdict> {
  if (job.CreatedBy?.RestoreTestingPlanArn !== expect.planArn) {
    return { kind: 'ignore', reason: 'not a job of this tenant\'s restore testing plan' };
  }
  if (job.Status === 'FAILED' || job.Status === 'ABORTED') {
    return { kind: 'restore-failed', status: job.Status, message: job.StatusMessage ?? '' };
  }
  if (job.Status !== 'COMPLETED') {
    return { kind: 'ignore', reason: `status ${job.Status}` };
  }
  const problems = await restoredCopyProblems(job, expect, describe);
  return problems.length === 0
    ? { kind: 'validated', status: 'SUCCESSFUL', message: `${job.ResourceType} restored, available, private, under the tenant key` }
    : { kind: 'validated', status: 'FAILED', message: problems.join('; ').slice(0, 1000) };
}
