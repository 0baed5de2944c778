/**
 * A tenant's export function (GDPR Art. 15) against real engines on loopback: dynalite for the tables, s3rver for the
 * buckets. Two tenants' stores side by side; an export of one holds every item and object of that tenant, byte for
 * byte, and nothing of the other; the archive is a real tar (read back with tar-stream's extractor) whose names cannot
 * leave its directory; the link is a real pre-signed GET; a failed export says FAILED; a bad event writes nothing.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { PassThrough } from 'node:stream';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { extract } from 'tar-stream';
import { exportObjectKeys, EXPORT_LINK_SECONDS } from '../../contracts/gdpr';
import { drained, exportTenant, objectEntryName, TenantStores } from '../../lambda/tenant-export/archive';
import { createHandler } from '../../lambda/tenant-export/handler';
import { LedgerTable, startDynalite } from '../helpers/gdpr-ledger';
import { S3Server, startS3Server } from '../helpers/s3-server';

const EXPORT_ID = '0b9f3c1e-2d4a-4c8b-9e7f-1a2b3c4d5e6f';
const OTHER_ID = '1c8e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/acme';

let dynalite: LedgerTable;
let s3server: S3Server;
const ACME_OBJECTS: Record<string, Buffer> = {
  'reports/2026/q1.csv': Buffer.from('id,amount\n1,10\n'),
  'x/..': Buffer.from('a key ending in a parent segment'),
  // Keys with empty or leading dot segments ('../x', './x', 'a//b', '/x') are valid S3 keys that s3rver normalizes or
  // refuses; their archive names are checked on objectEntryName itself below.
  'ünïcode/名前.txt': Buffer.from('utf-8 key'),
  [`deep/${'k'.repeat(180)}.bin`]: Buffer.from('a key longer than a ustar name'),
  'big/blob.bin': Buffer.alloc(9 * 1024 * 1024 + 17, 7), // more than one 8 MiB upload part
  'transient/heartbeat.json': Buffer.from('{}'),
};

async function createTable(ddb: DynamoDBClient, name: string): Promise<void> {
  await ddb.send(new CreateTableCommand({ TableName: name, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
}

beforeAll(async () => {
  [dynalite, s3server] = await Promise.all([startDynalite(), startS3Server()]);
  const { ddb } = dynalite;
  await Promise.all([createTable(ddb, 'acme-table'), createTable(ddb, 'globex-table')]);
  for (let i = 0; i < 5; i += 1) {
    await ddb.send(new PutItemCommand({ TableName: 'acme-table', Item: { pk: { S: `acme-${i}` }, n: { N: String(i) }, blob: { B: Buffer.from([0, 255, i]) }, nested: { M: { tags: { SS: ['a', 'b'] }, list: { L: [{ BOOL: true }, { NULL: true }] } } } } }));
  }
  await ddb.send(new PutItemCommand({ TableName: 'globex-table', Item: { pk: { S: 'globex-secret' } } }));
  for (const bucket of ['acme-data', 'acme-exports', 'globex-data', 'globex-exports']) await s3server.createBucket(bucket);
  for (const [key, body] of Object.entries(ACME_OBJECTS)) await s3server.s3.send(new PutObjectCommand({ Bucket: 'acme-data', Key: key, Body: body }));
  await s3server.s3.send(new PutObjectCommand({ Bucket: 'globex-data', Key: 'reports/2026/q1.csv', Body: 'globex secret' }));
}, 60_000);
afterAll(async () => {
  await Promise.all([dynalite?.stop(), s3server?.stop()]);
});

const acme = (overrides: Partial<TenantStores> = {}): TenantStores => ({
  dynamodb: dynalite.ddb,
  s3: s3server.s3,
  tenantId: 'acme',
  tableName: 'acme-table',
  dataBucket: 'acme-data',
  exportBucket: 'acme-exports',
  keyArn: KEY_ARN,
  pageSize: 2, // several pages of items and of objects
  itemsFileBytes: 300, // several items files
  now: () => new Date('2026-12-02T10:00:00Z'),
  ...overrides,
});

function handlerFor(stores: TenantStores) {
  const logs: Array<Record<string, unknown>> = [];
  const line = (level: string) => (message: string, attrs: Record<string, unknown> = {}) => logs.push({ level, message, ...attrs });
  return { handle: createHandler({ stores, logger: { info: line('info'), warn: line('warn'), error: line('error') } as never }), logs };
}

/** The archive behind a link, fetched from the server and read with a real tar extractor: name -> bytes. */
async function download(url: string): Promise<{ files: Map<string, Buffer>; raw: Buffer }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const raw = Buffer.from(await response.arrayBuffer());
  const files = new Map<string, Buffer>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.end(raw);
  await done;
  return { files, raw };
}

