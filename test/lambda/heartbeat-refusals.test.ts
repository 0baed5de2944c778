/**
 * Every refusal of a heartbeat is a refusal: a 400 or 403 with the status phrase only, counted in
 * UnauthenticatedHeartbeat, never a 503 or an error log, whatever a sender puts in the free-form payload. The registry
 * is a fake holding one active sidecar, so a hostile body gets as far as it can (past the lookup) without a database.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHandler } from '../../lambda/heartbeat-ingest/handler';
import { createIngest, parseHeartbeat } from '../../lambda/heartbeat-ingest/ingest';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { emittingMetrics } from '../helpers/emf';
import { signHeartbeat } from '../helpers/heartbeat';

const pair = generateKeyPairSync('ed25519');
const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
const registry = { send: jest.fn(async () => ({ Item: { sidecarId: { S: 'sc-1' }, tenantId: { S: 'acme' }, publicKey: { S: raw }, status: { S: 'active' }, notAfter: { N: String(Math.floor(Date.now() / 1000) + 86_400) } } })) };
const ns = PLATFORM_METRICS.tamperDetected.namespace;
const now = () => Math.floor(Date.now() / 1000);
const SIGNATURE = `${'A'.repeat(86)}==`;
/** A body for the registered sidecar whose payload member `x` is the raw JSON text given (JSON.stringify cannot write 1e400). */
const withPayload = (x: string) => `{"tenantId":"acme","sidecarId":"sc-1","counter":1,"timestamp":${now()},"payload":{"x":${x}},"signature":"${SIGNATURE}"}`;

describe('a payload RFC 8785 cannot canonicalise is a malformed body (400), not an internal error (503)', () => {
  test.each([
    ['a number JSON.parse makes infinite (1e400)', '1e400'],
    ['a lone surrogate', '"\\ud800"'],
    ['a lone surrogate in a member name', '{"\\udc00":1}'],
  ])('GIVEN %s THEN parsing refuses it as BAD_FIELDS, before any I/O', (_, x) => {
    expect(() => parseHeartbeat(withPayload(x))).toThrow(expect.objectContaining({ name: 'HeartbeatRejected', reason: 'BAD_FIELDS' }));
  });

  test.each([['1e400'], ['"\\ud800"']])('GIVEN a registered sidecar id and payload x=%s THEN a plain 400, counted as unauthenticated, no error log', async (x) => {
    registry.send.mockClear();
    const emf = emittingMetrics(ns, PLATFORM_METRICS.tamperDetected.service);
    try {
      const logger = new Logger({ logLevel: 'SILENT' });
      const error = jest.spyOn(logger, 'error');
      const warn = jest.spyOn(logger, 'warn');
      const handler = createHandler(createIngest({ dynamodb: registry as unknown as DynamoDBClient, tableName: 't' }), logger, emf.metrics);
      const response = await handler({ body: withPayload(x), isBase64Encoded: false } as never);
      expect(response).toEqual(expect.objectContaining({ statusCode: 400, body: '{"message":"Bad Request"}' }));
      expect(error).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledWith('heartbeat rejected', { reason: 'BAD_FIELDS' });
      expect(emf.totals()).toEqual({ [`${ns}/${PLATFORM_METRICS.unauthenticatedHeartbeat.name}`]: 1 });
      expect(registry.send).not.toHaveBeenCalled();
    } finally {
      emf.restore();
    }
  });

  test('GIVEN a genuine heartbeat for the same sidecar THEN it is accepted (so the refusals above are the case under test)', async () => {
    const hb = signHeartbeat(pair.privateKey, { tenantId: 'acme', sidecarId: 'sc-1', counter: 1, timestamp: now(), payload: { x: 1 } });
    await expect(createIngest({ dynamodb: registry as unknown as DynamoDBClient, tableName: 't' })(JSON.stringify(hb))).resolves.toMatchObject({ sidecarId: 'sc-1' });
  });
});
