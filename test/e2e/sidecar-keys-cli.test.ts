/**
 * `scripts/sidecar-keys.mjs` as an operator runs it, in subprocesses, against dynalite on loopback: keygen, register and
 * revoke as the ingest then sees them, and the named refusals. Moved here from test/lambda/heartbeat-ingest.test.ts
 * (six Node processes, ~2.5 s of npm test); the ingest itself is still tested in process there.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DAY_SECONDS, HeartbeatFields, SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { createIngest } from '../../lambda/heartbeat-ingest/ingest';
import { signHeartbeat } from '../helpers/heartbeat';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite');
const TABLE = 'sidecar-registry';
/** Keys carry a not-after date; these fixtures' keys are valid for a day from the start of the file. */
const VALID_UNTIL = Math.floor(Date.now() / 1000) + 86_400;

let server: Server;
let ddb: DynamoDBClient;

const raw = (publicKey: KeyObject) => publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
async function register(sidecarId: string, tenantId = 'acme', status = 'active') {
  const pair = generateKeyPairSync('ed25519');
  await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { sidecarId: { S: sidecarId }, tenantId: { S: tenantId }, publicKey: { S: raw(pair.publicKey).toString('base64') }, status: { S: status }, notAfter: { N: String(VALID_UNTIL) } } }));
  return pair;
}
const now = () => Math.floor(Date.now() / 1000);
const fields = (o: Partial<HeartbeatFields> = {}): HeartbeatFields => ({ tenantId: 'acme', sidecarId: 'sc-1', counter: 1, timestamp: now(), payload: { executions: 3 }, ...o });
const body = (hb: object) => JSON.stringify(hb);
const ingest = () => createIngest({ dynamodb: ddb, tableName: TABLE });

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ddb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
  await ddb.send(new CreateTableCommand({ TableName: TABLE, AttributeDefinitions: [{ AttributeName: 'sidecarId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'sidecarId', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  // The registry as the in-process tests leave it for these two: sc-1 registered.
  await register('sc-1');
});
afterAll(async () => {
  ddb.destroy();
  await new Promise((r) => server.close(r));
});

describe('scripts/sidecar-keys.mjs against dynalite', () => {
  // Asynchronous on purpose: dynalite runs in this process, so a synchronous spawn would block it from answering.
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(__dirname, '..', '..', 'scripts', 'sidecar-keys.mjs'), ...args, ...(args[0] === 'keygen' ? [] : ['--endpoint', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--region', 'eu-west-1'])],
        { encoding: 'utf8', timeout: 30000, env: { ...process.env, AWS_ACCESS_KEY_ID: 't', AWS_SECRET_ACCESS_KEY: 't', AWS_EC2_METADATA_DISABLED: 'true' } },
        (error, stdout, stderr) => resolve({ status: error ? ((error as NodeJS.ErrnoException & { code?: number }).code as unknown as number) ?? 1 : 0, stdout, stderr }),
      );
    });

  test('GIVEN keygen, register, a heartbeat, revoke THEN the heartbeat is accepted before the revocation and refused after', async () => {
    const dir = scratch('sidecar-');
    const gen = await run('keygen', '--out', join(dir, 'sc-script'));
    expect(gen.status).toBe(0);
    const publicKey = gen.stdout.trim();
    expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
    expect((await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-script', '--public-key', publicKey)).status).toBe(0);
    const privateKey = createPrivateKey(readFileSync(join(dir, 'sc-script.pem'), 'utf8'));
    await expect(ingest()(body(signHeartbeat(privateKey, fields({ sidecarId: 'sc-script', counter: 1 }))))).resolves.toHaveProperty('counter', 1);
    expect((await run('revoke', '--table', TABLE, '--sidecar', 'sc-script')).status).toBe(0);
    await expect(ingest()(body(signHeartbeat(privateKey, fields({ sidecarId: 'sc-script', counter: 2 }))))).rejects.toMatchObject({ reason: 'REVOKED_SIDECAR' });
  });

  test('GIVEN an existing sidecar id, a bad key or an unknown sidecar THEN the script fails with a clear message and writes nothing', async () => {
    const again = await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-1', '--public-key', Buffer.alloc(32, 7).toString('base64'));
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("sidecar 'sc-1' is already registered");
    const badKey = await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-new', '--public-key', 'AAAA');
    expect(badKey.stderr).toContain("'--public-key' must be standard base64 of 32 bytes or a PEM file");
    const unknown = await run('revoke', '--table', TABLE, '--sidecar', 'sc-never');
    expect(unknown.stderr).toContain("sidecar 'sc-never' is not registered");
  });

  const item = async (id: string) => (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { sidecarId: { S: id } }, ConsistentRead: true }))).Item!;
  const ingestAt = (seconds: number) => createIngest({ dynamodb: ddb, tableName: TABLE, now: () => seconds * 1000 });

  test('GIVEN register with --valid-days THEN the key carries notAfter = registeredAt + that many days; out-of-range days are refused by name', async () => {
    const pair = generateKeyPairSync('ed25519');
    expect((await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-dated', '--public-key', raw(pair.publicKey).toString('base64'), '--valid-days', '30')).status).toBe(0);
    const dated = await item('sc-dated');
    expect(Number(dated.notAfter.N) - Number(dated.registeredAt.N)).toBe(30 * DAY_SECONDS);
    const defaulted = generateKeyPairSync('ed25519');
    expect((await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-default', '--public-key', raw(defaulted.publicKey).toString('base64'))).status).toBe(0);
    const d = await item('sc-default');
    expect(Number(d.notAfter.N) - Number(d.registeredAt.N)).toBe(SIDECAR_KEY_LIFETIME.defaultValidityDays * DAY_SECONDS);
    for (const bad of ['0', '366', '1.5', '-1']) {
      const refused = await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-bad-days', '--public-key', raw(pair.publicKey).toString('base64'), '--valid-days', bad);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`'--valid-days' must be an integer number of days in 1..365, got "${bad}"`);
    }
  });

  test('GIVEN rotate before expiry THEN the successor (same tenant) and the predecessor both verify during the overlap, the predecessor alone expires, and only it is listed as expiring', async () => {
    const old = generateKeyPairSync('ed25519');
    expect((await run('register', '--table', TABLE, '--tenant', 'acme', '--sidecar', 'sc-old', '--public-key', raw(old.publicKey).toString('base64'), '--valid-days', '10')).status).toBe(0);
    const listed = await run('expiring', '--table', TABLE, '--within-days', '14');
    expect(listed.stdout.split('\n').filter((l) => l.startsWith('sc-old\t'))).toEqual([expect.stringMatching(/^sc-old\tacme\t\S+\t(9|10)\t-$/)]);

    const successor = generateKeyPairSync('ed25519');
    const rotated = await run('rotate', '--table', TABLE, '--sidecar', 'sc-old', '--successor', 'sc-new', '--public-key', raw(successor.publicKey).toString('base64'));
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toContain('sc-old stays valid until');
    const [o, n] = [await item('sc-old'), await item('sc-new')];
    expect([o.successor.S, n.predecessor.S, n.tenantId.S, o.status.S]).toEqual(['sc-new', 'sc-old', 'acme', 'active']);

    const during = Number(o.notAfter.N) - 1;
    await expect(ingestAt(during)(body(signHeartbeat(old.privateKey, fields({ sidecarId: 'sc-old', counter: 1, timestamp: during }))))).resolves.toHaveProperty('counter', 1);
    await expect(ingestAt(during)(body(signHeartbeat(successor.privateKey, fields({ sidecarId: 'sc-new', counter: 1, timestamp: during }))))).resolves.toHaveProperty('counter', 1);
    const after = Number(o.notAfter.N);
    await expect(ingestAt(after)(body(signHeartbeat(old.privateKey, fields({ sidecarId: 'sc-old', counter: 2, timestamp: after }))))).rejects.toMatchObject({ reason: 'KEY_EXPIRED' });
    await expect(ingestAt(after)(body(signHeartbeat(successor.privateKey, fields({ sidecarId: 'sc-new', counter: 2, timestamp: after }))))).resolves.toHaveProperty('counter', 2);

    const relisted = await run('expiring', '--table', TABLE, '--within-days', '14');
    expect(relisted.stdout).toMatch(/^sc-old\tacme\t\S+\t\d+\tsc-new$/m);
    expect(relisted.stdout).not.toMatch(/^sc-new\t/m);
  });

  test('GIVEN rotate of an unknown, revoked or expired predecessor THEN it is refused by name and no successor is written', async () => {
    const key = raw(generateKeyPairSync('ed25519').publicKey).toString('base64');
    expect((await run('rotate', '--table', TABLE, '--sidecar', 'sc-nobody', '--successor', 'sc-x1', '--public-key', key)).stderr).toContain("sidecar 'sc-nobody' is not registered");
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { sidecarId: { S: 'sc-lapsed' }, tenantId: { S: 'acme' }, publicKey: { S: key }, status: { S: 'active' }, notAfter: { N: String(Math.floor(Date.now() / 1000) - 1) } } }));
    const lapsed = await run('rotate', '--table', TABLE, '--sidecar', 'sc-lapsed', '--successor', 'sc-x2', '--public-key', key);
    expect(lapsed.status).toBe(2);
    expect(lapsed.stderr).toContain("sidecar 'sc-lapsed' expired at");
    expect((await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { sidecarId: { S: 'sc-x2' } } }))).Item).toBeUndefined();
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { sidecarId: { S: 'sc-gone' }, tenantId: { S: 'acme' }, publicKey: { S: key }, status: { S: 'revoked' }, notAfter: { N: String(Math.floor(Date.now() / 1000) + 86_400) } } }));
    expect((await run('rotate', '--table', TABLE, '--sidecar', 'sc-gone', '--successor', 'sc-x3', '--public-key', key)).stderr).toContain("sidecar 'sc-gone' is revoked; register a new id instead of rotating");
    expect((await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { sidecarId: { S: 'sc-x3' } } }))).Item).toBeUndefined();
  });

  test('GIVEN the script THEN its key-lifetime bounds are the contract\'s (it cannot import TypeScript)', () => {
    const { defaultValidityDays, validityDays, warningDays } = SIDECAR_KEY_LIFETIME;
    expect(readFileSync(join(__dirname, '..', '..', 'scripts', 'sidecar-keys.mjs'), 'utf8')).toContain(
      `const KEY_LIFETIME = { defaultValidityDays: ${defaultValidityDays}, validityDays: { min: ${validityDays.min}, max: ${validityDays.max} }, warningDays: ${warningDays} };`,
    );
  });
});
