/**
 * The right of access end to end on loopback: the control plane's GDPR handler (ledger on dynalite) calls tenants'
 * export functions through the real Lambda client against a local Invoke API, which runs the real tenant export
 * handlers over dynalite and s3rver. An admin's request is recorded, announced and started asynchronously on exactly
 * that tenant's function; its status gives a link to an archive of that tenant only; every refusal leaves the ledger
 * as it was and invokes nothing.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CreateTableCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { EXPORT_RUN_SECONDS, exportFunctionName } from '../../contracts/gdpr';
import { createErasureLedger } from '../../lambda/gdpr-requests/erasure';
import { createExportLedger, lambdaTenantExports } from '../../lambda/gdpr-requests/exports';
import { createHandler, GDPR_ROUTES } from '../../lambda/gdpr-requests/handler';
import { createHandler as createTenantExport } from '../../lambda/tenant-export/handler';
import { LedgerTable, startLedgerTable } from '../helpers/gdpr-ledger';
import { S3Server, startS3Server } from '../helpers/s3-server';

const LEDGER = 'gdpr-ledger';
const TENANTS = ['acme', 'globex'];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

let ledgerTable: LedgerTable;
let s3server: S3Server;
let invokeApi: Server;
let lambda: LambdaClient;
let clock = 1_800_000_000;
/** Every invocation the Invoke API received: function name and type. Event invocations run after the answer. */
const invocations: Array<{ functionName: string; type: string }> = [];
const running: Array<Promise<unknown>> = [];
let holdEvents = false;
let failFunctions = false;

