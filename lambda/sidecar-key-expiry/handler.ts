import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SIDECAR_KEY_EXPIRY_ENV } from '../../contracts/environment';
import { DAY_SECONDS, SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { integerEnv, requiredEnv } from '../shared/env';
import { expiringKeys, readRegistry, RegistryKey } from './expiry';

const METRIC = PLATFORM_METRICS.sidecarKeysExpiringSoon;

/**
 * The scheduled expiry check: reads the whole registry, logs each active key that expires within the warning window
 * without an active successor, and publishes their number on every run, zero included (the alarm treats a missing
 * datapoint as "the check stopped", not as "nothing expires").
 */
export function createHandler(readKeys: () => Promise<RegistryKey[]>, options: { warningDays: number; keyValidityDays: number; now?: () => number }, logger: Logger, metrics: Metrics) {
  return async (): Promise<{ expiring: number }> => {
    const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
    const expiring = expiringKeys(await readKeys(), nowSeconds, options.warningDays, options.keyValidityDays * DAY_SECONDS);
    for (const key of expiring) {
      logger.warn('sidecar key expiring without a successor', { reason: 'KEY_EXPIRING', sidecarId: key.sidecarId, tenantId: key.tenantId, daysLeft: key.daysLeft, notAfter: new Date(key.expiresAt * 1000).toISOString() });
    }
    metrics.addMetric(METRIC.name, MetricUnit.Count, expiring.length);
    metrics.publishStoredMetrics();
    return { expiring: expiring.length };
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = () => {
  if (!instance) {
    const dynamodb = new DynamoDBClient({});
    const table = requiredEnv(SIDECAR_KEY_EXPIRY_ENV.registryTable);
    instance = createHandler(
      () => readRegistry(dynamodb, table),
      {
        warningDays: integerEnv(SIDECAR_KEY_EXPIRY_ENV.warningDays, { min: 1, max: SIDECAR_KEY_LIFETIME.validityDays.max }, SIDECAR_KEY_LIFETIME.warningDays),
        keyValidityDays: integerEnv(SIDECAR_KEY_EXPIRY_ENV.keyValidityDays, SIDECAR_KEY_LIFETIME.validityDays, SIDECAR_KEY_LIFETIME.defaultValidityDays),
      },
      new Logger({ serviceName: METRIC.service }),
      new Metrics({ namespace: METRIC.namespace, serviceName: METRIC.service }),
    );
  }
  return instance();
};
