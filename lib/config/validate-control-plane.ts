import { CONTROL_PLANE_PREFIX, RFC1918, TENANT_ADDRESS_SPACE } from './address-plan';
import { cidr, cidrContains, cidrsOverlap, Ipv4Cidr, parseCidr } from './cidr';
import { DEFAULT_PLAN_SIGNING, DEFAULT_SIDECAR_KEY_VALIDITY_DAYS, DEFAULT_WAF } from './defaults';
import { WAF_RATE_LIMITS } from './limits';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { ControlPlaneDomainConfig, CorsConfig, IdentityProviderConfig, PlanSigningConfig, PrivateAdminApiConfig, ThrottlingConfig, WafConfig } from './types';
import { checkCors } from './validate-cors';
import { checkThrottling } from './validate-throttling';
import { checkIdentityProvider } from './validate-identity-provider';
import { checkDomain } from './validate-domain';
import { checkPrivateAdminApi } from './validate-private-admin-api';
import { JWKS_MAX_AGE_RANGE } from '../../contracts/admin-identity';
import { SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { ERASURE_WINDOW_HOURS, EXPORT_RETENTION_DAYS } from '../../contracts/gdpr';

const KEY_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** The parts of the `controlPlane` section, each defaulted; a part is undefined when it has a problem. */
export interface CheckedControlPlane {
  readonly cidr?: Ipv4Cidr;
  readonly identityProvider?: IdentityProviderConfig;
  readonly waf?: WafConfig;
  readonly planSigning?: PlanSigningConfig;
  readonly sidecarKeyValidityDays?: number;
  readonly erasureWindowHours?: number;
  readonly exportRetentionDays?: number;
  readonly cors?: CorsConfig;
  readonly throttling?: ThrottlingConfig;
  readonly domain?: ControlPlaneDomainConfig;
  readonly privateAdminApi?: PrivateAdminApiConfig;
}

export function checkControlPlane(raw: unknown, problem: Problem): CheckedControlPlane | undefined {
  if (!isPlainObject(raw)) {
    problem('controlPlane', 'be an object with a cidr', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.', ['cidr', 'identityProvider', 'waf', 'planSigning', 'sidecarKeyValidityDays', 'erasureWindowHours', 'exportRetentionDays', 'cors', 'throttling', 'domain', 'privateAdminApi'], problem);
  const waf = checkWaf(raw.waf, problem);
  return {
    planSigning: checkPlanSigning(raw.planSigning, problem),
    cidr: checkControlPlaneCidr(raw.cidr, problem),
    identityProvider: checkIdentityProvider(raw.identityProvider, problem),
    waf,
    sidecarKeyValidityDays: checkSidecarKeyValidity(raw.sidecarKeyValidityDays, problem),
    erasureWindowHours: checkErasureWindow(raw.erasureWindowHours, problem),
    exportRetentionDays: checkExportRetention(raw.exportRetentionDays, problem),
    cors: checkCors(raw.cors, problem),
    throttling: checkThrottling(raw.throttling, problem),
    domain: checkDomain(raw.domain, raw.identityProvider !== undefined, problem),
    privateAdminApi: checkPrivateAdminApi(raw.privateAdminApi, { hasIdentityProvider: raw.identityProvider !== undefined, wafAllowList: waf?.allowList ?? [] }, problem),
  };
}

function checkSidecarKeyValidity(raw: unknown, problem: Problem): number | undefined {
  const days = raw === undefined ? DEFAULT_SIDECAR_KEY_VALIDITY_DAYS : raw;
  const { min, max } = SIDECAR_KEY_LIFETIME.validityDays;
  if (!isIntegerIn(days, min, max)) {
    problem('controlPlane.sidecarKeyValidityDays', `be an integer number of days in ${min}..${max} (how long a sidecar heartbeat key is valid)`, days);
    return undefined;
  }
  return days;
}

function checkErasureWindow(raw: unknown, problem: Problem): number | undefined {
  const hours = raw === undefined ? ERASURE_WINDOW_HOURS.default : raw;
  const { min, max } = ERASURE_WINDOW_HOURS;
  if (!isIntegerIn(hours, min, max)) {
    problem('controlPlane.erasureWindowHours', `be an integer number of hours in ${min}..${max} (how long an erasure request waits for a second admin)`, hours);
    return undefined;
  }
  return hours;
}

function checkExportRetention(raw: unknown, problem: Problem): number | undefined {
  const days = raw === undefined ? EXPORT_RETENTION_DAYS.default : raw;
  const { min, max } = EXPORT_RETENTION_DAYS;
  if (!isIntegerIn(days, min, max)) {
    problem('controlPlane.exportRetentionDays', `be an integer number of days in ${min}..${max} (how long a GDPR export's archive is kept before S3 deletes it)`, days);
    return undefined;
  }
  return days;
}

function checkControlPlaneCidr(value: unknown, problem: Problem): Ipv4Cidr | undefined {
  const field = 'controlPlane.cidr';
  if (typeof value !== 'string') {
    problem(field, 'be an IPv4 CIDR string like 10.0.0.0/16', value);
    return undefined;
  }
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') {
    problem(field, parsed, value);
    return undefined;
  }
  const { fail, ok } = tracking(problem);
  if (parsed.prefix < CONTROL_PLANE_PREFIX.min || parsed.prefix > CONTROL_PLANE_PREFIX.max) {
    fail(field, `have a prefix length in /${CONTROL_PLANE_PREFIX.min}../${CONTROL_PLANE_PREFIX.max}`, value);
  }
  if (!RFC1918.some((range) => cidrContains(range, parsed))) {
    fail(field, 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16', value);
  }
  if (TENANT_ADDRESS_SPACE.some((block) => cidrsOverlap(cidr(block), parsed))) {
    fail(field, 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255', value);
  }
  return ok() ? parsed : undefined;
}

function checkPlanSigning(raw: unknown, problem: Problem): PlanSigningConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_PLAN_SIGNING;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.planSigning', 'be an object with keys and active', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.planSigning.', ['keys', 'active', 'jwksMaxAgeSeconds'], problem);
  const keys = raw.keys;
  if (!Array.isArray(keys) || keys.length < 1 || keys.length > 2 || keys.some((k) => typeof k !== 'string' || !KEY_NAME.test(k)) || new Set(keys).size !== keys.length) {
    problem('controlPlane.planSigning.keys', 'be one or two distinct key names (a-z, 0-9, -; two only during a rotation)', keys);
    return undefined;
  }
  if (typeof raw.active !== 'string' || !keys.includes(raw.active)) {
    problem('controlPlane.planSigning.active', `name one of the keys (${keys.join(', ')})`, raw.active);
    return undefined;
  }
  const jwksMaxAgeSeconds = raw.jwksMaxAgeSeconds ?? DEFAULT_PLAN_SIGNING.jwksMaxAgeSeconds;
  if (!isIntegerIn(jwksMaxAgeSeconds, JWKS_MAX_AGE_RANGE.min, JWKS_MAX_AGE_RANGE.max)) {
    problem('controlPlane.planSigning.jwksMaxAgeSeconds', `be an integer number of seconds in ${JWKS_MAX_AGE_RANGE.min}..${JWKS_MAX_AGE_RANGE.max} (the bound on revoking a signing key)`, jwksMaxAgeSeconds);
    return undefined;
  }
  return { keys: keys as string[], active: raw.active, jwksMaxAgeSeconds };
}

function checkWaf(raw: unknown, problem: Problem): WafConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_WAF;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.waf', 'be an object with ratePerFiveMinutes and allowList', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.waf.', ['ratePerFiveMinutes', 'allowList', 'heartbeatRatePerFiveMinutes', 'botControl'], problem);
  const { fail, ok } = tracking(problem);
  const rate = raw.ratePerFiveMinutes ?? DEFAULT_WAF.ratePerFiveMinutes;
  if (!isIntegerIn(rate, WAF_RATE_LIMITS.min, WAF_RATE_LIMITS.max)) {
    fail('controlPlane.waf.ratePerFiveMinutes', `be an integer in ${WAF_RATE_LIMITS.min}..${WAF_RATE_LIMITS.max}`, rate);
  }
  const heartbeatRate = raw.heartbeatRatePerFiveMinutes ?? DEFAULT_WAF.heartbeatRatePerFiveMinutes;
  if (!isIntegerIn(heartbeatRate, WAF_RATE_LIMITS.min, WAF_RATE_LIMITS.max)) {
    fail('controlPlane.waf.heartbeatRatePerFiveMinutes', `be an integer in ${WAF_RATE_LIMITS.min}..${WAF_RATE_LIMITS.max}`, heartbeatRate);
  }
  const botControl = raw.botControl ?? DEFAULT_WAF.botControl;
  if (typeof botControl !== 'boolean') {
    fail('controlPlane.waf.botControl', 'be true or false', botControl);
  }
  const allowList = raw.allowList ?? DEFAULT_WAF.allowList;
  if (!Array.isArray(allowList)) {
    fail('controlPlane.waf.allowList', 'be an array of IPv4 CIDR blocks', allowList);
  } else {
    allowList.forEach((entry: unknown, i: number) => {
      const parsed = typeof entry === 'string' ? parseCidr(entry) : 'be an IPv4 CIDR string';
      if (typeof parsed === 'string') {
        fail(`controlPlane.waf.allowList[${i}]`, parsed, entry);
      }
    });
  }
  return ok() ? { ratePerFiveMinutes: rate as number, allowList: allowList as string[], heartbeatRatePerFiveMinutes: heartbeatRate as number, botControl: botControl as boolean } : undefined;
}
