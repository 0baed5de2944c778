import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { TENANT_EXPORT_ENV } from '../../contracts/environment';
import { ERASURE_REQUEST_ID, exportObjectKeys, TenantExportEvent, TenantExportLink } from '../../contracts/gdpr';
import { requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import { exportTenant, ExportManifest, TenantStores } from './archive';
import { exportLink } from './link';

/** The most characters of the requester's subject an export records. */
const MAX_SUBJECT_LENGTH = 256;

/** An event this function does not accept: a deployment or caller error, named by field. */
export class TenantExportEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantExportEventError';
  }
}

/** The event, checked field by field: the caller is the control plane, but a wrong event must not write anything. */
export function parseEvent(event: unknown): TenantExportEvent {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (typeof e.exportId !== 'string' || !ERASURE_REQUEST_ID.test(e.exportId)) {
    throw new TenantExportEventError(`event.exportId must be a lower-case v4 UUID, got ${JSON.stringify(e.exportId)?.slice(0, 64)}`);
  }
  if (e.action === 'link') return { action: 'link', exportId: e.exportId };
  if (e.action !== 'export') throw new TenantExportEventError(`event.action must be "export" or "link", got ${JSON.stringify(e.action)?.slice(0, 64)}`);
  if (typeof e.requestedBy !== 'string' || e.requestedBy === '' || e.requestedBy.length > MAX_SUBJECT_LENGTH) {
    throw new TenantExportEventError(`event.requestedBy must be the requesting admin's subject (1..${MAX_SUBJECT_LENGTH} characters)`);
  }
  return { action: 'export', exportId: e.exportId, requestedBy: e.requestedBy };
}

export interface TenantExportDependencies {
  readonly stores: TenantStores;
  readonly logger: Logger;
}

/**
 * A tenant's export function (GDPR Art. 15): invoked by the control plane only. `export` (asynchronous) builds the
 * archive of the tenant's table and bucket in the tenant's export bucket; `link` answers with the export's state
 * and, once it is complete, a pre-signed link to its archive. A failed export leaves `failed.json` (a reason code,
 * nothing else) so its state is FAILED rather than forever RUNNING, and the error is rethrown for the function's
 * error metric.
 */
export function createHandler(deps: TenantExportDependencies) {
  const { stores, logger } = deps;
  return async (raw: unknown): Promise<TenantExportLink | { state: 'READY'; entries: number }> => {
    const event = parseEvent(raw);
    if (event.action === 'link') {
      const link = await exportLink({ s3: stores.s3, tenantId: stores.tenantId, exportBucket: stores.exportBucket, ...(stores.now ? { now: stores.now } : {}) }, event.exportId);
      logger.info('export link', { tenantId: stores.tenantId, exportId: event.exportId, state: link.state });
      return link;
    }
    const existing = await exportLink({ s3: stores.s3, tenantId: stores.tenantId, exportBucket: stores.exportBucket }, event.exportId);
    if (existing.state !== 'NOT_FOUND') {
      logger.warn('export already built; not built again', { tenantId: stores.tenantId, exportId: event.exportId, state: existing.state });
      return existing;
    }
    let manifest: ExportManifest;
    try {
      manifest = await exportTenant(stores, event.exportId, event.requestedBy);
    } catch (error) {
      logger.error('export failed', { tenantId: stores.tenantId, exportId: event.exportId, reason: 'EXPORT_FAILED', error: error instanceof Error ? error.name : typeof error });
      await stores.s3.send(
        new PutObjectCommand({ Bucket: stores.exportBucket, Key: exportObjectKeys(event.exportId).failure, Body: JSON.stringify({ reason: 'EXPORT_FAILED' }), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: stores.keyArn }),
      );
      throw error;
    }
    logger.info('export built', { tenantId: stores.tenantId, exportId: event.exportId, tableItems: manifest.tableItems, objects: manifest.objects, bytes: manifest.archive?.bytes });
    return { state: 'READY', entries: manifest.entries.length };
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = (event: unknown) => {
  const env = TENANT_EXPORT_ENV;
  instance ??= createHandler({
    stores: {
      dynamodb: new DynamoDBClient({}),
      s3: new S3Client({}),
      tenantId: requiredEnv(env.tenantId),
      tableName: requiredEnv(env.tableName),
      dataBucket: requiredEnv(env.dataBucket),
      exportBucket: requiredEnv(env.exportBucket),
      keyArn: requiredEnv(env.keyArn),
    },
    logger: createLogger('tenant-export'),
  });
  return instance(event);
};
