import { cidr, cidrsOverlap, Ipv4Cidr } from './cidr';
import { isTenantNumber, TENANT_NUMBER_MAX, TENANT_NUMBER_MIN, tenantCidr } from './address-plan';
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_TENANT_DATABASE, DEFAULT_TENANT_RUNTIME } from './defaults';
import { TENANT_OPTION_LIMITS } from './limits';
import { checkApiAccess, checkRetention } from './validate-tenant-edge';
import { checkBackup } from './validate-backup';
import { checkDatabaseUsers } from './validate-database-users';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { REGION_CODE } from './validate-guardrails';
import { tenantPlacementFields } from './validate-placement';
import { KEY_DELETION_WINDOW_DAYS, TENANT_IDS_MAX_BYTES } from './limits';
import { LIST_SEPARATOR } from '../../contracts/environment';
import { ERASURE_REQUEST_ID } from '../../contracts/gdpr';
import { TenantConfig, TenantDatabaseConfig, TenantRuntimeConfig } from './types';

export const TENANT_ID_PATTERN = /^[a-z](?:[a-z0-9-]{1,30})[a-z0-9]$/;
const TENANT_ID_RULE = "be a DNS-safe slug: 3-32 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-', without '--'";
const GRAVITON_INSTANCE_TYPE = /^[a-z]+\d+g[a-z]*\.(?:nano|micro|small|medium|large|\d*xlarge|metal)$/;
const INSTANCE_TYPE = /^[a-z]+\d+[a-z]*\.(?:micro|small|medium|large|\d*xlarge)$/;

type TenantOptions = Pick<TenantConfig, 'runtime' | 'database' | 'backup' | 'apiAccess' | 'retention' | 'logRetentionDays' | 'state' | 'keyDeletionWindowDays' | 'erasureRequestId' | 'allowedRegions' | 'account' | 'region'>;

/** The `tenants` section, each tenant defaulted; tenants with a problem are left out (the problem is reported). */
export function checkTenants(raw: unknown, controlPlaneCidr: Ipv4Cidr | undefined, problem: Problem): TenantConfig[] {
  const tenants: TenantConfig[] = [];
  if (!Array.isArray(raw)) {
    problem('tenants', 'be an array of { id, number }', raw);
    return tenants;
  }
  const seenIds = new Map<string, number>();
  const seenNumbers = new Map<number, number>();
  raw.forEach((tenant: unknown, index: number) => {
    const at = `tenants[${index}]`;
    if (!isPlainObject(tenant)) {
      problem(at, 'be an object with id and number', tenant);
      return;
    }
    // `offboarding` (replaced by `state`) gets its own message in checkLifecycle rather than "unknown key".
    const { offboarding: _replaced, ...keys } = tenant;
    checkKeys(keys, `${at}.`, ['id', 'number', 'runtime', 'database', 'backup', 'apiAccess', 'retention', 'logRetentionDays', 'state', 'keyDeletionWindowDays', 'erasureRequestId', 'allowedRegions', 'account', 'region'], problem);
    const options = checkTenantOptions(tenant, at, problem);
    const id = checkId(tenant.id, at, seenIds, index, problem);
    const n = checkNumber(tenant.number, at, seenNumbers, index, problem);
    if (id !== undefined && n !== undefined && options) {
      tenants.push({ id, number: n, ...options });
    }
  });
  // Ids are ASCII (TENANT_ID_PATTERN): characters are bytes.
  const idBytes = tenants.map((t) => t.id).join(LIST_SEPARATOR).length;
  if (idBytes > TENANT_IDS_MAX_BYTES) {
    problem(
      'tenants',
      `have ids that fit the control plane's Lambda environments together: at most ${TENANT_IDS_MAX_BYTES} bytes joined by '${LIST_SEPARATOR}' (TENANT_IDS of the plan signer and the GDPR handler; AWS allows 4 KB of variables per function). Shorten the ids or split the fleet`,
      `${idBytes} bytes for ${tenants.length} tenants`,
    );
  }
  // Tenant VPCs are derived from distinct numbers, so they cannot overlap each other; they can overlap the control
  // plane only if its CIDR is inside the tenant space, which the control-plane check already refuses. Check anyway, so
  // the guarantee does not rest on that reasoning alone.
  if (controlPlaneCidr) {
    for (const t of tenants) {
      if (cidrsOverlap(controlPlaneCidr, cidr(tenantCidr(t.number)))) {
        problem('controlPlane.cidr', `not overlap tenant '${t.id}' (${tenantCidr(t.number)})`, controlPlaneCidr.text);
      }
    }
  }
  return tenants;
}

