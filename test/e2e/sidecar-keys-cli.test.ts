/**
 * `scripts/sidecar-keys.mjs` as an operator runs it, in subprocesses, against dynalite on loopback: keygen, register and
 * revoke as the ingest then sees them, and the named refusals. Moved here from test/lambda/heartbeat-ingest.test.ts
 * (six Node processes, ~2.5 s of npm test); the ingest itself is still tested in process there.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { HeartbeatFields } from '../../contracts/heartbeat-format';
import { createIngest } from '../../lambda/heartbeat-ingest/ingest';
import { signHeartbeat } from '../helpers/heartbeat';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite');
const TABLE = 'sidecar-registry';

let server: Server;
let ddb: DynamoDBClient;

const raw = (publicKey: KeyObject) => publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
async function register(sidecarId: string, tenantId = 'acme', status = 'active') {
  const pair = generateKeyPairSync('ed25519');
  await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { sidecarId: { S: sidecarId }, tenantId: { S: tenantId }, publicKey: { S: raw(pair.publicKey).toString('base64') }, status: { S: status } } }));
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
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-'));
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
});
