#!/usr/bin/env node
// Heartbeat benchmark: `npm run bench:heartbeats`.
//
// 1. Verification per second, the signature part of the ingest without DynamoDB (parse the body, strict base64,
//    canonical signing bytes, the registry key as stored -> cached key object, Ed25519 verify), against raw
//    crypto.verify(null, ...) Ed25519 of the same bytes with a ready key in the same process (target >= 0.7x).
// 2. Accepted heartbeats per second end to end (parse, GetItem, verify, conditional UpdateItem) against dynalite on
//    127.0.0.1, 10 sidecars interleaved, 8 requests in flight.
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { rate } from './lib/rate.mjs';

const out = join('bench', 'out');
mkdirSync(out, { recursive: true });
const entry = join(out, 'heartbeats-entry.ts');
writeFileSync(
  entry,
  "export * from '../../lambda/heartbeat-ingest/ingest';\nexport * from '../../contracts/heartbeat-format';\nexport { signHeartbeat } from '../../test/helpers/heartbeat';\n",
);
const bundle = join(out, 'heartbeats.mjs');
await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'esm', outfile: bundle, logLevel: 'error', external: ['@aws-sdk/*'] });
const lib = await import(pathToFileURL(join(process.cwd(), bundle)).href);
const require = createRequire(import.meta.url);
const dynalite = require('dynalite');
const { DynamoDBClient, CreateTableCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');


const pair = generateKeyPairSync('ed25519');
const rawKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
const storedKey = rawKey.toString('base64');
const hb = lib.signHeartbeat(pair.privateKey, { tenantId: 'acme', sidecarId: 'sc-1', counter: 1, timestamp: Math.floor(Date.now() / 1000), payload: { executions: 3, tamper: { debuggerAttached: false } } });
const body = JSON.stringify(hb);
const message = lib.heartbeatSigningBytes(hb);
const signature = Buffer.from(hb.signature, 'base64');

const raw = () => {
  if (!verify(null, message, pair.publicKey, signature)) throw new Error('raw verify failed');
};
const ours = () => {
  const parsed = lib.parseHeartbeat(body);
  const key = lib.registryPublicKey(storedKey);
  if (!lib.verifyEd25519(key, lib.heartbeatSigningBytes(parsed), parsed.signature)) throw new Error('verify failed');
};
const rawPerSecond = await rate(raw, { warmup: 100 });
const verifyPerSecond = await rate(ours, { warmup: 100 });

// End to end against dynalite.
const server = dynalite({ createTableMs: 0 });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const ddb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${server.address().port}`, region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
await ddb.send(new CreateTableCommand({ TableName: 'registry', AttributeDefinitions: [{ AttributeName: 'sidecarId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'sidecarId', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
const sidecars = [];
for (let i = 0; i < 10; i++) {
  const p = generateKeyPairSync('ed25519');
  const id = `sc-${i}`;
  await ddb.send(new PutItemCommand({ TableName: 'registry', Item: { sidecarId: { S: id }, tenantId: { S: 'acme' }, publicKey: { S: p.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64') }, status: { S: 'active' }, notAfter: { N: String(Math.floor(Date.now() / 1000) + 86400) } } }));
  sidecars.push({ id, key: p.privateKey, counter: 0 });
}
const ingest = lib.createIngest({ dynamodb: ddb, tableName: 'registry' });
let next = 0;
const one = async () => {
  const s = sidecars[next++ % sidecars.length];
  s.counter += 1;
  await ingest(JSON.stringify(lib.signHeartbeat(s.key, { tenantId: 'acme', sidecarId: s.id, counter: s.counter, timestamp: Math.floor(Date.now() / 1000), payload: { executions: 1 } })));
};
// Eight in flight, but never two for the same sidecar (each would otherwise race its own counter).
const endToEnd = await rate(one, { concurrency: 8, warmup: 100 });
ddb.destroy();
server.close();

const machine = `${cpus().length} cores (${cpus()[0].model.trim()}), Node ${process.version}`;
console.log(
  [
    `Machine: ${machine}; one process.`,
    '',
    '| measure | value | target |',
    '|---|---:|---|',
    `| heartbeat verifications per second (parse + key + Ed25519) | ${Math.round(verifyPerSecond)} | - |`,
    `| raw crypto.verify Ed25519 per second, same bytes | ${Math.round(rawPerSecond)} | - |`,
    `| ratio | ${(verifyPerSecond / rawPerSecond).toFixed(2)}x | >= 0.7x |`,
    `| accepted heartbeats per second end to end (dynalite on loopback, 8 in flight) | ${Math.round(endToEnd)} | - |`,
  ].join('\n'),
);
writeFileSync(join(out, 'heartbeats.json'), JSON.stringify({ machine, verifyPerSecond, rawPerSecond, endToEnd }, undefined, 2) + '\n');