function checkId(id: unknown, at: string, seen: Map<string, number>, index: number, problem: Problem): string | undefined {
  if (typeof id !== 'string' || !TENANT_ID_PATTERN.test(id) || id.includes('--')) {
    problem(`${at}.id`, TENANT_ID_RULE, id);
    return undefined;
  }
  const first = seen.get(id);
  if (first !== undefined) {
    problem(`${at}.id`, `be unique (tenants[${first}] has it already)`, id);
  } else {
    seen.set(id, index);
  }
  return id;
}

function checkNumber(n: unknown, at: string, seen: Map<number, number>, index: number, problem: Problem): number | undefined {
  if (!isTenantNumber(n)) {
    problem(`${at}.number`, `be an integer in ${TENANT_NUMBER_MIN}..${TENANT_NUMBER_MAX} (the VPC is 10.(100+N).0.0/16)`, n);
    return undefined;
  }
  const first = seen.get(n);
  if (first !== undefined) {
    problem(`${at}.number`, `be unique (tenants[${first}] has it already, and two tenants would share ${tenantCidr(n)})`, n);
  } else {
    seen.set(n, index);
  }
  return n;
}

function checkTenantOptions(tenant: Record<string, unknown>, at: string, problem: Problem): TenantOptions | undefined {
  const { fail, ok } = tracking(problem);
  const runtime = checkRuntime(tenant.runtime, `${at}.runtime`, fail);
  const database = checkDatabase(tenant.database, `${at}.database`, fail);
  const backup = checkBackup(tenant.backup, `${at}.backup`, fail);
  const apiAccess = checkApiAccess(tenant.apiAccess, `${at}.apiAccess`, fail);
  const retention = checkRetention(tenant.retention, `${at}.retention`, fail);
  const logRetentionDays = tenant.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  const allowed: readonly number[] = TENANT_OPTION_LIMITS.logRetentionDays;
  if (typeof logRetentionDays !== 'number' || !allowed.includes(logRetentionDays)) {
    fail(`${at}.logRetentionDays`, `be one of ${allowed.join(', ')} (the values CloudWatch Logs accepts)`, logRetentionDays);
  }
  const lifecycle = checkLifecycle(tenant, at, fail);
  const placement = tenantPlacementFields(tenant, at, fail);
  const allowedRegions = tenant.allowedRegions ?? [];
  if (!Array.isArray(allowedRegions)) {
    fail(`${at}.allowedRegions`, 'be an array of AWS region codes like eu-west-1', allowedRegions);
  } else {
    allowedRegions.forEach((region: unknown, i: number) => {
      if (typeof region !== 'string' || !REGION_CODE.test(region)) {
        fail(`${at}.allowedRegions[${i}]`, 'be an AWS region code like eu-west-1', region);
      }
    });
  }
  return ok() ? { runtime: runtime!, database: database!, backup: backup!, apiAccess: apiAccess!, retention: retention!, logRetentionDays: logRetentionDays as number, ...lifecycle, allowedRegions: allowedRegions as string[], ...placement } : undefined;
}

function integerIn(value: unknown, field: string, lo: number, hi: number, fail: Problem) {
  if (!isIntegerIn(value, lo, hi)) {
    fail(field, `be an integer in ${lo}..${hi}`, value);
  }
}

