#!/usr/bin/env node
// Sidecar key management for the heartbeat registry. Runs with the caller's AWS credentials: only principals that IAM
// lets write the registry table (the platform's admin role) can use it.
//
//   node scripts/sidecar-keys.mjs keygen --out sc-1                      writes sc-1.pem (private, 0600) and prints the public key
//   node scripts/sidecar-keys.mjs register --table T --tenant acme --sidecar sc-1 --public-key <base64 raw 32 bytes | file.pem> [--valid-days 90]
//   node scripts/sidecar-keys.mjs rotate --table T --sidecar sc-1 --successor sc-2 --public-key <key> [--valid-days 90]
//   node scripts/sidecar-keys.mjs expiring --table T [--within-days 14]
//   node scripts/sidecar-keys.mjs revoke --table T --sidecar sc-1
//
// Options: --region R, --endpoint URL (a local DynamoDB for tests). Register never overwrites an existing sidecar
// (revoke it and register a new id instead); revoke is immediate for every later heartbeat. Every key carries a
// not-after date (`notAfter`, Unix seconds): --valid-days, 1..365, default 90, which must not exceed the platform's
// controlPlane.sidecarKeyValidityDays (the ingest caps a key at registeredAt + that many days). Rotate registers a
// successor for the predecessor's tenant while the predecessor is still valid: both keys verify until the predecessor's
// notAfter (the overlap in which the host switches keys), and the expiry check stops warning about the predecessor.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
// The same bounds as contracts/heartbeat-format.ts SIDECAR_KEY_LIFETIME (a script cannot import TypeScript);
// test/e2e/sidecar-keys-cli.test.ts checks they agree.
const KEY_LIFETIME = { defaultValidityDays: 90, validityDays: { min: 1, max: 365 }, warningDays: 14 };
const DAY = 86400;

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

function days(o, name, fallback, max) {
  const value = o[name] ?? String(fallback);
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > max) fail(`'--${name}' must be an integer number of days in 1..${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}
const now = () => Math.floor(Date.now() / 1000);
const iso = (seconds) => new Date(seconds * 1000).toISOString();
const validDays = (o) => days(o, 'valid-days', KEY_LIFETIME.defaultValidityDays, KEY_LIFETIME.validityDays.max);

/** Registers a new active key that expires `valid` days from `at`; never overwrites an existing id. */
async function put(table, sidecar, tenant, publicKey, at, valid, extra = {}) {
  try {
    await client().send(
      new PutItemCommand({
        TableName: table,
        Item: { sidecarId: { S: sidecar }, tenantId: { S: tenant }, publicKey: { S: publicKey }, status: { S: 'active' }, registeredAt: { N: String(at) }, notAfter: { N: String(at + valid * DAY) }, ...extra },
        ConditionExpression: 'attribute_not_exists(sidecarId)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) fail(`sidecar '${sidecar}' is already registered; revoke it and register a new id`);
    throw error;
  }
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
  const valid = validDays(o);
  const at = now();
  await put(table, sidecar, tenant, publicKey, at, valid);
  console.log(`registered ${sidecar} for tenant ${tenant}, valid until ${iso(at + valid * DAY)}`);
} else if (command === 'rotate') {
  const table = required(o, 'table', /^[\w.-]{3,255}$/, 'a DynamoDB table name');
  const sidecar = required(o, 'sidecar', ID, 'the predecessor sidecar id');
  const successor = required(o, 'successor', ID, 'a new sidecar id (a-z, 0-9, -)');
  if (successor === sidecar) fail(`'--successor' must differ from '--sidecar', got ${JSON.stringify(successor)}`);
  const publicKey = rawPublicKey(required(o, 'public-key', undefined, 'a public key'));
  const valid = validDays(o);
  const { Item } = await client().send(new GetItemCommand({ TableName: table, Key: { sidecarId: { S: sidecar } }, ConsistentRead: true }));
  const at = now();
  if (!Item) fail(`sidecar '${sidecar}' is not registered`);
  if (Item.status?.S !== 'active') fail(`sidecar '${sidecar}' is ${Item.status?.S ?? 'not active'}; register a new id instead of rotating`);
  const notAfter = Number(Item.notAfter?.N ?? 0);
  if (!(notAfter > at)) fail(`sidecar '${sidecar}' expired at ${iso(notAfter)}; register a new id instead of rotating (a rotation overlaps a valid key)`);
  const tenant = Item.tenantId.S;
  await put(table, successor, tenant, publicKey, at, valid, { predecessor: { S: sidecar } });
  try {
    await client().send(
      new UpdateItemCommand({
        TableName: table,
        Key: { sidecarId: { S: sidecar } },
        UpdateExpression: 'SET successor = :successor',
        ConditionExpression: '#s = :active AND tenantId = :tenant',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':successor': { S: successor }, ':active': { S: 'active' }, ':tenant': { S: tenant } },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) fail(`sidecar '${sidecar}' changed during the rotation; '${successor}' is registered, check both with 'expiring'`);
    throw error;
  }
  console.log(`registered ${successor} for tenant ${tenant}, valid until ${iso(at + valid * DAY)}; ${sidecar} stays valid until ${iso(notAfter)} (overlap ${Math.floor((notAfter - at) / DAY)} days): install the new key on the host, then revoke ${sidecar}`);
} else if (command === 'expiring') {
  const table = required(o, 'table', /^[\w.-]{3,255}$/, 'a DynamoDB table name');
  const within = days(o, 'within-days', KEY_LIFETIME.warningDays, KEY_LIFETIME.validityDays.max);
  const at = now();
  const items = [];
  let start;
  do {
    const page = await client().send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const rows = items
    .filter((i) => i.status?.S === 'active')
    .map((i) => ({ id: i.sidecarId.S, tenant: i.tenantId?.S ?? '-', notAfter: Number(i.notAfter?.N ?? 0), successor: i.successor?.S ?? '-' }))
    .filter((r) => r.notAfter <= at + within * DAY)
    .sort((a, b) => a.notAfter - b.notAfter);
  console.log(['sidecar', 'tenant', 'notAfter', 'daysLeft', 'successor'].join('\t'));
  for (const r of rows) console.log([r.id, r.tenant, r.notAfter ? iso(r.notAfter) : 'none', r.notAfter ? Math.floor((r.notAfter - at) / DAY) : 'expired', r.successor].join('\t'));
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
  fail(`command must be keygen, register, rotate, expiring or revoke, got ${JSON.stringify(command)}`);
}
