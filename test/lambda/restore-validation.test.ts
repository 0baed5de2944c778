/**
 * Restore-test validation: a restored copy is judged against the plan (available, private, in the data subnets, under
 * the tenant key) with faithful fakes of the describe calls, and the handler reports the verdict to AWS Backup and
 * alerts only on a failed validation. Jobs of other plans are left alone.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketEncryptionCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { createHandler, describeBucket } from '../../lambda/restore-validation/handler';
import { Describers, judgeRestoreJob, RestoreJob } from '../../lambda/restore-validation/validate';
import { RESTORE_TESTING_EVENTS } from '../../contracts/restore-testing';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1111-tenant';
const PLAN = 'arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:tenant_baseline_acme-abc';
const EXPECT = { planArn: PLAN, keyArn: KEY, subnetGroupName: 'tenant-acme-databasesubnetgroup-xyz', tenantId: 'acme' };
const RDS_COPY = 'arn:aws:rds:eu-west-1:111122223333:db:awsbackup-restore-test-1a2b';
const TABLE_COPY = 'arn:aws:dynamodb:eu-west-1:111122223333:table/awsbackup-restore-test-3c4d';
const GOOD_DB = { DBInstanceStatus: 'available', StorageEncrypted: true, KmsKeyId: KEY, PubliclyAccessible: false, DBSubnetGroup: { DBSubnetGroupName: 'Tenant-acme-DatabaseSubnetGroup-XYZ' } };
const GOOD_TABLE = { TableStatus: 'ACTIVE', SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY } };
const BUCKET_COPY = 'arn:aws:s3:::awsbackup-restore-test-5e6f';
const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const GOOD_BUCKET = { encryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } }], publicAccessBlock: ALL_BLOCKED };

/** `null` stands for "not found" (a default parameter would replace undefined). */
function describers(db: object | null = GOOD_DB, table: object | null = GOOD_TABLE, bucket: object | null = GOOD_BUCKET) {
  const asked: string[] = [];
  const d: Describers = {
    describeDbInstance: async (id) => (asked.push(`db:${id}`), (db ?? undefined) as never),
    describeTable: async (name) => (asked.push(`table:${name}`), (table ?? undefined) as never),
    describeBucket: async (name) => (asked.push(`bucket:${name}`), (bucket ?? undefined) as never),
  };
  return { d, asked };
}
const job = (o: Partial<RestoreJob> = {}): RestoreJob => ({ RestoreJobId: 'job-1', Status: 'COMPLETED', ResourceType: 'RDS', CreatedResourceArn: RDS_COPY, CreatedBy: { RestoreTestingPlanArn: PLAN }, ...o });

