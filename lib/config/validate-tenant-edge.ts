import { TRANSIENT_HOURS } from '../../contracts/retention';
import { DEFAULT_TENANT_API_ACCESS, DEFAULT_TENANT_RETENTION } from './defaults';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { THROTTLE_BOUNDS } from './throttle-plan';
import { TenantApiAccessConfig, TenantRetentionConfig } from './types';

/** An API key name: part of a secret name, an API key name and an SSM parameter name. */
export const API_KEY_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/**
 * `tenants[].apiAccess`: one or two distinct key names, the active one among them, and the usage plan's rate and burst
 * within what API Gateway accepts per account (THROTTLE_BOUNDS). Every problem is reported.
 */
export function checkApiAccess(raw: unknown, at: string, problem: Problem): TenantApiAccessConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_TENANT_API_ACCESS;
  }
  if (!isPlainObject(raw)) {
    problem(at, 'be an object with keys, active, rateLimit and burstLimit', raw);
    return undefined;
  }
  checkKeys(raw, `${at}.`, ['keys', 'active', 'rateLimit', 'burstLimit'], problem);
  const { fail, ok } = tracking(problem);
  const keys = raw.keys ?? DEFAULT_TENANT_API_ACCESS.keys;
  const keysOk = Array.isArray(keys) && keys.length >= 1 && keys.length <= 2 && keys.every((k) => typeof k === 'string' && API_KEY_NAME.test(k)) && new Set(keys).size === keys.length;
  if (!keysOk) {
    fail(`${at}.keys`, 'be one or two distinct key names (a-z, 0-9, -; 1-32 characters; two only during a rotation)', keys);
  }
  const active = raw.active ?? (keysOk && (keys as string[]).length === 1 ? (keys as string[])[0] : DEFAULT_TENANT_API_ACCESS.active);
  if (keysOk && (typeof active !== 'string' || !(keys as string[]).includes(active))) {
    fail(`${at}.active`, `name one of the keys (${(keys as string[]).join(', ')})`, active);
  }
  const rateLimit = raw.rateLimit ?? DEFAULT_TENANT_API_ACCESS.rateLimit;
  const burstLimit = raw.burstLimit ?? DEFAULT_TENANT_API_ACCESS.burstLimit;
  const { rateLimit: rate, burstLimit: burst } = THROTTLE_BOUNDS;
  if (!isIntegerIn(rateLimit, rate.min, rate.max)) {
    fail(`${at}.rateLimit`, `be an integer number of requests per second in ${rate.min}..${rate.max}`, rateLimit);
  }
  if (!isIntegerIn(burstLimit, burst.min, burst.max)) {
    fail(`${at}.burstLimit`, `be an integer in ${burst.min}..${burst.max}`, burstLimit);
  }
  return ok() ? { keys: keys as string[], active: active as string, rateLimit: rateLimit as number, burstLimit: burstLimit as number } : undefined;
}

/** `tenants[].retention`: `transientHours` an integer in TRANSIENT_HOURS. */
export function checkRetention(raw: unknown, at: string, problem: Problem): TenantRetentionConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_TENANT_RETENTION;
  }
  if (!isPlainObject(raw)) {
    problem(at, 'be an object with transientHours', raw);
    return undefined;
  }
  checkKeys(raw, `${at}.`, ['transientHours'], problem);
  const hours = raw.transientHours ?? DEFAULT_TENANT_RETENTION.transientHours;
  if (!isIntegerIn(hours, TRANSIENT_HOURS.min, TRANSIENT_HOURS.max)) {
    problem(`${at}.transientHours`, `be an integer number of hours in ${TRANSIENT_HOURS.min}..${TRANSIENT_HOURS.max} (how long transient records are kept)`, hours);
    return undefined;
  }
  return { transientHours: hours };
}
