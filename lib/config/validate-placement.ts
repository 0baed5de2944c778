import { RegionInfo } from 'aws-cdk-lib/region-info';
import { checkKeys, isPlainObject, Problem, tracking } from './problems';
import { GuardrailsConfig, PlacementConfig, TenantConfig } from './types';
import { MAX_TENANT_ACCOUNTS } from './limits';

export const ACCOUNT_ID = /^\d{12}$/;
const DEFAULT_PLACEMENT: PlacementConfig = {};

function knownRegion(region: string): boolean {
  return RegionInfo.regions.some((r) => r.name === region);
}

/** The `placement` section, defaulted; undefined when it has a problem. */
export function checkPlacement(raw: unknown, guardrails: GuardrailsConfig | undefined, problem: Problem): PlacementConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_PLACEMENT;
  }
  if (!isPlainObject(raw)) {
    problem('placement', 'be an object with account and region', raw);
    return undefined;
  }
  checkKeys(raw, 'placement.', ['account', 'region'], problem);
  const { fail, ok } = tracking(problem);
  const { account, region } = raw;
  if (account !== undefined && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) {
    fail('placement.account', 'be a 12-digit AWS account id', account);
  }
  if (region !== undefined && (typeof region !== 'string' || !knownRegion(region))) {
    fail('placement.region', 'be an AWS region aws-cdk-lib knows (e.g. eu-west-1)', region);
  } else if (region !== undefined && guardrails && guardrails.allowedRegions.length > 0 && !guardrails.allowedRegions.includes(region)) {
    fail('placement.region', `be one of guardrails.allowedRegions (${guardrails.allowedRegions.join(', ')})`, region);
  }
  return ok()
    ? { ...(account !== undefined ? { account: account as string } : {}), ...(region !== undefined ? { region: region as string } : {}) }
    : undefined;
}

/** A tenant's `account` and `region`, as given (checked against the placement by checkTenantPlacement). */
export function tenantPlacementFields(tenant: Record<string, unknown>, at: string, fail: Problem): Pick<TenantConfig, 'account' | 'region'> {
  const { account, region } = tenant;
  if (account !== undefined && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) {
    fail(`${at}.account`, 'be a 12-digit AWS account id', account);
    return {};
  }
  if (region !== undefined && (typeof region !== 'string' || !knownRegion(region))) {
    fail(`${at}.region`, 'be an AWS region aws-cdk-lib knows (e.g. eu-west-1)', region);
    return {};
  }
  return { ...(account !== undefined ? { account: account as string } : {}), ...(region !== undefined ? { region: region as string } : {}) };
}

/**
 * Each tenant's placement against the platform's. Its account may be the platform's (the hub's) or another account of
 * the organization (the hub's transit gateway is then shared with it through AWS RAM, docs/network.md#tenants-in-other-accounts),
 * which needs both `placement.account` and `placement.region` (the shared parameter's ARN names them). Its region must
 * have a hub (the platform's region) and be within its own and the platform's allowed regions.
 */
export function checkTenantPlacement(tenants: readonly TenantConfig[], placement: PlacementConfig, problem: Problem): void {
  const otherAccounts = new Set<string>();
  tenants.forEach((t, i) => {
    if (t.account !== undefined && placement.account !== undefined && t.account !== placement.account && !otherAccounts.has(t.account)) {
      otherAccounts.add(t.account);
      if (otherAccounts.size > MAX_TENANT_ACCOUNTS) {
        problem(`tenants[${i}].account`, `be one of at most ${MAX_TENANT_ACCOUNTS} accounts other than the platform's (the GDPR handler's policy names one ARN per account within a managed policy's 6,144 characters)`, t.account);
      }
    }
    const at = `tenants[${i}]`;
    if (t.account !== undefined) {
      if (placement.account === undefined) {
        problem(`${at}.account`, 'be left out unless placement.account is set (a tenant placed by account needs the platform placed too)', t.account);
      } else if (t.account !== placement.account && placement.region === undefined) {
        problem(`${at}.account`, `be the platform account (${placement.account}) unless placement.region is set: a tenant in another account reads the hub's shared transit gateway id by an ARN that names the hub's region`, t.account);
      }
    }
    if (t.region !== undefined) {
      if (placement.region === undefined || t.region !== placement.region) {
        problem(`${at}.region`, `be a region with a network hub (${placement.region ?? 'none: set placement.region'}): a tenant placed where no hub exists cannot attach`, t.region);
      }
    }
    const region = t.region ?? placement.region;
    if (region !== undefined && t.allowedRegions.length > 0 && !t.allowedRegions.includes(region)) {
      problem(`${at}.region`, `be one of the tenant's allowedRegions (${t.allowedRegions.join(', ')})`, region);
    }
  });
}
