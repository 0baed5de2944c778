import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HEARTBEAT_INGEST_ENV } from '../../contracts/environment';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { integerEnv, requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import { statusResponse } from '../shared/http';
import { HEARTBEAT_WINDOW_SECONDS, SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { createApiKeyOwners } from './api-key-owners';
import { AcceptedHeartbeat, createIngest, HeartbeatCaller, HeartbeatRejected } from './ingest';

/** `WINDOW_SECONDS`: at least a second, at most an hour. */
const WINDOW_SECONDS_RANGE = { min: 1, max: 3600 };

/**
 * POST /heartbeats: 202 when accepted; a plain 400 (malformed) or 403 (anything else) otherwise, never why.
 * TamperDetected counts only tamper flags inside accepted heartbeats, so only a sidecar's own key can raise the tamper
 * alarm; every refusal (which anyone can cause) counts in UnauthenticatedHeartbeat instead. Both are logged with a
 * reason code; an unexpected failure (the registry unreachable) is a 503 and an error log. A heartbeat signed with an
 * expired key (refused only after its signature verified) counts in ExpiredSidecarKey instead: it is the sidecar's
 * own, late, key, not an unauthenticated sender. A heartbeat that came with another tenant's API key counts in
 * ApiKeyTenantMismatch (API_KEY_WRONG_TENANT): only a holder of a valid key can cause it.
 */
export function createHandler(ingest: (body: Uint8Array | string, caller?: HeartbeatCaller) => Promise<AcceptedHeartbeat>, logger: Logger, metrics: Metrics) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '');
      const accepted = await ingest(body, { apiKeyId: event.requestContext?.identity?.apiKeyId ?? undefined });
      if (accepted.tamperFlags.length > 0) {
        logger.warn('tamper reported', { reason: 'TAMPER_REPORTED', tenantId: accepted.tenantId, sidecarId: accepted.sidecarId, flags: accepted.tamperFlags });
        metrics.addMetric(PLATFORM_METRICS.tamperDetected.name, MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      }
      return statusResponse(202);
    } catch (error) {
      if (error instanceof HeartbeatRejected) {
        logger.warn('heartbeat rejected', { reason: error.reason });
        const metric = error.reason === 'KEY_EXPIRED' ? PLATFORM_METRICS.expiredSidecarKey : error.reason === 'API_KEY_WRONG_TENANT' ? PLATFORM_METRICS.apiKeyTenantMismatch : PLATFORM_METRICS.unauthenticatedHeartbeat;
        metrics.addMetric(metric.name, MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
        return statusResponse(error.malformed ? 400 : 403);
      }
      logger.error('heartbeat ingest failed', { error: error instanceof Error ? error.name : typeof error });
      return statusResponse(503);
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
      keyValidityDays: integerEnv(HEARTBEAT_INGEST_ENV.keyValidityDays, SIDECAR_KEY_LIFETIME.validityDays, SIDECAR_KEY_LIFETIME.defaultValidityDays),
      // Always: the deployed ingest accepts a heartbeat only with an API key of the tenant it claims.
      apiKeyBelongsTo: createApiKeyOwners({ ssm: new SSMClient({}) }),
    }),
    createLogger(PLATFORM_METRICS.tamperDetected.service),
    new Metrics({ namespace: PLATFORM_METRICS.tamperDetected.namespace, serviceName: PLATFORM_METRICS.tamperDetected.service }),
  );
  return instance(event);
};
