import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { ERASURE_KEY_PREFIX, ERASURE_REQUEST_ID, ErasureStatus, GDPR_LEDGER_KEYS, GdprRefusal } from '../../contracts/gdpr';

/** A refused GDPR request: the reason is logged, the caller gets the status alone (contracts/gdpr.ts). */
export class GdprRequestRefused extends Error {
  constructor(public readonly reason: GdprRefusal, options?: ErrorOptions) {
    super(`GDPR request refused: ${reason}`, options);
    this.name = 'GdprRequestRefused';
  }
}

/** An erasure request as the ledger holds it. Times are Unix seconds. */
export interface ErasureRequest {
  readonly tenantId: string;
  readonly requestId: string;
  readonly status: ErasureStatus;
  readonly requestedBy: string;
  readonly requestedAt: number;
  /** The last second at which a confirmation is accepted. */
  readonly confirmBy: number;
  readonly confirmedBy?: string;
  readonly confirmedAt?: number;
}

export interface ErasureLedgerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  /** The tenants this control plane serves; any other id is UNKNOWN_TENANT before anything is read or written. */
  readonly tenantIds: readonly string[];
  readonly windowHours: number;
  /** @default Date.now() in seconds */
  readonly now?: () => number;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

const K = GDPR_LEDGER_KEYS;

/**
 * The right to erasure's two-person rule, as a ledger: an admin records a request; a different admin confirms it
 * within the window; each step is one conditional write, so a confirmation by the requester, after the window, or of
 * an already confirmed request changes nothing, and of two concurrent confirmations exactly one wins. Nothing is ever
 * deleted: the confirmed item is the durable record the offboarding deploy is checked against (docs/data-protection.md).
 */
export function createErasureLedger(options: ErasureLedgerOptions) {
  const { dynamodb, tableName } = options;
  const tenants = new Set(options.tenantIds);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const newId = options.newId ?? randomUUID;
  const knownTenant = (tenantId: string) => {
    if (!tenants.has(tenantId)) throw new GdprRequestRefused('UNKNOWN_TENANT');
  };
  const key = (tenantId: string, requestId: string) => ({ [K.partition]: { S: tenantId }, [K.sort]: { S: `${ERASURE_KEY_PREFIX}${requestId}` } });

  async function read(tenantId: string, requestId: string): Promise<ErasureRequest | undefined> {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: key(tenantId, requestId), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      tenantId,
      requestId,
      status: Item.status.S as ErasureStatus,
      requestedBy: Item.requestedBy.S ?? '',
      requestedAt: Number(Item.requestedAt.N),
      confirmBy: Number(Item.confirmBy.N),
      ...(Item.confirmedBy ? { confirmedBy: Item.confirmedBy.S, confirmedAt: Number(Item.confirmedAt?.N) } : {}),
    };
  }

  return {
    /** Records a request by `admin` for `tenantId`, pending a second admin's confirmation. */
    async request(tenantId: string, admin: string): Promise<ErasureRequest> {
      knownTenant(tenantId);
      const requestedAt = now();
      const request: ErasureRequest = { tenantId, requestId: newId(), status: 'PENDING_CONFIRMATION', requestedBy: admin, requestedAt, confirmBy: requestedAt + options.windowHours * 3600 };
      await dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(tenantId, request.requestId),
            status: { S: request.status },
            requestedBy: { S: admin },
            requestedAt: { N: String(requestedAt) },
            confirmBy: { N: String(request.confirmBy) },
          },
          ConditionExpression: 'attribute_not_exists(#sk)',
          ExpressionAttributeNames: { '#sk': K.sort },
        }),
      );
      return request;
    },

    /** Confirms request `requestId` of `tenantId` as `admin`: a different admin, within the window, once. */
    async confirm(tenantId: string, requestId: string, admin: string): Promise<ErasureRequest> {
      knownTenant(tenantId);
      if (!ERASURE_REQUEST_ID.test(requestId)) throw new GdprRequestRefused('MALFORMED_REQUEST_ID');
      const confirmedAt = now();
      try {
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(tenantId, requestId),
            UpdateExpression: 'SET #status = :confirmed, confirmedBy = :admin, confirmedAt = :now',
            ConditionExpression: 'attribute_exists(#sk) AND #status = :pending AND requestedBy <> :admin AND confirmBy >= :now',
            ExpressionAttributeNames: { '#sk': K.sort, '#status': 'status' },
            ExpressionAttributeValues: {
              ':confirmed': { S: 'CONFIRMED' },
              ':pending': { S: 'PENDING_CONFIRMATION' },
              ':admin': { S: admin },
              ':now': { N: String(confirmedAt) },
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // The write changed nothing; the item as it is now says which rule the confirmation broke.
        const existing = await read(tenantId, requestId);
        if (!existing) throw new GdprRequestRefused('UNKNOWN_REQUEST', { cause: error });
        if (existing.status === 'CONFIRMED') throw new GdprRequestRefused('ALREADY_CONFIRMED', { cause: error });
        if (existing.requestedBy === admin) throw new GdprRequestRefused('SAME_ADMIN', { cause: error });
        throw new GdprRequestRefused('WINDOW_EXPIRED', { cause: error });
      }
      return { ...(await read(tenantId, requestId))! };
    },

    read,
  };
}

export type ErasureLedger = ReturnType<typeof createErasureLedger>;
