import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { requiredEnv } from '../shared/env';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { AcceptedHeartbeat, createIngest, HeartbeatRejected } from './ingest';

const respond = (statusCode: number, message: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json' },
  body: JSON.stringify({ message }),
});

/**
 * POST /heartbeats: 202 when accepted; a plain 400 (malformed) or 403 (anything else) otherwise, never why. Every
 * signature failure, replay and tamper report is counted in the TamperDetected metric, which the tamper alarm watches,
 * and logged with a reason code.
 */
export function createHandler(ingest: (body: Uint8Array | string) => Promise<AcceptedHeartbeat>, logger: Logger, metrics: Metrics) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    let tamper = 0;
    try {
      const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '');
      const accepted = await ingest(body);
      if (accepted.tamperFlags.length > 0) {
        tamper = 1;
        logger.warn('tamper reported', { reason: 'TAMPER_REPORTED', tenantId: accepted.tenantId, sidecarId: accepted.sidecarId, flags: accepted.tamperFlags });
      }
      return respond(202, 'Accepted');
    } catch (error) {
      if (error instanceof HeartbeatRejected) {
        if (error.tamperEvidence) tamper = 1;
        logger.warn('heartbeat rejected', { reason: error.reason });
        return error.malformed ? respond(400, 'Bad Request') : respond(403, 'Forbidden');
      }
      logger.error('heartbeat ingest failed', { error: error instanceof Error ? error.name : typeof error });
      return respond(503, 'Service Unavailable');
    } finally {
      if (tamper > 0) {
        metrics.addMetric(PLATFORM_METRICS.tamperDetected.name, MetricUnit.Count, tamper);
        metrics.publishStoredMetrics();
      }
    }
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = (event: APIGatewayProxyEvent) => {
  instance ??= createHandler(
    createIngest({ dynamodb: new DynamoDBClient({}), tableName: requiredEnv('REGISTRY_TABLE'), windowSeconds: Number(process.env.WINDOW_SECONDS ?? 300) }),
    new Logger({ serviceName: PLATFORM_METRICS.tamperDetected.service }),
    new Metrics({ namespace: PLATFORM_METRICS.tamperDetected.namespace, serviceName: PLATFORM_METRICS.tamperDetected.service }),
  );
  return instance(event);
};
