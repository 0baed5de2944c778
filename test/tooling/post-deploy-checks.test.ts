/**
 * The deployed-platform check's decisions (scripts/post-deploy/checks.ts) and probes (scripts/post-deploy/probes.ts):
 * the resources it looks for exist in the synthesized tenant template, the simulations it asks IAM for, how it reads
 * IAM's answers, and its TLS and health probes against real TLS servers on 127.0.0.1. The check itself needs an
 * account and is not run here (docs/assurance.md).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createHandler } from '../../lambda/health-check/handler';
import { DeployedTenant, isolationSimulations, judgeHealth, judgeSimulation, judgeTls, pickTenantResources } from '../../scripts/post-deploy/checks';
import { get, handshake } from '../../scripts/post-deploy/probes';
import { REPO_ROOT } from '../helpers/app';
import { tenantApp } from '../helpers/pack';

const TLS = join(REPO_ROOT, 'test', 'fixtures', 'tls');
const CERT = readFileSync(join(TLS, 'loopback.cert.pem'), 'utf8');
const KEY = readFileSync(join(TLS, 'loopback.key.pem'), 'utf8');

function tenant(id: string): DeployedTenant {
  return { tenantId: id, runtimeRoleArn: `arn:aws:iam::111111111111:role/${id}-runtime`, keyArn: `arn:aws:kms:eu-west-1:111111111111:key/${id}`, keyPolicy: '{}', bucketArn: `arn:aws:s3:::${id}-bucket`, tableArn: `arn:aws:dynamodb:eu-west-1:111111111111:table/${id}` };
}

test('GIVEN the synthesized tenant stack THEN the check finds exactly one runtime role, key, bucket and table in it', () => {
  const template = Template.fromStack(tenantApp().stack).toJSON();
  const resources = Object.entries<any>(template.Resources).map(([id, r]) => ({ LogicalResourceId: id, ResourceType: r.Type, PhysicalResourceId: `physical-${id}` }));
  const picked = pickTenantResources(resources);
  expect(Object.keys(picked).sort()).toEqual(['bucket', 'key', 'runtimeRole', 'table']);
  expect(template.Resources[picked.runtimeRole.slice('physical-'.length)].Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
  expect(() => pickTenantResources(resources.filter((r) => r.ResourceType !== 'AWS::DynamoDB::Table'))).toThrow('the stack has 0 AWS::DynamoDB::Table resources matching');
});

test('GIVEN two tenants THEN each one\'s runtime is simulated against the other\'s key, objects, bucket and table (denied) and its own (allowed)', () => {
  const sims = isolationSimulations([tenant('acme'), tenant('globex')]);
  expect(sims.filter((s) => s.expect === 'denied').map((s) => s.name)).toEqual(['acme -> globex: key', 'acme -> globex: objects', 'acme -> globex: bucket', 'acme -> globex: table', 'globex -> acme: key', 'globex -> acme: objects', 'globex -> acme: bucket', 'globex -> acme: table']);
  expect(sims.filter((s) => s.expect === 'allowed')).toHaveLength(6);
  const key = sims.find((s) => s.name === 'acme -> globex: key')!;
  expect([key.policySourceArn, key.resourceArn, key.resourcePolicy]).toEqual([tenant('acme').runtimeRoleArn, tenant('globex').keyArn, '{}']);
  expect(key.actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant']));
});

test('GIVEN IAM\'s answers THEN an allowed foreign action, a denied own action and an unanswered action are each a problem', () => {
  const [own, foreign] = [isolationSimulations([tenant('a'), tenant('b')]).find((s) => s.expect === 'allowed')!, isolationSimulations([tenant('a'), tenant('b')]).find((s) => s.expect === 'denied')!];
  expect(judgeSimulation(own, own.actions.map((action) => ({ action, decision: 'allowed' })))).toEqual([]);
  expect(judgeSimulation(foreign, foreign.actions.map((action, i) => ({ action, decision: i % 2 ? 'implicitDeny' : 'explicitDeny' })))).toEqual([]);
  expect(judgeSimulation(foreign, foreign.actions.map((action) => ({ action, decision: action === 'kms:Decrypt' ? 'allowed' : 'implicitDeny' })))).toEqual(['a -> b: key: kms:Decrypt is allowed, expected denied']);
  expect(judgeSimulation(own, [{ action: own.actions[0], decision: 'implicitDeny' }])).toEqual([`a uses its own key: ${own.actions[0]} is implicitDeny, expected allowed`, `a uses its own key: ${own.actions[1]} not evaluated`]);
});

describe('probes against TLS servers on 127.0.0.1', () => {
  const servers: Server[] = [];
  async function serve(minVersion: 'TLSv1.2' | 'TLSv1.3', respond: (path: string) => { status: number; headers?: Record<string, string>; body: string }): Promise<URL> {
    const server = createServer({ cert: CERT, key: KEY, minVersion, maxVersion: 'TLSv1.3' }, (req, res) => {
      const answer = respond(req.url ?? '/');
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/prod`);
  }
  afterAll(async () => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  test('GIVEN a TLS 1.3-only endpoint THEN no problem; one that accepts TLS 1.2 THEN the problem names it', async () => {
    const strict = await serve('TLSv1.3', () => ({ status: 200, body: '{}' }));
    const loose = await serve('TLSv1.2', () => ({ status: 200, body: '{}' }));
    expect(judgeTls({ tls12: await handshake(strict, 'TLSv1.2', { ca: CERT }), tls13: await handshake(strict, 'TLSv1.3', { ca: CERT }) })).toEqual([]);
    expect(judgeTls({ tls12: await handshake(loose, 'TLSv1.2', { ca: CERT }), tls13: await handshake(loose, 'TLSv1.3', { ca: CERT }) })).toEqual(['the API accepted a TLS 1.2 handshake (DATA-2: TLS 1.3 only)']);
    // A certificate nobody trusts is a refused handshake at every version: the probe then says it proved nothing.
    expect(judgeTls({ tls12: await handshake(strict, 'TLSv1.2'), tls13: await handshake(strict, 'TLSv1.3') })).toEqual(['the API refused TLS 1.3: the probe proved nothing']);
  });

  test('GIVEN the real health-check handler\'s answers THEN nothing revealed; a body with an error or a versioned server header THEN problems', async () => {
    const logger = new Logger({ logLevel: 'SILENT' });
    const healthy = await createHandler({ probes: { table: async () => {}, bucket: async () => {} }, logger })();
    const degraded = await createHandler({ probes: { table: async () => { throw new Error('AccessDenied arn:aws:dynamodb:...'); } }, logger })();
    for (const answer of [healthy, degraded]) {
      const url = await serve('TLSv1.3', () => ({ status: answer.statusCode, body: answer.body }));
      const got = await get(new URL(`${url.pathname}/health-check`, url), { ca: CERT });
      expect(judgeHealth(got.status, got.headers, got.body)).toEqual([]);
    }
    expect(judgeHealth(503, {}, '{"status":"degraded","components":{"table":"degraded"},"error":"AccessDenied"}')).toEqual([expect.stringContaining('reveals more than a status per component')]);
    expect(judgeHealth(200, { server: 'nginx/1.25.3' }, '{"status":"ok","components":{}}')).toEqual(["the health check's server header names a version: nginx/1.25.3"]);
    expect(judgeHealth(500, {}, 'Internal Server Error')).toEqual(['the health check answered 500, expected 200 or 503', 'the health check body is not JSON']);
  });
});
