import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketEncryptionCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { RESTORE_TESTING_EVENTS, RESTORE_VALIDATION_ENV } from '../../contracts/restore-testing';
import { requiredEnv } from '../shared/env';
import { Describers, judgeRestoreJob, RestoreExpectations, RestoreJob, RestoredBucket } from './validate';

/** AWS Backup's two calls (through the Lambda runtime's @aws-sdk/client-backup, which this registry does not serve at the pinned SDK version). */
export interface BackupCalls {
  describeRestoreJob(restoreJobId: string): Promise<RestoreJob>;
  putRestoreValidationResult(restoreJobId: string, status: 'SUCCESSFUL' | 'FAILED', message: string): Promise<unknown>;
}

/**
 * Invoked by EventBridge for each restore job of the account that completed, failed or was aborted. Judges only jobs
 * of this tenant's restore testing plan: reports the validation to AWS Backup (which then deletes the copy), and puts
 * a `tenant-baseline.restore-testing` event for a failed validation, which the account baseline routes to the medium
 * alert topic. A failed restore is only logged here: the account baseline routes AWS Backup's own event for it, so it
 * is reported even when this function is broken.
 */
export function createHandler(backup: BackupCalls, describe: Describers, events: Pick<EventBridgeClient, 'send'>, expect: RestoreExpectations & { tenantId: string }, logger: Logger) {
  const alert = (detailType: string, detail: Record<string, unknown>) =>
    events.send(new PutEventsCommand({ Entries: [{ Source: RESTORE_TESTING_EVENTS.source, DetailType: detailType, Detail: JSON.stringify({ tenantId: expect.tenantId, ...detail }) }] }));
  return async (event: { detail?: { restoreJobId?: string } }) => {
    const restoreJobId = event.detail?.restoreJobId;
    if (!restoreJobId) return { kind: 'ignore', reason: 'no restoreJobId' };
    const job = await backup.describeRestoreJob(restoreJobId);
    const verdict = await judgeRestoreJob(job, expect, describe);
    if (verdict.kind === 'restore-failed') {
      logger.error('restore test failed', { restoreJobId, resourceType: job.ResourceType, status: verdict.status, message: verdict.message });
    } else if (verdict.kind === 'validated') {
      await backup.putRestoreValidationResult(restoreJobId, verdict.status, verdict.message);
      if (verdict.status === 'FAILED') {
        logger.error('restore validation failed', { restoreJobId, resourceType: job.ResourceType, message: verdict.message });
        await alert(RESTORE_TESTING_EVENTS.validationFailed, { restoreJobId, resourceType: job.ResourceType, message: verdict.message });
      }
    }
    return verdict;
  };
}

/** An S3 call's answer; undefined for the error that means "not configured"; `missing` when the bucket does not exist. */
async function answer<T>(call: Promise<T>, notConfigured: string): Promise<T | undefined | 'missing'> {
  try {
    return await call;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchBucket') return 'missing';
    if (name === notConfigured) return undefined;
    throw e;
  }
}

/** A restored bucket's default encryption and public access block through the S3 API; undefined when it does not exist. */
export async function describeBucket(s3: Pick<S3Client, 'send'>, bucket: string): Promise<RestoredBucket | undefined> {
  const encryption = await answer(s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })), 'ServerSideEncryptionConfigurationNotFoundError');
  const block = await answer(s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })), 'NoSuchPublicAccessBlockConfiguration');
  if (encryption === 'missing' || block === 'missing') return undefined;
  return { encryptionRules: encryption?.ServerSideEncryptionConfiguration?.Rules, publicAccessBlock: block?.PublicAccessBlockConfiguration };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = async (event: { detail?: { restoreJobId?: string } }) => {
  if (!instance) {
    // The Lambda runtime ships @aws-sdk/client-backup; the bundle leaves every @aws-sdk module to it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } = require('@aws-sdk/client-backup');
    const client = new BackupClient({});
    const rds = new RDSClient({});
    const dynamodb = new DynamoDBClient({});
    const s3 = new S3Client({});
    instance = createHandler(
      {
        describeRestoreJob: (id) => client.send(new DescribeRestoreJobCommand({ RestoreJobId: id })),
        putRestoreValidationResult: (id, status, message) => client.send(new PutRestoreValidationResultCommand({ RestoreJobId: id, ValidationStatus: status, ValidationStatusMessage: message })),
      },
      {
        describeDbInstance: async (id) => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0],
        describeTable: async (name) => (await dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table,
        describeBucket: (name) => describeBucket(s3, name),
      },
      new EventBridgeClient({}),
      {
        tenantId: requiredEnv(RESTORE_VALIDATION_ENV.tenantId),
        planArn: requiredEnv(RESTORE_VALIDATION_ENV.planArn),
        keyArn: requiredEnv(RESTORE_VALIDATION_ENV.keyArn),
        subnetGroupName: requiredEnv(RESTORE_VALIDATION_ENV.subnetGroupName),
      },
      new Logger({ serviceName: 'restore-validation' }),
    );
  }
  return instance(event);
};
