import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { checkHealth } from '../../lambda/health-check/core';
import { awsProbes, createHandler } from '../../lambda/health-check/handler';
import { SECURITY_HEADERS } from '../../contracts/security-headers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('checkHealth', () => {
  test('GIVEN every probe answers THEN ok', async () => {
    expect(await checkHealth({ table: async () => {}, bucket: async () => {} }, 100)).toEqual({ status: 'ok', components: { bucket: 'ok', table: 'ok' } });
  });

  test('GIVEN a probe fails or hangs THEN that component and the whole report are degraded, and the reason goes only to the callback', async () => {
    const failures: string[] = [];
    const report = await checkHealth(
      { table: async () => Promise.reject(new Error('arn:aws:dynamodb:eu-west-1:111122223333:table/secret-name not found')), bucket: () => new Promise(() => {}) },
      50,
      (c) => failures.push(c),
    );
    expect(report).toEqual({ status: 'degraded', components: { bucket: 'degraded', table: 'degraded' } });
    expect(JSON.stringify(report)).not.toMatch(/arn:|secret-name|timed out/);
    expect(failures.sort()).toEqual(['bucket', 'table']);
  });
});

describe('health-check handler against a real DynamoDB (dynalite) and a loopback S3 endpoint', () => {
  let ddbServer: Server;
  let s3Server: Server;
  let dynamodb: DynamoDBClient;
  let s3: S3Client;

  beforeAll(async () => {
    ddbServer = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => ddbServer.listen(0, '127.0.0.1', resolve));
    dynamodb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(ddbServer.address() as AddressInfo).port}`, region: 'eu-west-1', credentials });
    await dynamodb.send(new CreateTableCommand({ TableName: 'control-plane', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    // HeadBucket: 200 for the one bucket that exists, 404 for any other, as S3 answers it.
    s3Server = createServer((req, res) => res.writeHead(req.method === 'HEAD' && req.url?.startsWith('/control-plane-bucket') ? 200 : 404).end());
    await new Promise<void>((resolve) => s3Server.listen(0, '127.0.0.1', resolve));
    s3 = new S3Client({ endpoint: `http://127.0.0.1:${(s3Server.address() as AddressInfo).port}`, forcePathStyle: true, region: 'eu-west-1', credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    dynamodb.destroy();
    s3.destroy();
    await new Promise((r) => ddbServer.close(r));
    await new Promise((r) => s3Server.close(r));
  });

  const logger = () => new Logger({ serviceName: 'health-check', logLevel: 'SILENT' });

  test('GIVEN the table and bucket exist THEN 200 ok with the security headers', async () => {
    const response = await createHandler({ probes: awsProbes('control-plane', 'control-plane-bucket', dynamodb, s3), logger: logger() })();
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok', components: { bucket: 'ok', table: 'ok' } });
    expect(response.headers).toEqual({ ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
  });

  test('GIVEN the table is missing THEN 503 degraded, revealing no name, message or stack', async () => {
    const log = logger();
    const warn = jest.spyOn(log, 'warn');
    const response = await createHandler({ probes: awsProbes('no-such-table', 'control-plane-bucket', dynamodb, s3), logger: log })();
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ status: 'degraded', components: { bucket: 'ok', table: 'degraded' } });
    expect(response.body).not.toMatch(/no-such-table|ResourceNotFound|Error|at /);
    expect(warn).toHaveBeenCalledWith('health probe failed', { component: 'table', error: 'ResourceNotFoundException' });
  });

  test('GIVEN the bucket is missing THEN 503 degraded', async () => {
    const response = await createHandler({ probes: awsProbes('control-plane', 'other-bucket', dynamodb, s3), logger: logger() })();
    expect(JSON.parse(response.body)).toEqual({ status: 'degraded', components: { bucket: 'degraded', table: 'ok' } });
  });
});