function checkRuntime(raw: unknown, at: string, fail: Problem): TenantRuntimeConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_TENANT_RUNTIME;
  }
  if (!isPlainObject(raw)) {
    fail(at, 'be an object with minHosts, maxHosts, instanceType', raw);
    return undefined;
  }
  checkKeys(raw, `${at}.`, ['minHosts', 'maxHosts', 'instanceType'], fail);
  const runtime = { ...DEFAULT_TENANT_RUNTIME, ...raw } as Record<string, unknown>;
  const { min, max } = TENANT_OPTION_LIMITS.hosts;
  integerIn(runtime.minHosts, `${at}.minHosts`, min, max, fail);
  integerIn(runtime.maxHosts, `${at}.maxHosts`, min, max, fail);
  if (Number.isInteger(runtime.minHosts) && Number.isInteger(runtime.maxHosts) && (runtime.minHosts as number) > (runtime.maxHosts as number)) {
    fail(`${at}.minHosts`, `not exceed maxHosts (${runtime.maxHosts})`, runtime.minHosts);
  }
  if (typeof runtime.instanceType !== 'string' || !GRAVITON_INSTANCE_TYPE.test(runtime.instanceType)) {
    fail(`${at}.instanceType`, 'be a Graviton (arm64) instance type like "t4g.medium" or "m7g.large" (the runtime AMI is arm64)', runtime.instanceType);
  }
  return runtime as unknown as TenantRuntimeConfig;
}

function checkDatabase(raw: unknown, at: string, fail: Problem): TenantDatabaseConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_TENANT_DATABASE;
  }
  if (!isPlainObject(raw)) {
    fail(at, 'be an object with multiAz, instanceType, backupRetentionDays, appUser, migrationPrincipalArns', raw);
    return undefined;
  }
  checkKeys(raw, `${at}.`, ['multiAz', 'instanceType', 'backupRetentionDays', 'appUser', 'migrationPrincipalArns'], fail);
  const database = { ...DEFAULT_TENANT_DATABASE, ...raw } as Record<string, unknown>;
  if (typeof database.multiAz !== 'boolean') {
    fail(`${at}.multiAz`, 'be true or false', database.multiAz);
  }
  if (typeof database.instanceType !== 'string' || !INSTANCE_TYPE.test(database.instanceType)) {
    fail(`${at}.instanceType`, 'be an RDS instance class without the "db." prefix, like "t4g.medium" or "r7g.large"', database.instanceType);
  }
  const { min, max } = TENANT_OPTION_LIMITS.backupRetentionDays;
  integerIn(database.backupRetentionDays, `${at}.backupRetentionDays`, min, max, fail);
  checkDatabaseUsers(database, at, fail);
  return database as unknown as TenantDatabaseConfig;
}

/** The tenant's lifecycle: its state, and the key deletion window an offboarding needs (and only it may have). */
function checkLifecycle(tenant: Record<string, unknown>, at: string, fail: Problem): Pick<TenantConfig, 'state' | 'keyDeletionWindowDays' | 'erasureRequestId'> {
  if (tenant.offboarding !== undefined) {
    fail(`${at}.offboarding`, 'not be present: replaced by "state": "offboarding" with "keyDeletionWindowDays" (7..30)', tenant.offboarding);
  }
  const state = tenant.state ?? 'active';
  if (state !== 'active' && state !== 'offboarding') {
    fail(`${at}.state`, 'be "active" or "offboarding"', state);
    return { state: 'active' };
  }
  const window = tenant.keyDeletionWindowDays;
  if (state === 'offboarding' && !isIntegerIn(window, KEY_DELETION_WINDOW_DAYS.min, KEY_DELETION_WINDOW_DAYS.max)) {
    fail(`${at}.keyDeletionWindowDays`, `be an integer in ${KEY_DELETION_WINDOW_DAYS.min}..${KEY_DELETION_WINDOW_DAYS.max} when state is "offboarding" (the days in which the erasure can still be cancelled)`, window);
  }
  if (state === 'active' && window !== undefined) {
    fail(`${at}.keyDeletionWindowDays`, 'be set only when state is "offboarding"', window);
  }
  const erasureRequestId = tenant.erasureRequestId;
  if (erasureRequestId !== undefined && (typeof erasureRequestId !== 'string' || !ERASURE_REQUEST_ID.test(erasureRequestId))) {
    fail(`${at}.erasureRequestId`, 'be the id of a confirmed GDPR erasure request (a lower-case UUID, as POST /tenants/{tenantId}/erasure returned it)', erasureRequestId);
  }
  if (state === 'active' && erasureRequestId !== undefined) {
    fail(`${at}.erasureRequestId`, 'be set only when state is "offboarding"', erasureRequestId);
  }
  return state === 'offboarding' ? { state, keyDeletionWindowDays: window as number, ...(typeof erasureRequestId === 'string' ? { erasureRequestId } : {}) } : { state };
}
