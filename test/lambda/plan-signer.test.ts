import { createHash } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, importSPKI, JWK, jwtVerify } from 'jose';
import { createPlanSigner, PlanRejected } from '../../lambda/plan-signer/signer';
import { canonicalize } from '../../contracts/canonical-json';
import { dataPlaneAudience, PLAN_TOKEN } from '../../contracts/plan-token';
import { KmsServer } from '../helpers/kms-server';

const ISSUER = 'https://api.example.com/prod/';
let kms: KmsServer;
let client: KMSClient;
let keyArn: string;

beforeAll(async () => {
  kms = new KmsServer();
  keyArn = kms.addKey();
  const endpoint = await kms.start();
  client = new KMSClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await kms.stop();
});

const signer = (maxPlanBytes?: number) => createPlanSigner({ kms: client, keyId: keyArn, issuer: ISSUER, tenants: new Set(['acme', 'globex']), maxPlanBytes });
const publicJwk = async (): Promise<JWK> => exportJWK(await importSPKI(kms.publicKeyOf(keyArn).export({ format: 'pem', type: 'spki' }) as string, 'ES256'));
const plan = { steps: [{ id: 1, run: 'extract' }, { id: 2, run: 'load' }], version: 3 };

describe('plan signer (KMS double on loopback, real P-256)', () => {
  test('GIVEN a plan THEN jose independently verifies the token with the public key: ES256, plan+jwt, claims as specified', async () => {
    const signed = await signer()('acme', plan);
    const key = await importSPKI(kms.publicKeyOf(keyArn).export({ format: 'pem', type: 'spki' }) as string, 'ES256');
    const { payload, protectedHeader } = await jwtVerify(signed.token, key, { algorithms: ['ES256'], typ: 'plan+jwt', issuer: ISSUER, audience: dataPlaneAudience('acme'), subject: 'acme' });
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'plan+jwt', kid: await calculateJwkThumbprint(await publicJwk(), 'sha256') });
    expect(payload.exp! - payload.iat!).toBe(PLAN_TOKEN.lifetimeSeconds);
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(payload[PLAN_TOKEN.digestClaim]).toBe(createHash('sha256').update(canonicalize(plan)).digest('base64url'));
    expect(JSON.stringify(payload)).not.toContain('extract'); // the plan travels beside the token, not inside it
  });

  test('GIVEN three plans THEN exactly one Sign call per plan, and the public key is read once', async () => {
    const before = { sign: kms.calls.Sign ?? 0, get: kms.calls.GetPublicKey ?? 0 };
    const s = signer();
    for (let i = 0; i < 3; i++) await s('globex', { ...plan, version: i });
    expect((kms.calls.Sign ?? 0) - before.sign).toBe(3);
    expect((kms.calls.GetPublicKey ?? 0) - before.get).toBe(1);
  });

  test('GIVEN the same plan with keys reordered THEN the digest is the same', async () => {
    const a = await signer()('acme', { version: 3, steps: plan.steps });
    const b = await signer()('acme', plan);
    const digest = (t: string) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString())[PLAN_TOKEN.digestClaim];
    expect(digest(a.token)).toBe(digest(b.token));
    expect(decodeProtectedHeader(a.token).kid).toBe(a.kid);
  });

  test('GIVEN two tokens for the same plan THEN their jti differ', async () => {
    const s = signer();
    expect((await s('acme', plan)).jti).not.toBe((await s('acme', plan)).jti);
  });

  test('GIVEN an unknown tenant THEN it is refused before any KMS call', async () => {
    const before = kms.calls.Sign ?? 0;
    await expect(signer()('initech', plan)).rejects.toMatchObject({ reason: 'UNKNOWN_TENANT' });
    expect(kms.calls.Sign ?? 0).toBe(before);
  });

  test('GIVEN a plan over the size limit THEN it is refused; at the limit it is signed', async () => {
    const big = { data: 'x'.repeat(100) };
    const size = Buffer.byteLength(canonicalize(big));
    await expect(signer(size - 1)('acme', big)).rejects.toMatchObject({ reason: 'PLAN_TOO_LARGE' });
    await expect(signer(size)('acme', big)).resolves.toHaveProperty('token');
  });

  test('GIVEN a 256 KiB plan THEN the signing input stays under the KMS RAW limit', async () => {
    const large = { blob: 'y'.repeat(256 * 1024 - 20) };
    await expect(signer()('acme', large)).resolves.toHaveProperty('token');
  });

  test.each([[Number.NaN], [{ f: () => 1 }], ['\ud800']])('GIVEN a value that is not I-JSON (%p) THEN it is refused as PLAN_NOT_JSON', async (bad) => {
    await expect(signer()('acme', { bad })).rejects.toBeInstanceOf(PlanRejected);
    await expect(signer()('acme', { bad })).rejects.toMatchObject({ reason: 'PLAN_NOT_JSON' });
  });
});
