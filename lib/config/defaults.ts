import { ADMIN_IDENTITY_DEFAULTS, DEFAULT_JWKS_MAX_AGE_SECONDS } from '../../contracts/admin-identity';
import { DEFAULT_NETWORK_PROOF_INTERVAL_HOURS } from './network-proof-plan';
import { SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { DEFAULT_APP_USER } from '../../contracts/database-user';
import { TenantBackupConfig } from './backup-types';
import { DEFAULT_ROUTE_THROTTLES } from './throttle-plan';
import { TRANSIENT_HOURS } from '../../contracts/retention';
import { AccountBaselineConfig, CorsConfig, TenantApiAccessConfig, TenantRetentionConfig, ThrottlingConfig, GuardrailsConfig, PlanSigningConfig, TenantDatabaseConfig, TenantRuntimeConfig, WafConfig } from './types';

/**
 * Every default of the platform, written once (the types in `types.ts` document them). The loader fills a
 * configuration from these; a construct used on its own, outside the platform, falls back to the same values.
 */

/** How long the platform's log groups are kept unless configured otherwise: one year. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;


export const DEFAULT_TENANT_RUNTIME: TenantRuntimeConfig = { minHosts: 1, maxHosts: 2, instanceType: 't4g.medium' };

export const DEFAULT_TENANT_DATABASE: TenantDatabaseConfig = { multiAz: true, instanceType: 't4g.medium', backupRetentionDays: 14, appUser: DEFAULT_APP_USER, migrationPrincipalArns: [] };

export const DEFAULT_WAF: WafConfig = { ratePerFiveMinutes: 1000, allowList: [], heartbeatRatePerFiveMinutes: 500, botControl: true };

/** CORS deny-all: no origin is allowed, so the API has no OPTIONS route and sends no CORS header (seed 004). */
export const DEFAULT_CORS: CorsConfig = { allowedOrigins: [] };

/** The label of the API's host name in `controlPlane.domain`'s zone when `apiName` is not configured: `api.<zoneName>`. */
export const DEFAULT_API_HOST_LABEL = 'api';

/** The stage-wide API limit and the per-route defaults of throttle-plan.ts. */
export const DEFAULT_THROTTLING: ThrottlingConfig = { rateLimit: 100, burstLimit: 200, routes: DEFAULT_ROUTE_THROTTLES };

/** One API key per tenant, 10 requests per second (seed 004) with a burst of 20 (twice the rate, like the route defaults). */
export const DEFAULT_TENANT_API_ACCESS: TenantApiAccessConfig = { keys: ['initial'], active: 'initial', rateLimit: 10, burstLimit: 20 };

/** Transient records kept 24 hours (seed 004). */
export const DEFAULT_TENANT_RETENTION: TenantRetentionConfig = { transientHours: TRANSIENT_HOURS.default };

export const DEFAULT_PLAN_SIGNING: PlanSigningConfig = { keys: ['initial'], active: 'initial', jwksMaxAgeSeconds: DEFAULT_JWKS_MAX_AGE_SECONDS };

/** The identity provider's controls when the file names none: the secure defaults the authorizer also falls back to. */
export const DEFAULT_IDENTITY_CONTROLS = ADMIN_IDENTITY_DEFAULTS;

/** The section's defaults; `subscriptions` has none (every tier must name its subscribers or opt out). */
export const DEFAULT_ACCOUNT_BASELINE: Omit<AccountBaselineConfig, 'subscriptions'> = {
  guardDutyDetector: 'create',
  auditRetentionDays: 365,
  securityHub: true,
  configRecorder: 'create',
  deployTimeGate: true,
  configRules: true,
  accessAnalysis: true,
  networkProofs: { intervalHours: DEFAULT_NETWORK_PROOF_INTERVAL_HOURS },
};

/**
 * No deploy roles by default: the SCPs name exact role ARNs (a pattern would let a look-alike escape them), which only
 * the operator knows; without them no SCP is written and no organization stack is built.
 */
export const DEFAULT_GUARDRAILS: GuardrailsConfig = { deployRoleArns: [], organizationTargetIds: [], allowedRegions: [] };

/** How long each sidecar release object is locked (Object Lock, compliance mode) unless configured otherwise. */
export const DEFAULT_SIDECAR_RETENTION_DAYS = 365;

/** How long a sidecar heartbeat key is valid after its registration unless configured otherwise (seed 001: 90 days). */
export const DEFAULT_SIDECAR_KEY_VALIDITY_DAYS = SIDECAR_KEY_LIFETIME.defaultValidityDays;

/** Restore tests monthly (the 1st, 05:00 UTC): more often than the quarterly disaster-recovery test seed 001 asks for. */
export const DEFAULT_TENANT_BACKUP: TenantBackupConfig = { restoreTestSchedule: 'cron(0 5 1 * ? *)' };

/** Days AWS Backup keeps each daily recovery point (PlatformBackup), which a vault lock's bounds must admit. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 35;
