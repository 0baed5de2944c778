#!/usr/bin/env node
// Sidecar key management for the heartbeat registry. Runs with the caller's AWS credentials: only principals that IAM
// lets write the registry table (the platform's admin role) can use it.
//
//   node scripts/sidecar-keys.mjs keygen --out sc-1                      writes sc-1.pem (private, 0600) and prints the public key
//   node scripts/sidecar-keys.mjs register --table T --tenant acme --sidecar sc-1 --public-key <base64 raw 32 bytes | file.pem>
//   node scripts/sidecar-keys.mjs revoke --table T --sidecar sc-1
//
// Options: --region R, --endpoint URL (a local DynamoDB for tests). Register never overwrites an existing sidecar
// (revoke it and register a new id instead); revoke is immediate for every later heartbeat.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

function options(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) fail(`expected --name value pairs, got ${JSON.stringify(argv.slice(i))}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}
function fail(message) {
  console.error(`sidecar-keys: ${message}`);
  process.exit(2);
}
function required(o, name, pattern, rule) {
  const value = o[name];
  if (value === undefined || (pattern && !pattern.test(value))) fail(`'--${name}' must be ${rule}, got ${JSON.stringify(value)}`);
  return value;
}
function rawPublicKey(value) {
  let key;
  if (existsSync(value)) {
    const pem = readFileSync(value, 'utf8');
    key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  } else {
    const raw = Buffer.from(value, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== value) fail(`'--public-key' must be standard base64 of 32 bytes or a PEM file, got ${JSON.stringify(value)}`);
    key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
  }
  if (key.asymmetricKeyType !== 'ed25519') fail(`'--public-key' must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
}

const [command, ...rest] = process.argv.slice(2);
const o = options(rest);
const client = () => new DynamoDBClient({ ...(o.region ? { region: o.region } : {}), ...(o.endpoint ? { endpoint: o.endpoint } : {}) });

if (command === 'keygen') {
  const out = required(o, 'out', /^[\w./-]+$/, 'a file name prefix');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(`${out}.pem`, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  console.log(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'));
} else if (command === 'register') {
  const table = required(o, 'table', /^[\w.-]{3,255}$/, 'a DynamoDB table name');
  const tenant = required(o, 'tenant', ID, 'a tenant id');
  const sidecar = required(o, 'sidecar', ID, 'a sidecar id (a-z, 0-9, -)');
  const publicKey = rawPublicKey(required(o, 'public-key', undefined, 'a public key'));
  try {
    await client().send(
      new PutItemCommand({
        TableName: table,
        Item: { sidecarId: { S: sidecar }, tenantId: { S: tenant }, publicKey: { S: publicKey }, status: { S: 'active' }, registeredAt: { N: String(Math.floor(Date.now() / 1000)) } },
        ConditionExpression: 'attribute_not_exists(sidecarId)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) fail(`sidecar '${sidecar}' is already registered; revoke it and register a new id`);
    throw error;
  }
  console.log(`registered ${sidecar} for tenant ${tenant}`);
} else if (command === 'revoke') {
  const table = required(o, 'table', /^[\w.-]{3,255}$/, 'a DynamoDB table name');
  const sidecar = required(o, 'sidecar', ID, 'a sidecar id');
  try {
    await client().send(
      new UpdateItemCommand({
        TableName: table,
        Key: { sidecarId: { S: sidecar } },
        UpdateExpression: 'SET #s = :revoked, revokedAt = :now',
        ConditionExpression: 'attribute_exists(sidecarId)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':revoked': { S: 'revoked' }, ':now': { N: String(Math.floor(Date.now() / 1000)) } },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) fail(`sidecar '${sidecar}' is not registered`);
    throw error;
  }
  console.log(`revoked ${sidecar}`);
} else {
  fail(`command must be keygen, register or revoke, got ${JSON.stringify(command)}`);
}
