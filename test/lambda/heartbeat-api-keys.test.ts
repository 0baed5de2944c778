/**
 * Issue 19, item 1: a heartbeat is accepted only with an API key of the tenant it claims. API Gateway has already
 * checked the key (it exists, is enabled, is in a usage plan of the stage) and passes its id in the request context;
 * the ingest checks that id against the key ids the claimed tenant's stack published in SSM. A stolen key of tenant A
 * cannot act for B: refused (403, API_KEY_WRONG_TENANT), counted in ApiKeyTenantMismatch, nothing written (dynalite).
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from '../../lambda/heartbeat-ingest/handler';
import { createApiKeyOwners, MAX_CACHED_TENANTS } from '../../lambda/heartbeat-ingest/api-key-owners';
import { createIngest } from '../../lambda/heartbeat-ingest/ingest';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { TENANT_API_KEY_PARAMETERS } from '../../contracts/ssm-parameters';
import { emittingMetrics } from '../helpers/emf';
import { signHeartbeat } from '../helpers/heartbeat';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite');
const TABLE = 'sidecar-registry';
const VALID_UNTIL = Math.floor(Date.now() / 1000) + 86_400;
const ns = PLATFORM_METRICS.tamperDetected.namespace;
const MISMATCH = `${ns}/${PLATFORM_METRICS.apiKeyTenantMismatch.name}`;
const UNAUTHENTICATED = `${ns}/${PLATFORM_METRICS.unauthenticatedHeartbeat.name}`;

/** The key ids each tenant's stack publishes (`TENANT_API_KEY_PARAMETERS`): acme mid-rotation (two keys), globex one. */
const PUBLISHED: Record<string, string> = {
  [TENANT_API_KEY_PARAMETERS.keyId('acme', 'k2026a')]: 'acmekey0001',
  [TENANT_API_KEY_PARAMETERS.keyId('acme', 'k2026b')]: 'acmekey0002',
  [TENANT_API_KEY_PARAMETERS.keyId('globex', 'initial')]: 'globexkey01',
};

/** A faithful in-process SSM for GetParametersByPath (non-recursive, one parameter per page to exercise paging). */
function fakeSsm(parameters: Record<string, string> = PUBLISHED) {
  const send = jest.fn(async (command: GetParametersByPathCommand) => {
    const { Path, NextToken } = command.input;
    const names = Object.keys(parameters)
      .filter((n) => n.startsWith(`${Path}/`) && !n.slice(Path!.length + 1).includes('/'))
      .sort();
    const start = NextToken ? Number(NextToken) : 0;
    const page = names.slice(start, start + 1);
    return { Parameters: page.map((Name) => ({ Name, Value: parameters[Name] })), NextToken: start + 1 < names.length ? String(start + 1) : undefined };
  });
  return { send } as unknown as Pick<SSMClient, 'send'> & { send: typeof send };
}

