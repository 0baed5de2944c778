/**
 * Sidecar keys that expire (seed 001: rotate credentials every 90 days), against dynalite on loopback: a heartbeat
 * signed with an expired key is refused with its own reason and metric and writes nothing; the boundaries are exact;
 * an expiry cannot be claimed by a forger; the hourly expiry check reports exactly the keys someone must rotate.
 * Time is injected (`now`), never waited for.
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from '../../lambda/heartbeat-ingest/handler';
import { createIngest } from '../../lambda/heartbeat-ingest/ingest';
import { createHandler as createExpiryHandler } from '../../lambda/sidecar-key-expiry/handler';
import { expiringKeys, readRegistry, RegistryKey } from '../../lambda/sidecar-key-expiry/expiry';
import { DAY_SECONDS, HeartbeatFields, SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { signHeartbeat } from '../helpers/heartbeat';
import { emittingMetrics } from '../helpers/emf';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite');
const TABLE = 'sidecar-registry-expiry';
/** A fixed clock: 2026-12-01T00:00:00Z. */
const T0 = 1_796_083_200;

let server: Server;
let ddb: DynamoDBClient;
const keys = new Map<string, KeyObject>();

const raw = (k: KeyObject) => k.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
async function register(sidecarId: string, dates: { notAfter?: number; registeredAt?: number }, extra: Record<string, { S: string }> = {}) {
  const pair = generateKeyPairSync('ed25519');
  keys.set(sidecarId, pair.privateKey);
  await ddb.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        sidecarId: { S: sidecarId }, tenantId: { S: 'acme' }, publicKey: { S: raw(pair.publicKey) }, status: { S: 'active' },
        ...(dates.notAfter === undefined ? {} : { notAfter: { N: String(dates.notAfter) } }), ...(dates.registeredAt === undefined ? {} : { registeredAt: { N: String(dates.registeredAt) } }), ...extra,
      },
    }),
  );
}
const fields = (sidecarId: string, at: number, counter = 1): HeartbeatFields => ({ tenantId: 'acme', sidecarId, counter, timestamp: at, payload: { executions: 1 } });
const body = (sidecarId: string, at: number, counter = 1) => JSON.stringify(signHeartbeat(keys.get(sidecarId)!, fields(sidecarId, at, counter)));
const ingestAt = (at: number, keyValidityDays?: number, dynamodb = ddb) => createIngest({ dynamodb, tableName: TABLE, now: () => at * 1000, ...(keyValidityDays ? { keyValidityDays } : {}) });
const lastCounter = async (id: string) => (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { sidecarId: { S: id } }, ConsistentRead: true }))).Item?.lastCounter?.N;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ddb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
  await ddb.send(new CreateTableCommand({ TableName: TABLE, AttributeDefinitions: [{ AttributeName: 'sidecarId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'sidecarId', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
});
afterAll(async () => {
  ddb.destroy();
  await new Promise((r) => server.close(r));
});

describe('the ingest refuses expired keys', () => {
  test('GIVEN a key whose notAfter has passed THEN its genuine heartbeat is refused KEY_EXPIRED, counted as ExpiredSidecarKey (not unauthenticated), 403, nothing written', async () => {
    await register('sc-expired', { notAfter: T0 - 1, registeredAt: T0 - 90 * DAY_SECONDS });
    const { metrics, totals, restore } = emittingMetrics(PLATFORM_METRICS.expiredSidecarKey.namespace, PLATFORM_METRICS.expiredSidecarKey.service);
    try {
      await expect(ingestAt(T0)(body('sc-expired', T0))).rejects.toMatchObject({ reason: 'KEY_EXPIRED' });
      const response = await createHandler(ingestAt(T0), new Logger({ logLevel: 'SILENT' }), metrics)({ body: body('sc-expired', T0, 2), isBase64Encoded: false } as never);
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('EXPIRED');
      expect(totals()).toEqual({ [`${PLATFORM_METRICS.expiredSidecarKey.namespace}/${PLATFORM_METRICS.expiredSidecarKey.name}`]: 1 });
    } finally {
      restore();
    }
    expect(await lastCounter('sc-expired')).toBeUndefined();
  });

  test('GIVEN the exact boundary THEN a heartbeat one second before notAfter is accepted and one at notAfter is refused', async () => {
    await register('sc-edge', { notAfter: T0 + 100 });
    await expect(ingestAt(T0 + 99)(body('sc-edge', T0 + 99, 1))).resolves.toHaveProperty('counter', 1);
    await expect(ingestAt(T0 + 100)(body('sc-edge', T0 + 100, 2))).rejects.toMatchObject({ reason: 'KEY_EXPIRED' });
    expect(await lastCounter('sc-edge')).toBe('1');
  });

  test('GIVEN a key with no notAfter THEN it is never valid (KEY_EXPIRED), nothing written', async () => {
    await register('sc-undated', {});
    await expect(ingestAt(T0)(body('sc-undated', T0))).rejects.toMatchObject({ reason: 'KEY_EXPIRED' });
    expect(await lastCounter('sc-undated')).toBeUndefined();
  });

  test('GIVEN a hand-written notAfter beyond registeredAt + the configured validity THEN the validity caps it', async () => {
    await register('sc-forever', { registeredAt: T0 - 31 * DAY_SECONDS, notAfter: T0 + 3650 * DAY_SECONDS });
    await expect(ingestAt(T0, 30)(body('sc-forever', T0))).rejects.toMatchObject({ reason: 'KEY_EXPIRED' });
    await expect(ingestAt(T0, 90)(body('sc-forever', T0))).resolves.toHaveProperty('counter', 1);
  });

  test('GIVEN a forged heartbeat for an expired sidecar THEN it is BAD_SIGNATURE: only the key holder can produce KEY_EXPIRED', async () => {
    await register('sc-expired-2', { notAfter: T0 - 1 });
    const forged = JSON.stringify(signHeartbeat(generateKeyPairSync('ed25519').privateKey, fields('sc-expired-2', T0)));
    await expect(ingestAt(T0)(forged)).rejects.toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  test('GIVEN the key is shortened between the read and the write (a racing rotation) THEN the conditional write refuses it and nothing is written', async () => {
    await register('sc-race', { notAfter: T0 + DAY_SECONDS });
    // The client shortens the key's notAfter just before the ingest's UpdateItem reaches the table.
    const racing = {
      send: async (command: { constructor: { name: string } }) => {
        if (command instanceof UpdateItemCommand) {
          await ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: { sidecarId: { S: 'sc-race' } }, UpdateExpression: 'SET notAfter = :n', ExpressionAttributeValues: { ':n': { N: String(T0 - 1) } } }));
        }
        return ddb.send(command as never);
      },
    } as unknown as DynamoDBClient;
    await expect(ingestAt(T0, undefined, racing)(body('sc-race', T0))).rejects.toMatchObject({ name: 'HeartbeatRejected' });
    expect(await lastCounter('sc-race')).toBeUndefined();
  });
});

describe('the expiry check', () => {
  const key = (sidecarId: string, notAfter: number | undefined, o: Partial<RegistryKey> = {}): RegistryKey => ({ sidecarId, tenantId: 'acme', status: 'active', notAfter, ...o });
  const max = 365 * DAY_SECONDS;
  const warn = SIDECAR_KEY_LIFETIME.warningDays;

  test('GIVEN keys around the 14-day horizon THEN exactly those expiring within it (soonest first), expired and undated ones are reported', () => {
    const found = expiringKeys(
      [key('in-14d', T0 + 14 * DAY_SECONDS), key('in-14d-1s', T0 + 14 * DAY_SECONDS + 1), key('gone', T0 - DAY_SECONDS), key('undated', undefined), key('revoked', T0, { status: 'revoked' })],
      T0, warn, max,
    );
    expect(found.map((k) => [k.sidecarId, k.daysLeft])).toEqual([['undated', Math.floor(-T0 / DAY_SECONDS)], ['gone', -1], ['in-14d', 14]]);
  });

  test('GIVEN a key whose active successor outlives the horizon THEN it is not reported; a revoked or also-expiring successor does not count', () => {
    const keysNow = [
      key('old-ok', T0 + DAY_SECONDS, { successor: 'new-ok' }), key('new-ok', T0 + 90 * DAY_SECONDS),
      key('old-revoked', T0 + DAY_SECONDS, { successor: 'new-revoked' }), key('new-revoked', T0 + 90 * DAY_SECONDS, { status: 'revoked' }),
      key('old-short', T0 + DAY_SECONDS, { successor: 'new-short' }), key('new-short', T0 + 2 * DAY_SECONDS),
    ];
    expect(expiringKeys(keysNow, T0, warn, max).map((k) => k.sidecarId)).toEqual(['old-revoked', 'old-short', 'new-short']);
  });

  test('GIVEN the registry in dynalite THEN the handler publishes the count on every run, zero included, and logs each key', async () => {
    const { metrics, totals, restore } = emittingMetrics(PLATFORM_METRICS.sidecarKeysExpiringSoon.namespace, PLATFORM_METRICS.sidecarKeysExpiringSoon.service);
    const name = `${PLATFORM_METRICS.sidecarKeysExpiringSoon.namespace}/${PLATFORM_METRICS.sidecarKeysExpiringSoon.name}`;
    try {
      const none = await createExpiryHandler(async () => [key('fresh', T0 + 60 * DAY_SECONDS)], { warningDays: warn, keyValidityDays: 90, now: () => T0 * 1000 }, new Logger({ logLevel: 'SILENT' }), metrics)();
      expect(none).toEqual({ expiring: 0 });
      expect(totals()).toEqual({ [name]: 0 });
      const registry = await readRegistry(ddb, TABLE);
      expect(registry.find((k) => k.sidecarId === 'sc-edge')).toMatchObject({ status: 'active', notAfter: T0 + 100 });
      const some = await createExpiryHandler(async () => registry, { warningDays: warn, keyValidityDays: 90, now: () => T0 * 1000 }, new Logger({ logLevel: 'SILENT' }), metrics)();
      expect(some.expiring).toBeGreaterThanOrEqual(3);
      expect(totals()[name]).toBe(some.expiring);
    } finally {
      restore();
    }
  });
});
