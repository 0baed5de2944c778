#!/usr/bin/env node
// Signed-plan benchmark: `npm run bench:plans`.
//
// 1. Verifier decisions per second with the JWKS cached (served by a real HTTP server on 127.0.0.1), against raw
//    crypto.verify ES256 (P1363) of the same token in the same process (target >= 0.7x), measured in alternating
//    rounds (bench/lib/rate.mjs `ratio`) so load from other processes hits both alike. The verifier includes the
//    canonical digest of a small plan and its constant-time comparison, as in production.
// 2. Signer overhead outside the KMS call for a 10 KiB plan (target < 1 ms): the KMS client is replaced by an
//    in-process stub that answers Sign instantly with a fixed DER signature, so what is timed is canonicalisation,
//    hashing, JWS assembly and DER->JOSE; the stub counts calls to prove exactly one Sign per plan.
// The library code is bundled with esbuild first, exactly as the Lambda bundles are built.
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ratio } from './lib/rate.mjs';

const out = join('bench', 'out');
mkdirSync(out, { recursive: true });
const entry = join(out, 'plans-entry.ts');
writeFileSync(
  entry,
  "export { createPlanSigner } from '../../lambda/plan-signer/signer';\nexport { createPlanVerifier } from '../../lambda/plan-verifier/verifier';\nexport { canonicalize } from '../../contracts/canonical-json';\n",
);
const bundle = join(out, 'plans.mjs');
await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'esm', outfile: bundle, logLevel: 'error', external: ['@aws-sdk/*'] });
const { createPlanSigner, createPlanVerifier } = await import(pathToFileURL(join(process.cwd(), bundle)).href);


// A P-256 key standing in for the KMS key; the stub answers GetPublicKey with its SPKI and Sign with a real DER
// signature computed once (the bytes are not checked by the signer, only their encoding).
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const fixedDer = sign('sha256', Buffer.from('bench'), privateKey);
const calls = { Sign: 0, GetPublicKey: 0 };
const kmsStub = {
  send: async (command) => {
    const name = command.constructor.name.replace('Command', '');
    calls[name] = (calls[name] ?? 0) + 1;
    if (name === 'GetPublicKey') return { PublicKey: publicKey.export({ format: 'der', type: 'spki' }) };
    return { Signature: fixedDer };
  },
};
const plan10k = { steps: Array.from({ length: 135 }, (_, i) => ({ id: i, run: `step-${i}`, args: { target: `s3://bucket/path/${i}`, retries: 3 } })) };
const planBytes = Buffer.byteLength(JSON.stringify(plan10k));
const signer = createPlanSigner({ kms: kmsStub, keyId: 'bench', issuer: 'https://api.example.com/prod/', tenants: new Set(['acme']) });
await signer('acme', plan10k);
const before = calls.Sign;
const N = 2000;
const started = process.hrtime.bigint();
for (let i = 0; i < N; i++) await signer('acme', plan10k);
const signerMicros = Number(process.hrtime.bigint() - started) / 1000 / N;
const signsPerPlan = (calls.Sign - before) / N;

// Verifier against a real JWKS server on loopback, with a token signed by the same key (P1363).
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256', use: 'sig' };
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const now = Math.floor(Date.now() / 1000);
const smallPlan = { steps: [{ id: 1, run: 'extract' }, { id: 2, run: 'load' }], version: 3 };
const { canonicalize } = await import(pathToFileURL(join(process.cwd(), bundle)).href);
const { createHash } = await import('node:crypto');
const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'plan+jwt', kid: 'bench' })).toString('base64url');
const payload = Buffer.from(
  JSON.stringify({ iss: 'https://api.example.com/prod/', sub: 'acme', aud: 'urn:tenant-baseline:data-plane:acme', iat: now, exp: now + 300, jti: 'j', plan_sha256: createHash('sha256').update(canonicalize(smallPlan)).digest('base64url') }),
).toString('base64url');
const signingInput = Buffer.from(`${header}.${payload}`);
const signature = sign('sha256', signingInput, { key: privateKey, dsaEncoding: 'ieee-p1363' });
const token = `${header}.${payload}.${signature.toString('base64url')}`;
const verifier = createPlanVerifier({ jwksUrl: `http://127.0.0.1:${server.address().port}/jwks.json`, issuer: 'https://api.example.com/prod/', tenantId: 'acme' });
await verifier(token, smallPlan);
const key = createPublicKey({ key: jwk, format: 'jwk' });
const ROUNDS = 10;
const measured = await ratio(() => verifier(token, smallPlan), () => verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature), { rounds: ROUNDS, roundMs: 300 });
const { subjectPerSecond: verifierPerSecond, baselinePerSecond: rawPerSecond } = measured;
server.close();

const machine = `${cpus().length} cores (${cpus()[0].model.trim()}), Node ${process.version}`;
console.log(
  [
    `Machine: ${machine}; one process.`,
    '',
    '| measure | value | target |',
    '|---|---:|---|',
    `| verifier decisions per second, JWKS cached | ${Math.round(verifierPerSecond)} | - |`,
    `| raw crypto.verify ES256 (P1363) per second, same token | ${Math.round(rawPerSecond)} | - |`,
    `| ratio verifier / raw (median of ${ROUNDS} alternating rounds) | ${measured.ratio.toFixed(2)}x | >= 0.7x |`,
    `| signer overhead outside KMS, ${(planBytes / 1024).toFixed(1)} KiB plan (mean of ${N}) | ${(signerMicros / 1000).toFixed(3)} ms | < 1 ms |`,
    `| KMS Sign calls per plan | ${signsPerPlan} | exactly 1 |`,
  ].join('\n'),
);
writeFileSync(join(out, 'plans.json'), JSON.stringify({ machine, verifierPerSecond, rawPerSecond, ratio: measured.ratio, signerMicros, signsPerPlan, planBytes }, undefined, 2) + '\n');