const exportKeys = async (bucket: string) => ((await s3server.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

describe('tenant export: one tenant, all of it, nothing else (dynalite and s3rver on loopback)', () => {
  let files: Map<string, Buffer>;
  let manifest: any;

  beforeAll(async () => {
    const { handle } = handlerFor(acme());
    await expect(handle({ action: 'export', exportId: EXPORT_ID, requestedBy: 'alice' })).resolves.toMatchObject({ state: 'READY' });
    const link: any = await handle({ action: 'link', exportId: EXPORT_ID });
    expect(link.state).toBe('READY');
    const archive = await download(link.url);
    files = archive.files;
    manifest = JSON.parse(files.get('manifest.json')!.toString());
    expect(createHash('sha256').update(archive.raw).digest('hex')).toBe(link.sha256);
    expect(archive.raw.length).toBe(link.bytes);
  }, 60_000);

  test('GIVEN an export of acme THEN the archive holds every acme item, typed and binary-safe, and no globex item', () => {
    const items = [...files.entries()].filter(([name]) => name.startsWith('table/')).flatMap(([, body]) => body.toString().trim().split('\n').map((l) => JSON.parse(l)));
    expect(items.map((i) => i.pk.S).sort()).toEqual(['acme-0', 'acme-1', 'acme-2', 'acme-3', 'acme-4']);
    expect(items.find((i) => i.pk.S === 'acme-2')).toEqual({ pk: { S: 'acme-2' }, n: { N: '2' }, blob: { B: Buffer.from([0, 255, 2]).toString('base64') }, nested: { M: { tags: { SS: ['a', 'b'] }, list: { L: [{ BOOL: true }, { NULL: true }] } } } });
    expect([...files.keys()].filter((n) => n.startsWith('table/')).length).toBeGreaterThan(1);
    expect([...files.values()].some((b) => b.includes('globex'))).toBe(false);
    expect(manifest.tableItems).toBe(5);
  });

  test('GIVEN an export of acme THEN every acme object is in it byte for byte, named by the manifest, and no globex object', () => {
    expect(manifest.objects).toBe(Object.keys(ACME_OBJECTS).length);
    for (const [key, body] of Object.entries(ACME_OBJECTS)) {
      const entry = manifest.entries.find((e: any) => e.source === `s3://acme-data/${key}`);
      expect(entry).toMatchObject({ name: objectEntryName(key), bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      expect(files.get(entry.name)?.equals(body)).toBe(true); // (Buffer#equals: a deep toEqual of 9 MiB takes seconds)
    }
    expect(manifest.entries.every((e: any) => e.source.startsWith('s3://acme-data/') || e.source === 'dynamodb:acme-table')).toBe(true);
    expect(manifest).toMatchObject({ tenantId: 'acme', exportId: EXPORT_ID, requestedBy: 'alice' });
    expect(manifest.notIncluded.join(' ')).toMatch(/database/);
  });

  test.each(['../escape.txt', 'a/../../up.txt', './here', '/etc/passwd', 'a//b', '..', '.', 'x/..', '%2E%2E/y', 'C:\\\\evil'])('GIVEN the object key %j THEN its archive name is one file directly under objects/', (key) => {
    const name = objectEntryName(key);
    expect(name).toMatch(/^objects\/[^/\\]+$/);
    expect(posix.normalize(name)).toBe(name);
    expect(name.slice('objects/'.length)).not.toMatch(/^\.{1,2}$/);
    expect(decodeURIComponent(name.slice('objects/'.length))).toBe(key);
  });

  test('GIVEN object keys with ".." and "." segments, long and non-ASCII names THEN no archive name leaves the archive or nests', () => {
    for (const name of files.keys()) {
      expect(name.startsWith('/')).toBe(false);
      expect(name.split('/')).not.toContain('..');
      expect(name.split('/')).not.toContain('.');
      expect(name).toMatch(/^(manifest\.json|table\/items-\d{5}\.jsonl|objects\/[^/]+)$/);
    }
  });

  test('GIVEN a link THEN it is a pre-signed GET of exactly the archive, valid at most EXPORT_LINK_SECONDS', async () => {
    const { handle } = handlerFor(acme());
    const link: any = await handle({ action: 'link', exportId: EXPORT_ID });
    const url = new URL(link.url);
    expect(url.pathname).toBe(`/acme-exports/${exportObjectKeys(EXPORT_ID).archive}`);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(EXPORT_LINK_SECONDS);
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename="acme-export-${EXPORT_ID}.tar"`);
    expect(link.expiresAt).toBe('2026-12-02T10:15:00.000Z');
  });

  test('GIVEN a second export invocation with the same id (a retry) THEN nothing is built again', async () => {
    const before = await s3server.s3.send(new ListObjectsV2Command({ Bucket: 'acme-exports' }));
    const { handle, logs } = handlerFor(acme());
    await expect(handle({ action: 'export', exportId: EXPORT_ID, requestedBy: 'mallory' })).resolves.toMatchObject({ state: 'READY' });
    const after = await s3server.s3.send(new ListObjectsV2Command({ Bucket: 'acme-exports' }));
    expect(after.Contents?.map((o) => [o.Key, o.ETag, o.LastModified?.toISOString()])).toEqual(before.Contents?.map((o) => [o.Key, o.ETag, o.LastModified?.toISOString()]));
    expect(logs.map((l) => l.message)).toContain('export already built; not built again');
  });

  test('GIVEN an id nothing was exported under THEN the link says NOT_FOUND and signs nothing', async () => {
    const { handle } = handlerFor(acme());
    await expect(handle({ action: 'link', exportId: OTHER_ID })).resolves.toEqual({ state: 'NOT_FOUND' });
  });
});

describe('tenant export: failures and bad events', () => {
  test('GIVEN the table cannot be read THEN the export throws, leaves failed.json with a reason code only, and the link says FAILED', async () => {
    const stores = acme({ tableName: 'no-such-table', exportBucket: 'globex-exports', tenantId: 'globex' });
    const { handle, logs } = handlerFor(stores);
    await expect(handle({ action: 'export', exportId: OTHER_ID, requestedBy: 'alice' })).rejects.toThrow();
    expect(await exportKeys('globex-exports')).toEqual([exportObjectKeys(OTHER_ID).failure]);
    await expect(handle({ action: 'link', exportId: OTHER_ID })).resolves.toEqual({ state: 'FAILED', reason: 'EXPORT_FAILED' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', reason: 'EXPORT_FAILED' }));
  });

  test.each([
    ['a malformed export id', { action: 'export', exportId: '../x', requestedBy: 'alice' }, /event\.exportId/],
    ['an upper-case id', { action: 'link', exportId: EXPORT_ID.toUpperCase() }, /event\.exportId/],
    ['an unknown action', { action: 'delete', exportId: EXPORT_ID }, /event\.action/],
    ['no requester', { action: 'export', exportId: '2d7f3e4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a' }, /event\.requestedBy/],
    ['no event at all', null, /event\.exportId/],
  ])('GIVEN %s THEN it is refused by field and nothing is written', async (_name, event, message) => {
    const before = await exportKeys('acme-exports');
    await expect(handlerFor(acme()).handle(event)).rejects.toThrow(message);
    expect(await exportKeys('acme-exports')).toEqual(before);
  });

  test('GIVEN the export of one tenant THEN only its configured table and buckets are ever named (the stores are the whole reach)', async () => {
    const seen = new Set<string>();
    const spy = <C extends { send: (command: any) => Promise<any> }>(client: C): C => {
      const proxy = Object.create(client) as C;
      proxy.send = (command: any) => (seen.add(command.input.TableName ?? command.input.Bucket), client.send(command));
      return proxy;
    };
    const id = '3e8f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
    await exportTenant(acme({ dynamodb: spy(dynalite.ddb), s3: spy(s3server.s3) }), id, 'alice');
    expect([...seen].sort()).toEqual(['acme-data', 'acme-exports', 'acme-table']);
  });
});

describe('archive backpressure', () => {
  test('GIVEN a stream that needs draining many times over, and one closed while waited on THEN every wait ends and leaves no listener behind', async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    stream.resume();
    let waits = 0;
    for (let i = 0; i < 50; i++) {
      if (!stream.write(Buffer.alloc(64, i))) {
        await drained(stream);
        waits++;
      }
    }
    expect(waits).toBeGreaterThan(10);
    expect([stream.listenerCount('drain'), stream.listenerCount('close')]).toEqual([0, 0]);
    const closing = new PassThrough({ highWaterMark: 1 });
    expect(closing.write(Buffer.alloc(8))).toBe(false);
    const waiting = drained(closing);
    closing.destroy();
    await waiting;
    expect([closing.listenerCount('drain'), closing.listenerCount('close')]).toEqual([0, 0]);
  });
});

