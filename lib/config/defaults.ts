import { AccountBaselineConfig, GuardrailsConfig, PlanSigningConfig, TenantDatabaseConfig, TenantRuntimeConfig, WafConfig } from './types';

/**
 * Every default of the platform, written once (the types in `types.ts` document them). The loader fills a
 * configuration from these; a construct used on its own, outside the platform, falls back to the same values.
 */

/** How long the platform's log groups are kept unless configured otherwise: one year. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** CDK's default CloudFormation execution role: the deploy role that alone may change protected resources. */
export const DEFAULT_DEPLOY_ROLE_ARN = 'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*';

export const DEFAULT_TENANT_RUNTIME: TenantRuntimeConfig = { minHosts: 1, maxHosts: 2, instanceType: 't4g.medium' };

export const DEFAULT_TENANT_DATABASE: TenantDatabaseConfig = { multiAz: true, instanceType: 't4g.medium', backupRetentionDays: 14 };

export const DEFAULT_WAF: WafConfig = { ratePerFiveMinutes: 1000, allowList: [] };

export const DEFAULT_PLAN_SIGNING: PlanSigningConfig = { keys: ['initial'], active: 'initial' };

export const DEFAULT_ACCOUNT_BASELINE: AccountBaselineConfig = {
  guardDutyDetector: 'create',
  subscriptions: { security: [], medium: [] },
  auditRetentionDays: 365,
  securityHub: true,
};

export const DEFAULT_GUARDRAILS: GuardrailsConfig = { deployRoleArns: [DEFAULT_DEPLOY_ROLE_ARN], organizationTargetIds: [] };