let server: Server;
let ddb: DynamoDBClient;
const sidecars = new Map<string, KeyObject>();
const now = () => Math.floor(Date.now() / 1000);
async function register(sidecarId: string, tenantId: string) {
  const pair = generateKeyPairSync('ed25519');
  sidecars.set(sidecarId, pair.privateKey);
  const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { sidecarId: { S: sidecarId }, tenantId: { S: tenantId }, publicKey: { S: raw }, status: { S: 'active' }, notAfter: { N: String(VALID_UNTIL) } } }));
}
const heartbeat = (sidecarId: string, tenantId: string, counter: number) => JSON.stringify(signHeartbeat(sidecars.get(sidecarId)!, { tenantId, sidecarId, counter, timestamp: now(), payload: { executions: 1 } }));
const lastCounter = async (sidecarId: string) => Number((await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { sidecarId: { S: sidecarId } }, ConsistentRead: true }))).Item?.lastCounter?.N ?? -1);
const event = (body: string, apiKeyId?: string) => ({ body, isBase64Encoded: false, requestContext: { identity: { apiKeyId } } }) as never;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ddb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
  await ddb.send(new CreateTableCommand({ TableName: TABLE, AttributeDefinitions: [{ AttributeName: 'sidecarId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'sidecarId', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  await register('sc-acme', 'acme');
  await register('sc-globex', 'globex');
});
afterAll(async () => {
  ddb.destroy();
  await new Promise((r) => server.close(r));
});

function handlerWith(ssm = fakeSsm()) {
  const emf = emittingMetrics(ns, PLATFORM_METRICS.tamperDetected.service);
  const logger = new Logger({ logLevel: 'SILENT' });
  const warn = jest.spyOn(logger, 'warn');
  const error = jest.spyOn(logger, 'error');
  const ingest = createIngest({ dynamodb: ddb, tableName: TABLE, apiKeyBelongsTo: createApiKeyOwners({ ssm }) });
  return { call: createHandler(ingest, logger, emf.metrics), emf, warn, error, ssm };
}

describe('a heartbeat needs an API key of the tenant it claims', () => {
  let h: ReturnType<typeof handlerWith>;
  beforeEach(() => (h = handlerWith()));
  afterEach(() => h.emf.restore());

  test("GIVEN globex's genuine heartbeat sent with acme's key THEN 403 with the status only, API_KEY_WRONG_TENANT, ApiKeyTenantMismatch, nothing written", async () => {
    const body = heartbeat('sc-globex', 'globex', 5);
    const response = await h.call(event(body, 'acmekey0001'));
    expect(response).toEqual(expect.objectContaining({ statusCode: 403, body: '{"message":"Forbidden"}' }));
    expect(h.warn).toHaveBeenCalledWith('heartbeat rejected', { reason: 'API_KEY_WRONG_TENANT' });
    expect(h.emf.totals()).toEqual({ [MISMATCH]: 1 });
    expect(await lastCounter('sc-globex')).toBe(-1);
    // The same heartbeat with globex's own key is then accepted: the refusal consumed nothing (no counter advanced).
    expect((await h.call(event(body, 'globexkey01'))).statusCode).toBe(202);
    expect(await lastCounter('sc-globex')).toBe(5);
  });

  test('GIVEN either key of a tenant in a rotation overlap THEN both are accepted', async () => {
    expect((await h.call(event(heartbeat('sc-acme', 'acme', 10), 'acmekey0001'))).statusCode).toBe(202);
    expect((await h.call(event(heartbeat('sc-acme', 'acme', 11), 'acmekey0002'))).statusCode).toBe(202);
    expect(await lastCounter('sc-acme')).toBe(11);
    expect(h.emf.totals()).toEqual({});
  });

  test('GIVEN no API key id in the request context THEN 403 API_KEY_MISSING, counted as unauthenticated, nothing written', async () => {
    const response = await h.call(event(heartbeat('sc-acme', 'acme', 20)));
    expect(response).toEqual(expect.objectContaining({ statusCode: 403, body: '{"message":"Forbidden"}' }));
    expect(h.warn).toHaveBeenCalledWith('heartbeat rejected', { reason: 'API_KEY_MISSING' });
    expect(h.emf.totals()).toEqual({ [UNAUTHENTICATED]: 1 });
    expect(await lastCounter('sc-acme')).toBe(11);
  });

  test('GIVEN a key id no tenant published (a deleted key, or another API) THEN refused as API_KEY_WRONG_TENANT', async () => {
    expect((await h.call(event(heartbeat('sc-acme', 'acme', 21), 'somebodyelse'))).statusCode).toBe(403);
    expect(h.warn).toHaveBeenCalledWith('heartbeat rejected', { reason: 'API_KEY_WRONG_TENANT' });
    expect(await lastCounter('sc-acme')).toBe(11);
  });

  test('GIVEN SSM fails THEN a 503 and an error log, never an acceptance', async () => {
    const failing = { send: jest.fn(async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))) };
    const f = handlerWith(failing as never);
    try {
      expect((await f.call(event(heartbeat('sc-acme', 'acme', 30), 'acmekey0001'))).statusCode).toBe(503);
      expect(f.error).toHaveBeenCalled();
      expect(await lastCounter('sc-acme')).toBe(11);
    } finally {
      f.emf.restore();
    }
  });
});

describe('the deployed handler (module entry point) always requires the key', () => {
  test('GIVEN a well-formed, signed heartbeat without an API key id THEN 403 before any AWS call (fail closed)', async () => {
    const saved = { ...process.env };
    // Every AWS endpoint is a closed loopback port: were the check missing, the registry read would fail there (503).
    const closed = 'http://127.0.0.1:9';
    Object.assign(process.env, { REGISTRY_TABLE: 'registry', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 't', AWS_SECRET_ACCESS_KEY: 't', AWS_ENDPOINT_URL_DYNAMODB: closed, AWS_ENDPOINT_URL_SSM: closed });
    try {
      let entry: ((event: unknown) => Promise<{ statusCode: number; body: string }>) | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        entry = require('../../lambda/heartbeat-ingest/handler').handler;
      });
      const response = await entry!(event(heartbeat('sc-acme', 'acme', 90)));
      expect(response).toEqual(expect.objectContaining({ statusCode: 403, body: '{"message":"Forbidden"}' }));
    } finally {
      process.env = saved;
    }
  });
});

describe('api-key-owners: the tenant key ids from SSM', () => {
  test('GIVEN a claimed tenant THEN only its own path is listed, every page of it', async () => {
    const ssm = fakeSsm();
    const belongsTo = createApiKeyOwners({ ssm });
    await expect(belongsTo('acme', 'acmekey0002')).resolves.toBe(true);
    await expect(belongsTo('acme', 'globexkey01')).resolves.toBe(false);
    expect(ssm.send.mock.calls.map(([c]) => c.input)).toEqual([
      { Path: '/tenant-baseline/tenants/acme/api-keys', Recursive: false, NextToken: undefined },
      { Path: '/tenant-baseline/tenants/acme/api-keys', Recursive: false, NextToken: '1' },
    ]);
  });

  test('GIVEN repeated lookups within the max age THEN one listing; after it THEN listed again (a new key is seen)', async () => {
    let t = 0;
    const parameters = { ...PUBLISHED };
    const ssm = fakeSsm(parameters);
    const belongsTo = createApiKeyOwners({ ssm, maxAgeSeconds: 60, now: () => t });
    for (let i = 0; i < 20; i++) await belongsTo('globex', i % 2 ? 'globexkey01' : 'stolen');
    expect(ssm.send).toHaveBeenCalledTimes(1);
    parameters[TENANT_API_KEY_PARAMETERS.keyId('globex', 'next')] = 'globexkey02';
    await expect(belongsTo('globex', 'globexkey02')).resolves.toBe(false);
    t = 60_000;
    await expect(belongsTo('globex', 'globexkey02')).resolves.toBe(true);
  });

  test('GIVEN more claimed tenants than the cache holds THEN the cache stays bounded and still answers correctly', async () => {
    const ssm = fakeSsm();
    const belongsTo = createApiKeyOwners({ ssm, now: () => 0 });
    for (let i = 0; i < MAX_CACHED_TENANTS + 10; i++) await belongsTo(`t${i}x`, 'acmekey0001');
    await expect(belongsTo('acme', 'acmekey0001')).resolves.toBe(true);
    await expect(belongsTo('t0x', 'acmekey0001')).resolves.toBe(false);
  });
});
