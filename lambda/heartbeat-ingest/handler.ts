import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HEARTBEAT_INGEST_ENV } from '../../contracts/environment';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { integerEnv, requiredEnv } from '../shared/env';
import { statusResponse } from '../shared/http';
import { HEARTBEAT_WINDOW_SECONDS } from '../../contracts/heartbeat-format';
import { AcceptedHeartbeat, createIngest, HeartbeatRejected } from './ingest';

/** `WINDOW_SECONDS`: at least a second, at most an hour. */
const WINDOW_SECONDS_RANGE = { min: 1, max: 3600 };

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
      return statusResponse(202);
    } catch (error) {
      if (error instanceof HeartbeatRejected) {
        if (error.tamperEvidence) tamper = 1;
        logger.warn('heartbeat rejected', { reason: error.reason });
        return statusResponse(error.malformed ? 400 : 403);
      }
      logger.error('heartbeat ingest failed', { error: error instanceof Error ? error.name : typeof error });
      return statusResponse(503);
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
    createIngest({
      dynamodb: new DynamoDBClient({}),
      tableName: requiredEnv(HEARTBEAT_INGEST_ENV.registryTable),
      windowSeconds: integerEnv(HEARTBEAT_INGEST_ENV.windowSeconds, WINDOW_SECONDS_RANGE, HEARTBEAT_WINDOW_SECONDS),
    }),
    new Logger({ serviceName: PLATFORM_METRICS.tamperDetected.service }),
    new Metrics({ namespace: PLATFORM_METRICS.tamperDetected.namespace, serviceName: PLATFORM_METRICS.tamperDetected.service }),
  );
  return instance(event);
};
