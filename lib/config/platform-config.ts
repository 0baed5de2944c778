import { readFileSync } from 'node:fs';
import { cidr, cidrContains, cidrsOverlap, Ipv4Cidr, parseCidr } from './cidr';

/**
 * The platform configuration: one JSON file (`config/platform.json`) that names the control plane's network and every
 * tenant. It is validated as a whole, with every problem reported at once, before any construct is created.
 *
 * @example
 * {
 *   "controlPlane": { "cidr": "10.0.0.0/16" },
 *   "tenants": [{ "id": "acme", "number": 0 }]
 * }
 */
export interface PlatformConfig {
  /** The control plane's settings. */
  readonly controlPlane: ControlPlaneConfig;
  /** Every tenant of the fleet. May be empty; ids and numbers are unique. */
  readonly tenants: readonly TenantConfig[];
  /** The account baseline (detection and audit, once per account and region). Optional in the file; defaults apply. */
  readonly accountBaseline: AccountBaselineConfig;
  /** The tag-protection guardrail. Optional in the file; defaults apply. */
  readonly guardrails: GuardrailsConfig;
}

export interface GuardrailsConfig {
  /**
   * IAM role ARNs allowed to change protected resources (the platform's deploy role); `*` allowed in the account and
   * role-name parts.
   * @default ["arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*"] (CDK's CloudFormation execution role)
   */
  readonly deployRoleArns: readonly string[];
  /**
   * Organization roots, OUs or accounts to attach the SCP to. When set, the app also builds the
   * `OrganizationGuardrails` stack (deploy it in the management account). @default - no stack; the JSON document only
   */
  readonly organizationTargetIds: readonly string[];
}

