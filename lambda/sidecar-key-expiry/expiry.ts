import { AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DAY_SECONDS, sidecarKeyExpiry } from '../../contracts/heartbeat-format';

/** One registry key as the expiry check reads it. */
export interface RegistryKey {
  readonly sidecarId: string;
  readonly tenantId: string;
  readonly status: string;
  readonly notAfter?: number;
  readonly registeredAt?: number;
  /** The sidecar id registered to replace this one (`scripts/sidecar-keys.mjs rotate`). */
  readonly successor?: string;
}

/** A key that needs a rotation: it expires within the warning window and no active successor is registered. */
export interface ExpiringKey {
  readonly sidecarId: string;
  readonly tenantId: string;
  /** Unix seconds; 0 when the key has no `notAfter` (the ingest already refuses it). */
  readonly expiresAt: number;
  /** Whole days left, negative once expired. */
  readonly daysLeft: number;
}

/**
 * The active keys that expire within `warningDays` of `nowSeconds` (or have already expired, or carry no `notAfter`)
 * and have no active successor: the ones someone must rotate. A key whose successor is registered and active is left
 * to expire: the overlap is the rotation working. Sorted by expiry, soonest first.
 */
export function expiringKeys(keys: readonly RegistryKey[], nowSeconds: number, warningDays: number, maxValiditySeconds: number): ExpiringKey[] {
  const active = new Map(keys.filter((k) => k.status === 'active').map((k) => [k.sidecarId, k]));
  const horizon = nowSeconds + warningDays * DAY_SECONDS;
  return [...active.values()]
    .map((k) => ({ key: k, expiresAt: sidecarKeyExpiry(k, maxValiditySeconds) }))
    .filter(({ key, expiresAt }) => expiresAt <= horizon && !(key.successor !== undefined && active.has(key.successor) && sidecarKeyExpiry(active.get(key.successor)!, maxValiditySeconds) > horizon))
    .map(({ key, expiresAt }) => ({ sidecarId: key.sidecarId, tenantId: key.tenantId, expiresAt, daysLeft: Math.floor((expiresAt - nowSeconds) / DAY_SECONDS) }))
    .sort((a, b) => a.expiresAt - b.expiresAt);
}

const number = (v?: AttributeValue) => (v?.N === undefined ? undefined : Number(v.N));

/** Every key of the registry (a paginated, projected Scan: the registry holds one small item per sidecar). */
export async function readRegistry(dynamodb: DynamoDBClient, tableName: string): Promise<RegistryKey[]> {
  const keys: RegistryKey[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: 'sidecarId, tenantId, #s, notAfter, registeredAt, successor',
        ExpressionAttributeNames: { '#s': 'status' },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      keys.push({
        sidecarId: item.sidecarId?.S ?? '',
        tenantId: item.tenantId?.S ?? '',
        status: item.status?.S ?? '',
        notAfter: number(item.notAfter),
        registeredAt: number(item.registeredAt),
        ...(item.successor?.S ? { successor: item.successor.S } : {}),
      });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}