describe('judging a restored copy', () => {
  test('GIVEN a restored instance as planned THEN SUCCESSFUL, after describing exactly that copy', async () => {
    const { d, asked } = describers();
    await expect(judgeRestoreJob(job(), EXPECT, d)).resolves.toEqual({ kind: 'validated', status: 'SUCCESSFUL', message: 'RDS restored, available, private, under the tenant key' });
    expect(asked).toEqual(['db:awsbackup-restore-test-1a2b']);
  });

  test('GIVEN a restored instance under another key, public, outside the data subnets, not available THEN FAILED naming each', async () => {
    const { d } = describers({ DBInstanceStatus: 'incompatible-network', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/other', PubliclyAccessible: true, DBSubnetGroup: { DBSubnetGroupName: 'default' } });
    await expect(judgeRestoreJob(job(), EXPECT, d)).resolves.toEqual({
      kind: 'validated',
      status: 'FAILED',
      message: "status incompatible-network; key arn:aws:kms:eu-west-1:111122223333:key/other is not the tenant key; publicly accessible; subnet group default is not the data subnets'",
    });
  });

  test('GIVEN a restored table under the tenant key THEN SUCCESSFUL; under an AWS-owned key THEN FAILED', async () => {
    await expect(judgeRestoreJob(job({ ResourceType: 'DynamoDB', CreatedResourceArn: TABLE_COPY }), EXPECT, describers().d)).resolves.toMatchObject({ status: 'SUCCESSFUL' });
    const owned = describers(GOOD_DB, { TableStatus: 'ACTIVE', SSEDescription: undefined }).d;
    await expect(judgeRestoreJob(job({ ResourceType: 'DynamoDB', CreatedResourceArn: TABLE_COPY }), EXPECT, owned)).resolves.toEqual({
      kind: 'validated', status: 'FAILED', message: 'not encrypted with a customer-managed key; key undefined is not the tenant key',
    });
  });

  test('GIVEN a restored bucket under the tenant key (as ARN or key id) with public access blocked THEN SUCCESSFUL, after describing exactly that bucket', async () => {
    const bucketJob = job({ ResourceType: 'S3', CreatedResourceArn: BUCKET_COPY });
    const { d, asked } = describers();
    await expect(judgeRestoreJob(bucketJob, EXPECT, d)).resolves.toEqual({ kind: 'validated', status: 'SUCCESSFUL', message: 'S3 restored, available, private, under the tenant key' });
    expect(asked).toEqual(['bucket:awsbackup-restore-test-5e6f']);
    const byId = describers(GOOD_DB, GOOD_TABLE, { ...GOOD_BUCKET, encryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: '1111-tenant' } }] }).d;
    await expect(judgeRestoreJob(bucketJob, EXPECT, byId)).resolves.toMatchObject({ status: 'SUCCESSFUL' });
  });

  test('GIVEN a restored bucket under SSE-S3, another key, or with a public access block off or absent THEN FAILED naming each', async () => {
    const bucketJob = job({ ResourceType: 'S3', CreatedResourceArn: BUCKET_COPY });
    const judge = (bucket: object | null) => judgeRestoreJob(bucketJob, EXPECT, describers(GOOD_DB, GOOD_TABLE, bucket).d);
    await expect(judge({ ...GOOD_BUCKET, encryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] })).resolves.toEqual({ kind: 'validated', status: 'FAILED', message: 'default encryption AES256 is not SSE-KMS' });
    await expect(judge({ ...GOOD_BUCKET, encryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/other' } }] })).resolves.toMatchObject({ status: 'FAILED', message: 'key arn:aws:kms:eu-west-1:111122223333:key/other is not the tenant key' });
    await expect(judge({ ...GOOD_BUCKET, encryptionRules: undefined })).resolves.toMatchObject({ status: 'FAILED', message: 'default encryption none is not SSE-KMS' });
    await expect(judge({ ...GOOD_BUCKET, publicAccessBlock: { ...ALL_BLOCKED, RestrictPublicBuckets: false } })).resolves.toMatchObject({ status: 'FAILED', message: 'public access not blocked (RestrictPublicBuckets)' });
    await expect(judge({ ...GOOD_BUCKET, publicAccessBlock: undefined })).resolves.toMatchObject({
      status: 'FAILED', message: 'public access not blocked (BlockPublicAcls); public access not blocked (IgnorePublicAcls); public access not blocked (BlockPublicPolicy); public access not blocked (RestrictPublicBuckets)',
    });
    await expect(judge(null)).resolves.toMatchObject({ status: 'FAILED', message: `restored bucket ${BUCKET_COPY} not found` });
  });

  test('GIVEN a copy that cannot be found, or a resource type nobody planned THEN FAILED', async () => {
    await expect(judgeRestoreJob(job(), EXPECT, describers(null).d)).resolves.toMatchObject({ status: 'FAILED', message: `restored instance ${RDS_COPY} not found` });
    await expect(judgeRestoreJob(job({ ResourceType: 'EBS' }), EXPECT, describers().d)).resolves.toMatchObject({ status: 'FAILED', message: 'resource type EBS is not planned for restore testing' });
  });

  test('GIVEN a job of another plan, a manual restore, or one still running THEN it is ignored without describing anything', async () => {
    const { d, asked } = describers();
    await expect(judgeRestoreJob(job({ CreatedBy: { RestoreTestingPlanArn: PLAN.replace('acme', 'globex') } }), EXPECT, d)).resolves.toMatchObject({ kind: 'ignore' });
    await expect(judgeRestoreJob(job({ CreatedBy: undefined }), EXPECT, d)).resolves.toMatchObject({ kind: 'ignore' });
    await expect(judgeRestoreJob(job({ Status: 'RUNNING' }), EXPECT, d)).resolves.toMatchObject({ kind: 'ignore' });
    expect(asked).toEqual([]);
  });

  test('GIVEN a failed or aborted restore of this plan THEN restore-failed, nothing described', async () => {
    const { d, asked } = describers();
    await expect(judgeRestoreJob(job({ Status: 'FAILED', StatusMessage: 'subnet group not found' }), EXPECT, d)).resolves.toEqual({ kind: 'restore-failed', status: 'FAILED', message: 'subnet group not found' });
    expect(asked).toEqual([]);
  });
});

describe("reading a restored bucket through the S3 API (a fake that answers as S3 does, errors by name)", () => {
  const s3Error = (name: string) => Object.assign(new Error(name), { name });
  function s3(answers: { encryption?: unknown; block?: unknown }) {
    const asked: string[] = [];
    const send = async (c: GetBucketEncryptionCommand | GetPublicAccessBlockCommand) => {
      asked.push(`${c.constructor.name}:${c.input.Bucket}`);
      const a = c instanceof GetBucketEncryptionCommand ? answers.encryption : answers.block;
      if (a instanceof Error) throw a;
      return a;
    };
    return { client: { send } as never, asked };
  }

  test('GIVEN a configured bucket THEN its rules and block are read from both calls, for that bucket', async () => {
    const { client, asked } = s3({ encryption: { ServerSideEncryptionConfiguration: { Rules: GOOD_BUCKET.encryptionRules } }, block: { PublicAccessBlockConfiguration: ALL_BLOCKED } });
    await expect(describeBucket(client, 'awsbackup-restore-test-5e6f')).resolves.toEqual(GOOD_BUCKET);
    expect(asked).toEqual(['GetBucketEncryptionCommand:awsbackup-restore-test-5e6f', 'GetPublicAccessBlockCommand:awsbackup-restore-test-5e6f']);
  });

  test('GIVEN no encryption or no block configured THEN that part is absent (and judged a failure); a missing bucket THEN not found; any other error THEN thrown', async () => {
    const unconfigured = s3({ encryption: s3Error('ServerSideEncryptionConfigurationNotFoundError'), block: s3Error('NoSuchPublicAccessBlockConfiguration') });
    await expect(describeBucket(unconfigured.client, 'b')).resolves.toEqual({ encryptionRules: undefined, publicAccessBlock: undefined });
    await expect(describeBucket(s3({ encryption: s3Error('NoSuchBucket'), block: s3Error('NoSuchBucket') }).client, 'b')).resolves.toBeUndefined();
    await expect(describeBucket(s3({ encryption: s3Error('AccessDenied'), block: {} }).client, 'b')).rejects.toThrow('AccessDenied');
  });
});

describe('the handler', () => {
  function run(restoreJob: RestoreJob, d = describers().d) {
    const reported: unknown[] = [];
    const sent: PutEventsCommand[] = [];
    const backup = { describeRestoreJob: async () => restoreJob, putRestoreValidationResult: async (...args: unknown[]) => reported.push(args) };
    const handler = createHandler(backup, d, { send: async (c: unknown) => sent.push(c as PutEventsCommand) } as never, EXPECT, new Logger({ logLevel: 'SILENT' }));
    return { result: handler({ detail: { restoreJobId: 'job-1' } }), reported, sent };
  }

  test('GIVEN a good copy THEN SUCCESSFUL is reported to AWS Backup and no alert is put', async () => {
    const { result, reported, sent } = run(job());
    await result;
    expect(reported).toEqual([['job-1', 'SUCCESSFUL', 'RDS restored, available, private, under the tenant key']]);
    expect(sent).toEqual([]);
  });

  test('GIVEN a copy not as planned THEN FAILED is reported and one Restore Validation Failed event is put for the account baseline to route', async () => {
    const { result, reported, sent } = run(job(), describers({ ...GOOD_DB, PubliclyAccessible: true }).d);
    await result;
    expect(reported).toEqual([['job-1', 'FAILED', 'publicly accessible']]);
    expect(sent.map((c) => c.input.Entries)).toEqual([[{ Source: RESTORE_TESTING_EVENTS.source, DetailType: RESTORE_TESTING_EVENTS.validationFailed, Detail: JSON.stringify({ tenantId: 'acme', restoreJobId: 'job-1', resourceType: 'RDS', message: 'publicly accessible' }) }]]);
  });

  test("GIVEN another plan's job or a failed restore THEN nothing is reported and no event is put (AWS Backup's own failure event is routed by the account baseline)", async () => {
    for (const j of [job({ CreatedBy: { RestoreTestingPlanArn: 'arn:other' } }), job({ Status: 'ABORTED' })]) {
      const { result, reported, sent } = run(j);
      await result;
      expect([reported, sent]).toEqual([[], []]);
    }
  });
});
