import { readFileSync } from 'node:fs';
import { checkKeys, isPlainObject, PlatformConfigError, show } from './problems';
import { PlatformConfig, TenantConfig } from './types';
import { checkAccountBaseline } from './validate-account-baseline';
import { checkControlPlane } from './validate-control-plane';
import { checkGuardrails } from './validate-guardrails';
import { checkDelivery } from './validate-delivery';
import { checkEnvironmentBudget } from './validate-environment-budget';
import { checkMultiRegion, checkPlacement, checkTenantPlacement } from './validate-placement';
import { checkSidecar } from './validate-sidecar';
import { checkTenants } from './validate-tenants';

/** Reads and validates a configuration file. Throws PlatformConfigError listing every problem. */
export function loadPlatformConfig(path: string): PlatformConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlatformConfigError([`${path}: the file must be readable, got ${(error as NodeJS.ErrnoException).code ?? String(error)}`], { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlatformConfigError([`${path}: the file must be valid JSON, got ${(error as Error).message}`], { cause: error });
  }
  return validatePlatformConfig(raw, path);
}

/**
 * Validates an already-parsed configuration and fills in every default. Every problem is collected and reported
 * together, each as `<where>: '<field>' must <rule>, got <value>`.
 */
export function validatePlatformConfig(raw: unknown, where = 'platform configuration'): PlatformConfig {
  const problems: string[] = [];
  const problem = (field: string, rule: string, value: unknown) => problems.push(`${where}: '${field}' must ${rule}, got ${show(value)}`);

  if (!isPlainObject(raw)) {
    problem('(root)', 'be a JSON object with controlPlane and tenants', raw);
    throw new PlatformConfigError(problems);
  }
  checkKeys(raw, '', ['controlPlane', 'tenants', 'accountBaseline', 'guardrails', 'sidecar', 'placement', 'delivery'], problem);
  const accountBaseline = checkAccountBaseline(raw.accountBaseline, problem);
  const guardrails = checkGuardrails(raw.guardrails, problem);
  const controlPlane = checkControlPlane(raw.controlPlane, problem);
  const tenants = checkTenants(raw.tenants, controlPlane?.cidr, problem);
  const placement = checkPlacement(raw.placement, guardrails, problem);
  if (placement) {
    checkTenantPlacement(tenants, placement, problem);
    checkMultiRegion(placement, raw, problem);
  }
  checkEnvironmentBudget(tenants, placement, controlPlane?.cors, problem);
  const delivery = checkDelivery(raw.delivery, tenants, placement, guardrails, problem);
  const sidecar = checkSidecar(raw.sidecar, isPlainObject(raw.controlPlane) && raw.controlPlane.identityProvider !== undefined, problem);

  if (guardrails && guardrails.allowedRegions.length > 0) {
    tenants.forEach((t, i) =>
      t.allowedRegions.forEach((region, j) => {
        if (!guardrails.allowedRegions.includes(region)) {
          problem(`tenants[${i}].allowedRegions[${j}]`, `be one of guardrails.allowedRegions (${guardrails.allowedRegions.join(', ')}): a tenant cannot live where the platform may not`, region);
        }
      }),
    );
  }
  if (problems.length > 0) {
    throw new PlatformConfigError(problems);
  }
  const { cidr, identityProvider, waf, planSigning, sidecarKeyValidityDays, erasureWindowHours, exportRetentionDays, cors, throttling, domain, privateAdminApi } = controlPlane!;
  return {
    controlPlane: { cidr: cidr!.text, ...(identityProvider ? { identityProvider } : {}), waf: waf!, planSigning: planSigning!, sidecarKeyValidityDays: sidecarKeyValidityDays!, erasureWindowHours: erasureWindowHours!, exportRetentionDays: exportRetentionDays!, cors: cors!, throttling: throttling!, ...(domain ? { domain } : {}), ...(privateAdminApi ? { privateAdminApi } : {}) },
    tenants,
    accountBaseline: accountBaseline!,
    guardrails: guardrails!,
    ...(sidecar ? { sidecar } : {}),
    placement: placement!,
    ...(delivery ? { delivery } : {}),
  };
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