/** Lambda's Invoke API (POST /2015-03-31/functions/{name}/invocations) for the tenants' export functions. */
function startInvokeApi(): Promise<Server> {
  const functions = new Map(
    TENANTS.map((tenantId) => [
      exportFunctionName(tenantId),
      createTenantExport({ stores: { dynamodb: ledgerTable.ddb, s3: s3server.s3, tenantId, tableName: `${tenantId}-table`, dataBucket: `${tenantId}-data`, exportBucket: `${tenantId}-exports`, keyArn: `arn:aws:kms:eu-west-1:111122223333:key/${tenantId}` }, logger: quiet }),
    ]),
  );
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const functionName = decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
      const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      invocations.push({ functionName, type });
      const fn = functions.get(functionName);
      if (!fn) {
        res.writeHead(404, { 'x-amzn-errortype': 'ResourceNotFoundException', 'content-type': 'application/json' }).end(JSON.stringify({ message: `Function not found: ${functionName}` }));
        return;
      }
      if (failFunctions) {
        res.writeHead(200, { 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorType: 'Error', errorMessage: 'boom' }));
        return;
      }
      if (type === 'Event') {
        res.writeHead(202).end();
        if (!holdEvents) running.push(fn(JSON.parse(body)).catch(() => undefined));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await fn(JSON.parse(body))));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  [ledgerTable, s3server] = await Promise.all([startLedgerTable(LEDGER), startS3Server()]);
  for (const tenantId of TENANTS) {
    await ledgerTable.ddb.send(new CreateTableCommand({ TableName: `${tenantId}-table`, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    await ledgerTable.ddb.send(new PutItemCommand({ TableName: `${tenantId}-table`, Item: { pk: { S: `${tenantId}-customer` } } }));
    for (const bucket of [`${tenantId}-data`, `${tenantId}-exports`]) await s3server.createBucket(bucket);
    await s3server.s3.send(new PutObjectCommand({ Bucket: `${tenantId}-data`, Key: 'invoice.pdf', Body: `${tenantId} invoice` }));
  }
  invokeApi = await startInvokeApi();
  lambda = new LambdaClient({ endpoint: `http://127.0.0.1:${(invokeApi.address() as AddressInfo).port}`, region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' }, maxAttempts: 1 });
}, 60_000);
afterAll(async () => {
  lambda?.destroy();
  await new Promise((r) => invokeApi?.close(r));
  await Promise.all([ledgerTable?.stop(), s3server?.stop()]);
});
beforeEach(() => {
  invocations.length = 0;
  holdEvents = false;
  failFunctions = false;
});

function harness() {
  const logs: Array<Record<string, unknown>> = [];
  const alerts: Array<{ subject: string; message: Record<string, unknown> }> = [];
  const line = (level: string) => (message: string, attrs: Record<string, unknown> = {}) => logs.push({ level, message, ...attrs });
  const common = { dynamodb: ledgerTable.ddb, tableName: LEDGER, tenantIds: TENANTS, now: () => clock };
  const handle = createHandler({
    ledger: createErasureLedger({ ...common, windowHours: 24 }),
    exports: createExportLedger({ ...common, retentionDays: 3, exports: lambdaTenantExports(lambda) }),
    notify: async (subject, message) => void alerts.push({ subject, message }),
    logger: { info: line('info'), warn: line('warn'), error: line('error') } as never,
  });
  return { handle, logs, alerts };
}

function event(route: string, tenantId: string, principalId: string, roles = 'admin', exportId?: string): APIGatewayProxyEvent {
  const [httpMethod, resource] = route.split(' ');
  return { httpMethod, resource, pathParameters: { tenantId, ...(exportId !== undefined ? { exportId } : {}) }, requestContext: { authorizer: { principalId, roles }, identity: { sourceIp: '192.0.2.1' } } } as unknown as APIGatewayProxyEvent;
}
const requestExport = (h: ReturnType<typeof harness>, tenantId: string, who = 'alice', roles?: string) => h.handle(event(GDPR_ROUTES.requestExport, tenantId, who, roles));
const status = (h: ReturnType<typeof harness>, tenantId: string, exportId: string, who = 'bob', roles?: string) => h.handle(event(GDPR_ROUTES.exportStatus, tenantId, who, roles, exportId));
const ledgerItems = async () => (await ledgerTable.ddb.send(new ScanCommand({ TableName: LEDGER, ConsistentRead: true }))).Items ?? [];

describe('GDPR export (Art. 15) through the control plane', () => {
  test('GIVEN an admin requests an export of acme THEN it is recorded, announced, started asynchronously on acme\'s function only, and its link downloads acme\'s data only', async () => {
    const h = harness();
    const response = await requestExport(h, 'acme');
    expect(response.statusCode).toBe(202);
    const { exportId, state } = JSON.parse(response.body);
    expect(state).toBe('RUNNING');
    expect(invocations).toEqual([{ functionName: 'tenant-baseline-acme-export', type: 'Event' }]);
    expect(await ledgerItems()).toContainEqual(expect.objectContaining({ tenantId: { S: 'acme' }, requestKey: { S: `export#${exportId}` }, requestedBy: { S: 'alice' } }));
    expect(h.alerts.map((a) => a.subject)).toEqual(['GDPR export requested: tenant acme']);
    await Promise.all(running);

    const ready = await status(h, 'acme', exportId);
    expect(ready.statusCode).toBe(200);
    const body = JSON.parse(ready.body);
    expect(body).toMatchObject({ state: 'READY', tenantId: 'acme', exportId, requestedBy: 'alice' });
    expect(new URL(body.download.url).pathname).toBe(`/acme-exports/exports/${exportId}/export.tar`);
    const archive = Buffer.from(await (await fetch(body.download.url)).arrayBuffer()).toString('latin1');
    expect(archive).toContain('acme invoice');
    expect(archive).toContain('acme-customer');
    expect(archive).not.toContain('globex');
    expect(h.logs).toContainEqual(expect.objectContaining({ message: 'gdpr audit', route: GDPR_ROUTES.exportStatus, principal: 'bob', outcome: 'READY', linkExpiresAt: body.download.expiresAt }));
  });

  test('GIVEN an export whose archive has not appeared THEN it is RUNNING within the run window, FAILED after it, EXPIRED after the retention', async () => {
    const h = harness();
    holdEvents = true; // the export function never runs
    const { exportId } = JSON.parse((await requestExport(h, 'globex')).body);
    const stateAt = async (seconds: number) => {
      clock += seconds;
      return JSON.parse((await status(h, 'globex', exportId)).body).state;
    };
    expect(await stateAt(0)).toBe('RUNNING');
    expect(await stateAt(EXPORT_RUN_SECONDS + 301)).toBe('FAILED');
    expect(await stateAt(3 * 86_400)).toBe('EXPIRED');
  });

  test('GIVEN acme\'s export id under globex\'s path THEN 404 and globex\'s function is not even asked', async () => {
    const h = harness();
    const { exportId } = JSON.parse((await requestExport(h, 'acme')).body);
    await Promise.all(running);
    invocations.length = 0;
    const response = await status(h, 'globex', exportId);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/UNKNOWN/);
    expect(invocations).toEqual([]);
    expect(h.logs).toContainEqual(expect.objectContaining({ outcome: 'refused', reason: 'UNKNOWN_REQUEST' }));
  });

  test.each([
    ['a viewer requests an export', (h: ReturnType<typeof harness>) => requestExport(h, 'acme', 'vera', 'viewer'), 403, 'NOT_ADMIN'],
    ['a viewer asks for a link (the authorizer lets viewers read tenants/*)', (h: ReturnType<typeof harness>) => status(h, 'acme', '0b9f3c1e-2d4a-4c8b-9e7f-1a2b3c4d5e6f', 'vera', 'viewer'), 403, 'NOT_ADMIN'],
    ['an export of an unknown tenant', (h: ReturnType<typeof harness>) => requestExport(h, 'initech'), 404, 'UNKNOWN_TENANT'],
    ['a malformed export id', (h: ReturnType<typeof harness>) => status(h, 'acme', '../../x'), 400, 'MALFORMED_REQUEST_ID'],
    ['an export id nobody requested', (h: ReturnType<typeof harness>) => status(h, 'acme', '0b9f3c1e-2d4a-4c8b-9e7f-1a2b3c4d5e6f'), 404, 'UNKNOWN_REQUEST'],
  ])('GIVEN %s THEN it is refused with the status alone, nothing is written or invoked', async (_name, call, code, reason) => {
    const h = harness();
    const before = await ledgerItems();
    const response = await call(h);
    expect(response.statusCode).toBe(code);
    expect(response.body).not.toContain(reason);
    expect(await ledgerItems()).toEqual(before);
    expect(invocations).toEqual([]);
    expect(h.alerts).toEqual([]);
    expect(h.logs).toContainEqual(expect.objectContaining({ message: 'gdpr audit', outcome: 'refused', reason }));
  });

  test('GIVEN the tenant\'s export function fails THEN the caller gets 503, the request stays recorded (and later reads FAILED)', async () => {
    const h = harness();
    failFunctions = true;
    const before = (await ledgerItems()).length;
    expect((await requestExport(h, 'acme')).statusCode).toBe(503);
    expect((await ledgerItems()).length).toBe(before + 1);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', outcome: 'failed' }));
  });
});
