/**
 * The right to erasure's two-person rule, on dynalite (a real DynamoDB implementation) on loopback: a request recorded
 * by one admin, confirmed by a different admin within the window, exactly once; every refusal named, audited, and
 * leaving the ledger as it was.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LedgerTable, startLedgerTable } from '../helpers/gdpr-ledger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ERASURE_WINDOW_HOURS, GDPR_LEDGER_KEYS } from '../../contracts/gdpr';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { createErasureLedger } from '../../lambda/gdpr-requests/erasure';
import { createHandler, GDPR_ROUTES } from '../../lambda/gdpr-requests/handler';
import { createExportLedger } from '../../lambda/gdpr-requests/exports';

const TABLE = 'gdpr-ledger';
const HOUR = 3600;

let ledgerTable: LedgerTable;
let ddb: DynamoDBClient;
let clock = 1_800_000_000;

beforeAll(async () => {
  ledgerTable = await startLedgerTable(TABLE);
  ddb = ledgerTable.ddb;
});
afterAll(() => ledgerTable.stop());

const ledger = () => createErasureLedger({ dynamodb: ddb, tableName: TABLE, tenantIds: ['acme', 'globex'], windowHours: ERASURE_WINDOW_HOURS.default, now: () => clock });
/** The export routes are tested in gdpr-exports.test.ts; here no tenant export function may be called. */
const unusedExports = () => {
  const refuse = async (): Promise<never> => {
    throw new Error('an erasure called a tenant export function');
  };
  return createExportLedger({ dynamodb: ddb, tableName: TABLE, tenantIds: ['acme', 'globex'], retentionDays: 3, exports: { start: refuse, link: refuse } });
};
const ledgerItems = async () => (await ddb.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items ?? [];

interface Harness { handle: ReturnType<typeof createHandler>; logs: Array<Record<string, unknown>>; alerts: Array<{ subject: string; message: Record<string, unknown> }> }
function harness(notifyFails = false): Harness {
  const logs: Array<Record<string, unknown>> = [];
  const alerts: Harness['alerts'] = [];
  const line = (level: string) => (message: string, attrs: Record<string, unknown> = {}) => logs.push({ level, message, ...attrs });
  const logger = { info: line('info'), warn: line('warn'), error: line('error') } as never;
  const notify = async (subject: string, message: Record<string, unknown>) => {
    if (notifyFails) throw new Error('topic unavailable');
    alerts.push({ subject, message });
  };
  return { handle: createHandler({ ledger: ledger(), exports: unusedExports(), notify, logger }), logs, alerts };
}

function event(route: string, tenantId: string, principalId: string, roles = 'admin', requestId?: string): APIGatewayProxyEvent {
  const [httpMethod, resource] = route.split(' ');
  return {
    httpMethod,
    resource,
    pathParameters: { tenantId, ...(requestId !== undefined ? { requestId } : {}) },
    requestContext: { authorizer: { principalId, roles }, identity: { sourceIp: '192.0.2.1' } },
  } as unknown as APIGatewayProxyEvent;
}
const requestErasure = (h: Harness, tenantId: string, who: string, roles?: string) => h.handle(event(GDPR_ROUTES.requestErasure, tenantId, who, roles));
const confirm = (h: Harness, tenantId: string, requestId: string, who: string, roles?: string) => h.handle(event(GDPR_ROUTES.confirmErasure, tenantId, who, roles, requestId));

describe('GDPR erasure: the two-person rule (dynalite on loopback)', () => {
  test('GIVEN admin alice requests and admin bob confirms within the window THEN the ledger holds the confirmed request and both steps are alerted', async () => {
    const h = harness();
    const requested = await requestErasure(h, 'acme', 'alice');
    expect(requested.statusCode).toBe(201);
    const { requestId, status, confirmBy } = JSON.parse(requested.body);
    expect(status).toBe('PENDING_CONFIRMATION');
    expect(confirmBy).toBe(new Date((clock + ERASURE_WINDOW_HOURS.default * HOUR) * 1000).toISOString());
    clock += 23 * HOUR;
    const confirmed = await confirm(h, 'acme', requestId, 'bob');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.headers).toMatchObject(SECURITY_HEADERS);
    expect(JSON.parse(confirmed.body)).toMatchObject({ requestId, tenantId: 'acme', status: 'CONFIRMED', requestedBy: 'alice', confirmedBy: 'bob' });
    expect(h.alerts.map((a) => a.subject)).toEqual(['GDPR erasure requested: tenant acme', 'GDPR erasure confirmed: tenant acme']);
    expect(h.alerts[1].message.next).toContain(`"erasureRequestId": "${requestId}"`);
    expect(h.logs.filter((l) => l.message === 'gdpr audit').map((l) => [l.principal, l.outcome])).toEqual([['alice', 'PENDING_CONFIRMATION'], ['bob', 'CONFIRMED']]);
    // The durable record: the ledger's item, with both admins and both times.
    const item = (await ledgerItems()).find((i) => i[GDPR_LEDGER_KEYS.sort].S === `erasure#${requestId}`);
    expect(item).toMatchObject({ status: { S: 'CONFIRMED' }, requestedBy: { S: 'alice' }, confirmedBy: { S: 'bob' }, confirmedAt: { N: String(clock) } });
  });

  test('GIVEN the requester confirms his own request THEN SAME_ADMIN, 403, nothing changes', async () => {
    const h = harness();
    const { requestId } = JSON.parse((await requestErasure(h, 'acme', 'alice')).body);
    const before = await ledgerItems();
    const refused = await confirm(h, 'acme', requestId, 'alice');
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ message: 'Forbidden' });
    expect(h.logs.at(-1)).toMatchObject({ level: 'warn', outcome: 'refused', reason: 'SAME_ADMIN', principal: 'alice', tenantId: 'acme' });
    expect(await ledgerItems()).toEqual(before);
    expect(h.alerts).toHaveLength(1);
  });

  test('GIVEN a confirmation one second after the window THEN WINDOW_EXPIRED, 409, the request stays unconfirmed', async () => {
    const h = harness();
    const { requestId } = JSON.parse((await requestErasure(h, 'globex', 'alice')).body);
    clock += ERASURE_WINDOW_HOURS.default * HOUR + 1;
    expect((await confirm(h, 'globex', requestId, 'bob')).statusCode).toBe(409);
    expect(h.logs.at(-1)).toMatchObject({ reason: 'WINDOW_EXPIRED' });
    expect(await ledger().read('globex', requestId)).toMatchObject({ status: 'PENDING_CONFIRMATION' });
    expect(await ledger().read('globex', requestId)).not.toHaveProperty('confirmedBy');
  });

  test('GIVEN a confirmed request THEN a second confirmation (by anyone) is ALREADY_CONFIRMED, 409, and the first confirmer stays', async () => {
    const h = harness();
    const { requestId } = JSON.parse((await requestErasure(h, 'acme', 'alice')).body);
    expect((await confirm(h, 'acme', requestId, 'bob')).statusCode).toBe(200);
    expect((await confirm(h, 'acme', requestId, 'carol')).statusCode).toBe(409);
    expect(h.logs.at(-1)).toMatchObject({ reason: 'ALREADY_CONFIRMED', principal: 'carol' });
    expect(await ledger().read('acme', requestId)).toMatchObject({ confirmedBy: 'bob' });
  });

  test('GIVEN ten admins confirming the same request at once THEN exactly one confirmation wins', async () => {
    const h = harness();
    const { requestId } = JSON.parse((await requestErasure(h, 'acme', 'alice')).body);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => confirm(h, 'acme', requestId, `admin-${i}`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    const winner = JSON.parse(results.find((r) => r.statusCode === 200)!.body).confirmedBy;
    expect(await ledger().read('acme', requestId)).toMatchObject({ status: 'CONFIRMED', confirmedBy: winner });
  });

  test.each([
    ['an unknown tenant', () => event(GDPR_ROUTES.requestErasure, 'initech', 'alice'), 404, 'UNKNOWN_TENANT'],
    ['a viewer', () => event(GDPR_ROUTES.requestErasure, 'acme', 'vic', 'viewer'), 403, 'NOT_ADMIN'],
    ['a deployer and ops', () => event(GDPR_ROUTES.requestErasure, 'acme', 'dee', 'deployer,ops'), 403, 'NOT_ADMIN'],
    ['no authorizer context', () => ({ ...event(GDPR_ROUTES.requestErasure, 'acme', ''), requestContext: {} }) as unknown as APIGatewayProxyEvent, 403, 'NOT_ADMIN'],
    ['a confirmation by a viewer', () => event(GDPR_ROUTES.confirmErasure, 'acme', 'vic', 'viewer', '6f1c1f9e-8a51-4f7a-9a43-0a6cb1f7c0de'), 403, 'NOT_ADMIN'],
    ['a confirmation for an unknown tenant', () => event(GDPR_ROUTES.confirmErasure, 'initech', 'bob', 'admin', '6f1c1f9e-8a51-4f7a-9a43-0a6cb1f7c0de'), 404, 'UNKNOWN_TENANT'],
    ['a confirmation of a request that does not exist', () => event(GDPR_ROUTES.confirmErasure, 'acme', 'bob', 'admin', '6f1c1f9e-8a51-4f7a-9a43-0a6cb1f7c0de'), 404, 'UNKNOWN_REQUEST'],
    ['a confirmation with a malformed request id', () => event(GDPR_ROUTES.confirmErasure, 'acme', 'bob', 'admin', 'erasure#x'), 400, 'MALFORMED_REQUEST_ID'],
  ])('GIVEN %s THEN refused with its reason code and its status alone, nothing written, nothing alerted', async (_, make, status, reason) => {
    const h = harness();
    const before = await ledgerItems();
    const answer = await h.handle(make());
    expect(answer.statusCode).toBe(status);
    expect(Object.keys(JSON.parse(answer.body))).toEqual(['message']);
    expect(answer.body).not.toContain(reason);
    expect(h.logs).toEqual([expect.objectContaining({ message: 'gdpr audit', outcome: 'refused', reason })]);
    expect(await ledgerItems()).toEqual(before);
    expect(h.alerts).toEqual([]);
  });

  test("GIVEN acme's request THEN it cannot be confirmed through globex's path (UNKNOWN_REQUEST), nor read as globex's", async () => {
    const h = harness();
    const { requestId } = JSON.parse((await requestErasure(h, 'acme', 'alice')).body);
    expect((await confirm(h, 'globex', requestId, 'bob')).statusCode).toBe(404);
    expect(h.logs.at(-1)).toMatchObject({ reason: 'UNKNOWN_REQUEST' });
    expect(await ledger().read('globex', requestId)).toBeUndefined();
    expect(await ledger().read('acme', requestId)).toMatchObject({ status: 'PENDING_CONFIRMATION' });
  });

  test('GIVEN the alert topic fails THEN the confirmation still stands and the failure is logged as NOTIFY_FAILED', async () => {
    const h = harness(true);
    const { requestId } = JSON.parse((await requestErasure(h, 'acme', 'alice')).body);
    expect((await confirm(h, 'acme', requestId, 'bob')).statusCode).toBe(200);
    expect(h.logs.filter((l) => l.reason === 'NOTIFY_FAILED')).toHaveLength(2);
    expect(await ledger().read('acme', requestId)).toMatchObject({ status: 'CONFIRMED' });
  });

  test('GIVEN the ledger is unreachable THEN 503 and the failure is audited', async () => {
    const broken = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' }, maxAttempts: 1 });
    const logs: Array<Record<string, unknown>> = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (m: string, a: Record<string, unknown>) => logs.push({ m, ...a }) } as never;
    const handle = createHandler({ ledger: createErasureLedger({ dynamodb: broken, tableName: TABLE, tenantIds: ['acme'], windowHours: 24 }), exports: unusedExports(), notify: async () => undefined, logger });
    expect((await handle(event(GDPR_ROUTES.requestErasure, 'acme', 'alice'))).statusCode).toBe(503);
    expect(logs[0]).toMatchObject({ outcome: 'failed', tenantId: 'acme' });
    broken.destroy();
  });
});
