import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { partitionOf } from '../../contracts/platform';
import { ERASURE_REQUEST_ID, EXPORT_KEY_PREFIX, EXPORT_QUEUE_SECONDS, EXPORT_RUN_SECONDS, ExportState, exportFunctionName, GDPR_LEDGER_KEYS, TenantExportEvent, TenantExportLink } from '../../contracts/gdpr';
import { GdprRequestRefused } from './erasure';

/** An export request as the ledger holds it. Times are Unix seconds. */
export interface ExportRequest {
  readonly tenantId: string;
  readonly exportId: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
}

/** What `GET /tenants/{tenantId}/exports/{exportId}` answers. */
export interface ExportStatus extends Omit<ExportRequest, 'requestedAt'> {
  readonly state: ExportState;
  readonly requestedAt: string;
  readonly download?: { readonly url: string; readonly expiresAt: string; readonly bytes: number; readonly sha256: string };
}

/**
 * Calls a tenant's export function, by its name (exportFunctionName): `start` without waiting (the export runs up to
 * EXPORT_RUN_SECONDS), `link` waiting for the answer.
 */
export interface TenantExports {
  readonly start: (tenantId: string, event: TenantExportEvent & { action: 'export' }) => Promise<void>;
  readonly link: (tenantId: string, event: TenantExportEvent & { action: 'link' }) => Promise<TenantExportLink>;
}

/**
 * TenantExports through Lambda's Invoke API. A function error is an error here (the caller answers 503). A tenant in
 * another account is called by the full ARN of its export function (`crossAccount`, tenant id to ARN); any other by
 * name, in this account.
 */
export function lambdaTenantExports(lambda: LambdaClient, crossAccount: ReadonlyMap<string, string> = new Map()): TenantExports {
  const invoke = async (tenantId: string, event: TenantExportEvent, type: 'Event' | 'RequestResponse') => {
    const target = crossAccount.get(tenantId) ?? exportFunctionName(tenantId);
    const result = await lambda.send(new InvokeCommand({ FunctionName: target, InvocationType: type, Payload: Buffer.from(JSON.stringify(event)) }));
    if (result.FunctionError) throw new Error(`export function of tenant ${tenantId} failed (${result.FunctionError})`);
    return result;
  };
  return {
    start: async (tenantId, event) => {
      await invoke(tenantId, event, 'Event');
    },
    link: async (tenantId, event) => JSON.parse(Buffer.from((await invoke(tenantId, event, 'RequestResponse')).Payload ?? []).toString()) as TenantExportLink,
  };
}

export interface ExportLedgerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  /** The tenants this control plane serves; any other id is UNKNOWN_TENANT before anything is read or written. */
  readonly tenantIds: readonly string[];
  /** Days an export's archive is kept (controlPlane.exportRetentionDays): after that, a missing archive is EXPIRED. */
  readonly retentionDays: number;
  readonly exports: TenantExports;
  /** @default Date.now() in seconds */
  readonly now?: () => number;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

/**
 * The right of access, the control plane's part: each request is recorded in the GDPR ledger (`export#<id>` in the
 * tenant's partition, never changed or deleted by the function) and handed to that tenant's export function, which
 * alone can read the tenant's data. The state is asked of the tenant's function and read against the request's age:
 * an archive that never appeared within the run window has FAILED, one older than the retention has EXPIRED.
 */
export function createExportLedger(options: ExportLedgerOptions) {
  const { dynamodb, tableName, exports } = options;
  const tenants = new Set(options.tenantIds);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const newId = options.newId ?? randomUUID;
  const K = GDPR_LEDGER_KEYS;
  const key = (tenantId: string, exportId: string) => ({ [K.partition]: { S: tenantId }, [K.sort]: { S: `${EXPORT_KEY_PREFIX}${exportId}` } });
  const knownTenant = (tenantId: string) => {
    if (!tenants.has(tenantId)) throw new GdprRequestRefused('UNKNOWN_TENANT');
  };

  return {
    /** Records an export of `tenantId` requested by `admin` and starts it. */
    async request(tenantId: string, admin: string): Promise<ExportRequest> {
      knownTenant(tenantId);
      const request: ExportRequest = { tenantId, exportId: newId(), requestedBy: admin, requestedAt: now() };
      await dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key(tenantId, request.exportId), status: { S: 'REQUESTED' }, requestedBy: { S: admin }, requestedAt: { N: String(request.requestedAt) } },
          ConditionExpression: 'attribute_not_exists(#sk)',
          ExpressionAttributeNames: { '#sk': K.sort },
        }),
      );
      await exports.start(tenantId, { action: 'export', exportId: request.exportId, requestedBy: admin });
      return request;
    },

    /** The state of export `exportId` of `tenantId`, with a fresh short-lived link when it is READY. */
    async status(tenantId: string, exportId: string): Promise<ExportStatus> {
      knownTenant(tenantId);
      if (!ERASURE_REQUEST_ID.test(exportId)) throw new GdprRequestRefused('MALFORMED_REQUEST_ID');
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: key(tenantId, exportId), ConsistentRead: true }));
      if (!Item) throw new GdprRequestRefused('UNKNOWN_REQUEST');
      const requestedAt = Number(Item.requestedAt.N);
      const base = { tenantId, exportId, requestedBy: Item.requestedBy.S ?? '', requestedAt: new Date(requestedAt * 1000).toISOString() };
      const link = await exports.link(tenantId, { action: 'link', exportId });
      if (link.state === 'READY') return { ...base, state: 'READY', download: { url: link.url, expiresAt: link.expiresAt, bytes: link.bytes, sha256: link.sha256 } };
      if (link.state === 'FAILED') return { ...base, state: 'FAILED' };
      const age = now() - requestedAt;
      const state: ExportState = age <= EXPORT_QUEUE_SECONDS + EXPORT_RUN_SECONDS ? 'RUNNING' : age > options.retentionDays * 86_400 ? 'EXPIRED' : 'FAILED';
      return { ...base, state };
    },
  };
}

export type ExportLedger = ReturnType<typeof createExportLedger>;

/**
 * The export function ARNs of tenants in other accounts, from TENANT_EXPORT_ACCOUNTS (`<account>=<i>.<i>,...`, each `i`
 * a position in `tenantIds`) and the function's own region: anything malformed is a configuration error.
 */
export function tenantExportArns(value: string | undefined, tenantIds: readonly string[], region: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of (value ?? '').split(',').filter((e) => e !== '')) {
    const [account, positions, extra] = entry.split('=');
    const ids = (positions ?? '').split('.').map((p) => (/^\d+$/.test(p) ? tenantIds[Number(p)] : undefined));
    if (!/^\d{12}$/.test(account ?? '') || extra !== undefined || ids.length === 0 || ids.some((id) => id === undefined)) {
      throw new Error(`environment: 'TENANT_EXPORT_ACCOUNTS' must be <12-digit account>=<positions in TENANT_IDS joined by .> entries, got ${JSON.stringify(entry)}`);
    }
    for (const id of ids as string[]) {
      map.set(id, `arn:${partitionOf(region)}:lambda:${region}:${account}:function:${exportFunctionName(id)}`);
    }
  }
  return map;
}
