/**
 * The hand-off from a confirmed GDPR erasure request to the offboarding deploy, judged: every offboarding tenant that
 * names an erasure request (`tenants[].erasureRequestId`) must name one the control plane's ledger holds as CONFIRMED,
 * for that tenant, by an admin other than the requester. Used by scripts/erasure-check.ts before (or after) the
 * offboarding deploy; the ledger's shape is contracts/gdpr.ts.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ERASURE_KEY_PREFIX, GDPR_LEDGER_KEYS } from '../../contracts/gdpr';
import { TenantConfig } from '../../lib/config/platform-config';

/** The ledger's record of a request, as far as the check needs it; undefined when there is none. */
export interface LedgerRecord {
  readonly status: string;
  readonly requestedBy: string;
  readonly confirmedBy?: string;
}

export type ReadRequest = (tenantId: string, requestId: string) => Promise<LedgerRecord | undefined>;

export interface HandOffVerdict {
  readonly tenantId: string;
  readonly requestId?: string;
  readonly verdict: 'confirmed' | 'no-request-named' | 'not-in-ledger' | 'not-confirmed' | 'same-admin';
}

/** A verdict per offboarding tenant; `confirmed` and `no-request-named` (an offboarding not from a GDPR request) pass. */
export async function judgeHandOff(tenants: readonly Pick<TenantConfig, 'id' | 'state' | 'erasureRequestId'>[], read: ReadRequest): Promise<HandOffVerdict[]> {
  const verdicts: HandOffVerdict[] = [];
  for (const t of tenants.filter((x) => x.state === 'offboarding')) {
    if (t.erasureRequestId === undefined) {
      verdicts.push({ tenantId: t.id, verdict: 'no-request-named' });
      continue;
    }
    const record = await read(t.id, t.erasureRequestId);
    const verdict = !record ? 'not-in-ledger' : record.status !== 'CONFIRMED' || !record.confirmedBy ? 'not-confirmed' : record.confirmedBy === record.requestedBy ? 'same-admin' : 'confirmed';
    verdicts.push({ tenantId: t.id, requestId: t.erasureRequestId, verdict });
  }
  return verdicts;
}

export const PASSING: ReadonlySet<HandOffVerdict['verdict']> = new Set(['confirmed', 'no-request-named']);

/** Reads a request from the ledger table (consistent read). */
export function ledgerReader(dynamodb: DynamoDBClient, tableName: string): ReadRequest {
  return async (tenantId, requestId) => {
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: tableName, ConsistentRead: true, Key: { [GDPR_LEDGER_KEYS.partition]: { S: tenantId }, [GDPR_LEDGER_KEYS.sort]: { S: `${ERASURE_KEY_PREFIX}${requestId}` } } }),
    );
    return Item ? { status: Item.status?.S ?? '', requestedBy: Item.requestedBy?.S ?? '', ...(Item.confirmedBy?.S ? { confirmedBy: Item.confirmedBy.S } : {}) } : undefined;
  };
}