export const DEFAULT_DEPLOY_ROLE_ARN = 'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*';
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|\*):iam::(\d{12}|\*):role\/[\w+=,.@\-/*]{1,512}$/;
const ORGANIZATION_TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** Who hears an alert: an e-mail address or an HTTPS endpoint. */
export interface AlertSubscription {
  readonly protocol: 'email' | 'https';
  readonly endpoint: string;
}

export interface AccountBaselineConfig {
  /**
   * "create" the account's GuardDuty detector, or "adopt" the one that already exists (one per account and region);
   * findings are routed to the alert topics either way.
   * @default "create"
   */
  readonly guardDutyDetector: 'create' | 'adopt';
  /** Subscribers of the alert topics. @default - none */
  readonly subscriptions: { readonly security: readonly AlertSubscription[]; readonly medium: readonly AlertSubscription[] };
  /**
   * Days each audit log file is locked (S3 Object Lock, compliance mode: nobody can delete it earlier, root included).
   * 1..36500. @default 365
   */
  readonly auditRetentionDays: number;
  /**
   * Enable Security Hub with the AWS Foundational Security Best Practices standard. Set false when the account's
   * Security Hub is managed elsewhere (for example by a delegated administrator), since it can be enabled only once.
   * @default true
   */
  readonly securityHub: boolean;
}

/** What S3 Object Lock accepts for a default retention in days. */
export const AUDIT_RETENTION_DAYS = { min: 1, max: 36500 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ControlPlaneConfig {
  /**
   * The control-plane VPC's CIDR block: RFC 1918, /16 to /24, and outside the tenant address space
   * (10.100.0.0 - 10.255.255.255), so it can never collide with a tenant that is added later.
   *
   * @example "10.0.0.0/16"
   */
  readonly cidr: string;
  /**
   * The identity provider whose RS256 admin tokens the control-plane API accepts. Without it, the control plane is
   * built without its public API.
   */
  readonly identityProvider?: IdentityProviderConfig;
  /** The WAF in front of the API. @default - { ratePerFiveMinutes: 1000 } and no allow list */
  readonly waf?: WafConfig;
  /**
   * The plan-signing keys by name and the one that signs. A rotation adds a name, then makes it active, then removes
   * the old one (docs/signed-plans.md). @default { keys: ["initial"], active: "initial" }
   */
  readonly planSigning?: PlanSigningConfig;
}

export interface PlanSigningConfig {
  /** One or two key names (DNS-safe slugs): two only during a rotation's overlap. */
  readonly keys: readonly string[];
  /** The name of the key that signs; must be one of `keys`. */
  readonly active: string;
}

export const DEFAULT_PLAN_SIGNING: PlanSigningConfig = { keys: ['initial'], active: 'initial' };
const KEY_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

export interface IdentityProviderConfig {
  /** HTTPS URL of the provider's JWKS. */
  readonly jwksUrl: string;
  /** The exact `iss` of its tokens. */
  readonly issuer: string;
  /** The `aud` the tokens must carry for this platform. */
  readonly audience: string;
}

export interface WafConfig {
  /** Requests per client IP in any 5 minutes before it is blocked, 100..2,000,000,000. @default 1000 */
  readonly ratePerFiveMinutes?: number;
  /** When set, only these IPv4 CIDRs may reach the API. @default - no allow list */
  readonly allowList?: readonly string[];
}

export const WAF_RATE_LIMITS = { min: 100, max: 2_000_000_000, default: 1000 } as const;

export interface TenantConfig {
  /**
   * The tenant's id: a DNS-safe slug used in stack names (`Tenant-<id>`), aliases, tags and SSM paths.
   * 3-32 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-', no '--'.
   */
  readonly id: string;
  /** The tenant number N, an integer in 0..155. The tenant's VPC is 10.(100+N).0.0/16. */
  readonly number: number;
  /** The workflow runtime's hosts. @default - { minHosts: 1, maxHosts: 2, instanceType: "t4g.medium" } */
  readonly runtime?: TenantRuntimeConfig;
  /** The tenant database. @default - { multiAz: true, instanceType: "t4g.medium", backupRetentionDays: 14 } */
  readonly database?: TenantDatabaseConfig;
  /**
   * Days the tenant's log groups (flow logs, database logs) are kept; one of the values CloudWatch Logs accepts
   * (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   * @default 365
   */
  readonly logRetentionDays?: number;
}

export interface TenantRuntimeConfig {
  /** @default 1 */
  readonly minHosts?: number;
  /** @default 2 */
  readonly maxHosts?: number;
  /** A Graviton (arm64) EC2 instance type, e.g. "t4g.medium", "m7g.large". @default "t4g.medium" */
  readonly instanceType?: string;
}

export interface TenantDatabaseConfig {
  /** A standby in a second AZ; doubles the instance cost. Keep it on for production tenants. @default true */
  readonly multiAz?: boolean;
  /** An RDS instance class without the "db." prefix, e.g. "t4g.medium", "r7g.large". @default "t4g.medium" */
  readonly instanceType?: string;
  /** Automated backup retention, 7..35 days. @default 14 */
  readonly backupRetentionDays?: number;
}

/** Limits of the per-tenant options; the constructs check the same numbers. */
export const TENANT_OPTION_LIMITS = {
  hosts: { min: 1, max: 20 },
  backupRetentionDays: { min: 7, max: 35 },
  logRetentionDays: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
} as const;
const GRAVITON_INSTANCE_TYPE = /^[a-z]+\d+g[a-z]*\.(?:nano|micro|small|medium|large|\d*xlarge|metal)$/;
const INSTANCE_TYPE = /^[a-z]+\d+[a-z]*\.(?:micro|small|medium|large|\d*xlarge)$/;

/** The lowest and highest tenant number: VPCs 10.100.0.0/16 .. 10.255.0.0/16. */
export const TENANT_NUMBER_MIN = 0;
export const TENANT_NUMBER_MAX = 155;
/** The first octet pair of tenant 0's VPC: tenant N lives in 10.(TENANT_SECOND_OCTET_BASE + N).0.0/16. */
export const TENANT_SECOND_OCTET_BASE = 100;

/**
 * The whole tenant address space, 10.100.0.0 - 10.255.255.255, as the smallest set of aligned blocks. Every tenant
 * VPC lies inside it, now and after tenants are added, so firewall rules that name "every other tenant" can use these
 * four blocks instead of a list that grows with the fleet.
 */
export const TENANT_ADDRESS_SPACE: readonly string[] = ['10.100.0.0/14', '10.104.0.0/13', '10.112.0.0/12', '10.128.0.0/9'];

const RFC1918: readonly Ipv4Cidr[] = [cidr('10.0.0.0/8'), cidr('172.16.0.0/12'), cidr('192.168.0.0/16')];
const CONTROL_PLANE_PREFIX_MIN = 16;
const CONTROL_PLANE_PREFIX_MAX = 24;

export const TENANT_ID_PATTERN = /^[a-z](?:[a-z0-9-]{1,30})[a-z0-9]$/;
const TENANT_ID_RULE = "be a DNS-safe slug: 3-32 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-', without '--'";

/** The VPC CIDR of tenant number `n` (which must already be valid). */
export function tenantCidr(n: number): string {
  return `10.${TENANT_SECOND_OCTET_BASE + n}.0.0/16`;
}

/** Thrown when the configuration or a context value is invalid; carries every problem found. */
export class PlatformConfigError extends Error {
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid platform configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'PlatformConfigError';
    this.problems = problems;
  }
}

/** Reads and validates a configuration file. Throws PlatformConfigError listing every problem. */
export function loadPlatformConfig(path: string): PlatformConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlatformConfigError([`${path}: the file must be readable, got ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlatformConfigError([`${path}: the file must be valid JSON, got ${(error as Error).message}`]);
  }
  return validatePlatformConfig(raw, path);
}

/**
 * Validates an already-parsed configuration. Every problem is collected and reported together, each as
 * `<where>: '<field>' must <rule>, got <value>`.
 */
export function validatePlatformConfig(raw: unknown, where = 'platform configuration'): PlatformConfig {
  const problems: string[] = [];
  const problem = (field: string, rule: string, value: unknown) => problems.push(`${where}: '${field}' must ${rule}, got ${show(value)}`);

  if (!isPlainObject(raw)) {
    problem('(root)', 'be a JSON object with controlPlane and tenants', raw);
    throw new PlatformConfigError(problems);
  }
  checkKeys(raw, '', ['controlPlane', 'tenants', 'accountBaseline', 'guardrails'], problem);
  const accountBaseline = checkAccountBaseline(raw.accountBaseline, problem);
  const guardrails = checkGuardrails(raw.guardrails, problem);

  let controlPlaneCidr: Ipv4Cidr | undefined;
  let identityProvider: IdentityProviderConfig | undefined;
  let waf: WafConfig | undefined;
  let planSigning: PlanSigningConfig | undefined;
  const controlPlane = raw.controlPlane;
  if (!isPlainObject(controlPlane)) {
    problem('controlPlane', 'be an object with a cidr', controlPlane);
  } else {
    checkKeys(controlPlane, 'controlPlane.', ['cidr', 'identityProvider', 'waf', 'planSigning'], problem);
    planSigning = checkPlanSigning(controlPlane.planSigning, problem);
    controlPlaneCidr = checkControlPlaneCidr(controlPlane.cidr, problem);
    identityProvider = checkIdentityProvider(controlPlane.identityProvider, problem);
    waf = checkWaf(controlPlane.waf, problem);
  }

  const tenants: TenantConfig[] = [];
  if (!Array.isArray(raw.tenants)) {
    problem('tenants', 'be an array of { id, number }', raw.tenants);
  } else {
    const seenIds = new Map<string, number>();
    const seenNumbers = new Map<number, number>();
    raw.tenants.forEach((tenant: unknown, index: number) => {
      const at = `tenants[${index}]`;
      if (!isPlainObject(tenant)) {
        problem(at, 'be an object with id and number', tenant);
        return;
      }
      checkKeys(tenant, `${at}.`, ['id', 'number', 'runtime', 'database', 'logRetentionDays'], problem);
      const options = checkTenantOptions(tenant, at, problem);
      const idOk = typeof tenant.id === 'string' && TENANT_ID_PATTERN.test(tenant.id) && !tenant.id.includes('--');
      if (!idOk) {
        problem(`${at}.id`, TENANT_ID_RULE, tenant.id);
      } else {
        const id = tenant.id as string;
        const first = seenIds.get(id);
        if (first !== undefined) {
          problem(`${at}.id`, `be unique (tenants[${first}] has it already)`, id);
        } else {
          seenIds.set(id, index);
        }
      }
      const n = tenant.number;
      const numberOk = typeof n === 'number' && Number.isInteger(n) && n >= TENANT_NUMBER_MIN && n <= TENANT_NUMBER_MAX;
      if (!numberOk) {
        problem(`${at}.number`, `be an integer in ${TENANT_NUMBER_MIN}..${TENANT_NUMBER_MAX} (the VPC is 10.(100+N).0.0/16)`, n);
      } else {
        const first = seenNumbers.get(n as number);
        if (first !== undefined) {
          problem(`${at}.number`, `be unique (tenants[${first}] has it already, and two tenants would share ${tenantCidr(n as number)})`, n);
        } else {
          seenNumbers.set(n as number, index);
        }
      }
      if (idOk && numberOk && options) {
        tenants.push({ id: tenant.id as string, number: n as number, ...options });
      }
    });
    // Tenant VPCs are derived from distinct numbers, so they cannot overlap each other; they can overlap the control
    // plane only if its CIDR is inside the tenant space, which checkControlPlaneCidr already refuses. Check anyway, so
    // the guarantee does not rest on that reasoning alone.
    if (controlPlaneCidr) {
      for (const t of tenants) {
        if (cidrsOverlap(controlPlaneCidr, cidr(tenantCidr(t.number)))) {
          problem('controlPlane.cidr', `not overlap tenant '${t.id}' (${tenantCidr(t.number)})`, controlPlaneCidr.text);
        }
      }
    }
  }

  if (problems.length > 0) {
    throw new PlatformConfigError(problems);
  }
  return { controlPlane: { cidr: controlPlaneCidr!.text, ...(identityProvider ? { identityProvider } : {}), ...(waf ? { waf } : {}), ...(planSigning ? { planSigning } : {}) }, tenants, accountBaseline: accountBaseline!, guardrails: guardrails! };
}

/**
 * Resolves the `tenant` context value (`cdk synth -c tenant=<id>`): undefined selects the whole fleet; otherwise it
 * must name a configured tenant.
 */
export function selectTenants(config: PlatformConfig, contextValue: unknown, where = 'context'): readonly TenantConfig[] {
  if (contextValue === undefined) {
    return config.tenants;
  }
  const known = config.tenants.map((t) => t.id);
  const match = typeof contextValue === 'string' ? config.tenants.find((t) => t.id === contextValue) : undefined;
  if (!match) {
    const list = known.length > 0 ? known.join(', ') : 'none configured';
    throw new PlatformConfigError([`${where}: 'tenant' must name a configured tenant (${list}), got ${show(contextValue)}`]);
  }
  return [match];
}

type Problem = (field: string, rule: string, value: unknown) => void;

function checkAccountBaseline(raw: unknown, problem: Problem): AccountBaselineConfig | undefined {
  const defaults: AccountBaselineConfig = { guardDutyDetector: 'create', subscriptions: { security: [], medium: [] }, auditRetentionDays: 365, securityHub: true };
  if (raw === undefined) {
    return defaults;
  }
  if (!isPlainObject(raw)) {
    problem('accountBaseline', 'be an object with guardDutyDetector and subscriptions', raw);
    return undefined;
  }
  checkKeys(raw, 'accountBaseline.', ['guardDutyDetector', 'subscriptions', 'auditRetentionDays', 'securityHub'], problem);
  let ok = true;
  const securityHub = raw.securityHub ?? defaults.securityHub;
  if (typeof securityHub !== 'boolean') {
    problem('accountBaseline.securityHub', 'be true or false', securityHub);
    ok = false;
  }
  const retention = raw.auditRetentionDays ?? defaults.auditRetentionDays;
  if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < AUDIT_RETENTION_DAYS.min || retention > AUDIT_RETENTION_DAYS.max) {
    problem('accountBaseline.auditRetentionDays', `be an integer in ${AUDIT_RETENTION_DAYS.min}..${AUDIT_RETENTION_DAYS.max} (what S3 Object Lock accepts, in days)`, retention);
    ok = false;
  }
  const detector = raw.guardDutyDetector ?? defaults.guardDutyDetector;
  if (detector !== 'create' && detector !== 'adopt') {
    problem('accountBaseline.guardDutyDetector', 'be "create" or "adopt" (one detector per account and region)', detector);
    ok = false;
  }
  const subs: Record<'security' | 'medium', AlertSubscription[]> = { security: [], medium: [] };
  if (raw.subscriptions !== undefined) {
    if (!isPlainObject(raw.subscriptions)) {
      problem('accountBaseline.subscriptions', 'be an object with security and medium lists', raw.subscriptions);
      ok = false;
    } else {
      checkKeys(raw.subscriptions, 'accountBaseline.subscriptions.', ['security', 'medium'], problem);
      for (const topic of ['security', 'medium'] as const) {
        const list = raw.subscriptions[topic] ?? [];
        const at = `accountBaseline.subscriptions.${topic}`;
        if (!Array.isArray(list)) {
          problem(at, 'be an array of { protocol, endpoint }', list);
          ok = false;
          continue;
        }
        list.forEach((sub: unknown, i: number) => {
          let subOk = true;
          const fail = (field: string, rule: string, value: unknown) => {
            problem(field, rule, value);
            subOk = false;
            ok = false;
          };
          if (!isPlainObject(sub)) {
            fail(`${at}[${i}]`, 'be an object with protocol ("email" or "https") and endpoint', sub);
            return;
          }
          checkKeys(sub, `${at}[${i}].`, ['protocol', 'endpoint'], fail);
          if (sub.protocol === 'email') {
            if (typeof sub.endpoint !== 'string' || !EMAIL.test(sub.endpoint)) {
              fail(`${at}[${i}].endpoint`, 'be an e-mail address', sub.endpoint);
            }
          } else if (sub.protocol === 'https') {
            if (typeof sub.endpoint !== 'string' || !isHttpsUrl(sub.endpoint)) {
              fail(`${at}[${i}].endpoint`, 'be an https:// URL', sub.endpoint);
            }
          } else {
            fail(`${at}[${i}].protocol`, 'be "email" or "https"', sub.protocol);
          }
          if (subOk) {
            subs[topic].push({ protocol: sub.protocol as 'email' | 'https', endpoint: sub.endpoint as string });
          }
        });
      }
    }
  }
  return ok ? { guardDutyDetector: detector as 'create' | 'adopt', subscriptions: subs, auditRetentionDays: retention as number, securityHub: securityHub as boolean } : undefined;
}

function checkIdentityProvider(raw: unknown, problem: Problem): IdentityProviderConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.identityProvider', 'be an object with jwksUrl, issuer and audience', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.identityProvider.', ['jwksUrl', 'issuer', 'audience'], problem);
  let ok = true;
  if (typeof raw.jwksUrl !== 'string' || !isHttpsUrl(raw.jwksUrl)) {
    problem('controlPlane.identityProvider.jwksUrl', 'be an https:// URL', raw.jwksUrl);
    ok = false;
  }
  for (const key of ['issuer', 'audience'] as const) {
    if (typeof raw[key] !== 'string' || (raw[key] as string).trim() === '' || (raw[key] as string).length > 512) {
      problem(`controlPlane.identityProvider.${key}`, 'be a non-empty string of at most 512 characters', raw[key]);
      ok = false;
    }
  }
  return ok ? { jwksUrl: raw.jwksUrl as string, issuer: raw.issuer as string, audience: raw.audience as string } : undefined;
}

function checkPlanSigning(raw: unknown, problem: Problem): PlanSigningConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.planSigning', 'be an object with keys and active', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.planSigning.', ['keys', 'active'], problem);
  const keys = raw.keys;
  if (!Array.isArray(keys) || keys.length < 1 || keys.length > 2 || keys.some((k) => typeof k !== 'string' || !KEY_NAME.test(k)) || new Set(keys).size !== keys.length) {
    problem('controlPlane.planSigning.keys', 'be one or two distinct key names (a-z, 0-9, -; two only during a rotation)', keys);
    return undefined;
  }
  if (typeof raw.active !== 'string' || !keys.includes(raw.active)) {
    problem('controlPlane.planSigning.active', `name one of the keys (${keys.join(', ')})`, raw.active);
    return undefined;
  }
  return { keys: keys as string[], active: raw.active };
}

function checkWaf(raw: unknown, problem: Problem): WafConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.waf', 'be an object with ratePerFiveMinutes and allowList', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.waf.', ['ratePerFiveMinutes', 'allowList'], problem);
  let ok = true;
  const rate = raw.ratePerFiveMinutes;
  if (rate !== undefined && (typeof rate !== 'number' || !Number.isInteger(rate) || rate < WAF_RATE_LIMITS.min || rate > WAF_RATE_LIMITS.max)) {
    problem('controlPlane.waf.ratePerFiveMinutes', `be an integer in ${WAF_RATE_LIMITS.min}..${WAF_RATE_LIMITS.max}`, rate);
    ok = false;
  }
  if (raw.allowList !== undefined) {
    if (!Array.isArray(raw.allowList)) {
      problem('controlPlane.waf.allowList', 'be an array of IPv4 CIDR blocks', raw.allowList);
      ok = false;
    } else {
      raw.allowList.forEach((entry: unknown, i: number) => {
        const parsed = typeof entry === 'string' ? parseCidr(entry) : 'be an IPv4 CIDR string';
        if (typeof parsed === 'string') {
          problem(`controlPlane.waf.allowList[${i}]`, parsed, entry);
          ok = false;
        }
      });
    }
  }
  return ok ? { ...(rate !== undefined ? { ratePerFiveMinutes: rate as number } : {}), ...(raw.allowList ? { allowList: raw.allowList as string[] } : {}) } : undefined;
}

function checkGuardrails(raw: unknown, problem: Problem): GuardrailsConfig | undefined {
  if (raw === undefined) {
    return { deployRoleArns: [DEFAULT_DEPLOY_ROLE_ARN], organizationTargetIds: [] };
  }
  if (!isPlainObject(raw)) {
    problem('guardrails', 'be an object with deployRoleArns and organizationTargetIds', raw);
    return undefined;
  }
  checkKeys(raw, 'guardrails.', ['deployRoleArns', 'organizationTargetIds'], problem);
  let ok = true;
  const list = (key: string, fallback: string[], pattern: RegExp, rule: string): string[] => {
    const value = raw[key] ?? fallback;
    if (!Array.isArray(value) || (key === 'deployRoleArns' && value.length === 0)) {
      problem(`guardrails.${key}`, `be a${key === 'deployRoleArns' ? ' non-empty' : 'n'} array of ${rule}`, value);
      ok = false;
      return [];
    }
    value.forEach((item: unknown, i: number) => {
      if (typeof item !== 'string' || !pattern.test(item)) {
        problem(`guardrails.${key}[${i}]`, `be ${rule}`, item);
        ok = false;
      }
    });
    return value as string[];
  };
  const deployRoleArns = list('deployRoleArns', [DEFAULT_DEPLOY_ROLE_ARN], ROLE_ARN, 'an IAM role ARN like arn:aws:iam::123456789012:role/deploy (* allowed in the account and role name)');
  const organizationTargetIds = list('organizationTargetIds', [], ORGANIZATION_TARGET, 'an organization root (r-...), OU (ou-...-...) or 12-digit account id');
  return ok ? { deployRoleArns, organizationTargetIds } : undefined;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function checkTenantOptions(tenant: Record<string, unknown>, at: string, problem: Problem): Partial<TenantConfig> | undefined {
  let ok = true;
  const fail: Problem = (field, rule, value) => {
    ok = false;
    problem(field, rule, value);
  };
  const integerIn = (value: unknown, field: string, lo: number, hi: number) => {
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi)) {
      fail(field, `be an integer in ${lo}..${hi}`, value);
    }
  };
  const result: { -readonly [K in keyof TenantConfig]?: TenantConfig[K] } = {};

  if (tenant.runtime !== undefined) {
    const runtime = tenant.runtime;
    if (!isPlainObject(runtime)) {
      fail(`${at}.runtime`, 'be an object with minHosts, maxHosts, instanceType', runtime);
    } else {
      checkKeys(runtime, `${at}.runtime.`, ['minHosts', 'maxHosts', 'instanceType'], fail);
      const { min, max } = TENANT_OPTION_LIMITS.hosts;
      integerIn(runtime.minHosts, `${at}.runtime.minHosts`, min, max);
      integerIn(runtime.maxHosts, `${at}.runtime.maxHosts`, min, max);
      const lo = (runtime.minHosts as number | undefined) ?? 1;
      const hi = (runtime.maxHosts as number | undefined) ?? 2;
      if (Number.isInteger(lo) && Number.isInteger(hi) && lo > hi) {
        fail(`${at}.runtime.minHosts`, `not exceed maxHosts (${hi})`, lo);
      }
      if (runtime.instanceType !== undefined && (typeof runtime.instanceType !== 'string' || !GRAVITON_INSTANCE_TYPE.test(runtime.instanceType))) {
        fail(`${at}.runtime.instanceType`, 'be a Graviton (arm64) instance type like "t4g.medium" or "m7g.large" (the runtime AMI is arm64)', runtime.instanceType);
      }
      result.runtime = runtime as TenantRuntimeConfig;
    }
  }

  if (tenant.database !== undefined) {
    const database = tenant.database;
    if (!isPlainObject(database)) {
      fail(`${at}.database`, 'be an object with multiAz, instanceType, backupRetentionDays', database);
    } else {
      checkKeys(database, `${at}.database.`, ['multiAz', 'instanceType', 'backupRetentionDays'], fail);
      if (database.multiAz !== undefined && typeof database.multiAz !== 'boolean') {
        fail(`${at}.database.multiAz`, 'be true or false', database.multiAz);
      }
      if (database.instanceType !== undefined && (typeof database.instanceType !== 'string' || !INSTANCE_TYPE.test(database.instanceType))) {
        fail(`${at}.database.instanceType`, 'be an RDS instance class without the "db." prefix, like "t4g.medium" or "r7g.large"', database.instanceType);
      }
      const { min, max } = TENANT_OPTION_LIMITS.backupRetentionDays;
      integerIn(database.backupRetentionDays, `${at}.database.backupRetentionDays`, min, max);
      result.database = database as TenantDatabaseConfig;
    }
  }

  if (tenant.logRetentionDays !== undefined) {
    const allowed: readonly number[] = TENANT_OPTION_LIMITS.logRetentionDays;
    if (typeof tenant.logRetentionDays !== 'number' || !allowed.includes(tenant.logRetentionDays)) {
      fail(`${at}.logRetentionDays`, `be one of ${allowed.join(', ')} (the values CloudWatch Logs accepts)`, tenant.logRetentionDays);
    } else {
      result.logRetentionDays = tenant.logRetentionDays;
    }
  }
  return ok ? result : undefined;
}

function checkControlPlaneCidr(value: unknown, problem: (field: string, rule: string, value: unknown) => void): Ipv4Cidr | undefined {
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
  let ok = true;
  if (parsed.prefix < CONTROL_PLANE_PREFIX_MIN || parsed.prefix > CONTROL_PLANE_PREFIX_MAX) {
    problem(field, `have a prefix length in /${CONTROL_PLANE_PREFIX_MIN}../${CONTROL_PLANE_PREFIX_MAX}`, value);
    ok = false;
  }
  if (!RFC1918.some((range) => cidrContains(range, parsed))) {
    problem(field, 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16', value);
    ok = false;
  }
  if (TENANT_ADDRESS_SPACE.some((block) => cidrsOverlap(cidr(block), parsed))) {
    problem(field, 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255', value);
    ok = false;
  }
  return ok ? parsed : undefined;
}

function checkKeys(obj: Record<string, unknown>, prefix: string, allowed: readonly string[], problem: (field: string, rule: string, value: unknown) => void) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      problem(`${prefix}${key}`, `not be present: unknown key (allowed here: ${allowed.join(', ')})`, obj[key]);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
