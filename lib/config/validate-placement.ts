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
  checkKeys(raw, 'placement.', ['account', 'region', 'additionalRegions'], problem);
  const { fail, ok } = tracking(problem);
  const { account, region } = raw;
  if (account !== undefined && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) {
    fail('placement.account', 'be a 12-digit AWS account id', account);
  }
  if (region !== undefined && (typeof region !== 'string' || !knownRegion(region))) {
    fail('placement.region', 'be an AWS region aws-cdk-lib knows (e.g. eu-west-1)', region);
  } else if (region !== undefined) {
    const outside = outsideAllowedRegions(region, guardrails);
    if (outside) {
      fail('placement.region', outside, region);
    }
  }
  const additionalRegions = checkAdditionalRegions(raw.additionalRegions, typeof region === 'string' ? region : undefined, guardrails, fail);
  return ok()
    ? {
        ...(account !== undefined ? { account: account as string } : {}),
        ...(region !== undefined ? { region: region as string } : {}),
        ...(additionalRegions && additionalRegions.length > 0 ? { additionalRegions } : {}),
      }
    : undefined;
}

function outsideAllowedRegions(region: string, guardrails: GuardrailsConfig | undefined): string | undefined {
  return guardrails && guardrails.allowedRegions.length > 0 && !guardrails.allowedRegions.includes(region) ? `be one of guardrails.allowedRegions (${guardrails.allowedRegions.join(', ')})` : undefined;
}

/**
 * `placement.additionalRegions`: known regions, each once, never the home region, within the allowed regions, and only
 * beside a home region (`placement.region`: the regional views, the guardrails and the pipeline are anchored there).
 */
function checkAdditionalRegions(raw: unknown, home: string | undefined, guardrails: GuardrailsConfig | undefined, fail: Problem): string[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    fail('placement.additionalRegions', 'be a list of AWS regions (e.g. ["eu-central-1"])', raw);
    return undefined;
  }
  if (raw.length > 0 && home === undefined) {
    fail('placement.additionalRegions', 'be left out unless placement.region is set (the home region, where the organization guardrails, the pipeline and the one multi-region audit trail live)', raw);
  }
  raw.forEach((region: unknown, i) => {
    const at = `placement.additionalRegions[${i}]`;
    if (typeof region !== 'string' || !knownRegion(region)) {
      fail(at, 'be an AWS region aws-cdk-lib knows (e.g. eu-central-1)', region);
    } else if (region === home) {
      fail(at, `not be the home region (placement.region, ${home}): it has its hub already`, region);
    } else if (raw.indexOf(region) !== i) {
      fail(at, `name each region once (also placement.additionalRegions[${raw.indexOf(region)}])`, region);
    } else {
      const outside = outsideAllowedRegions(region, guardrails);
      if (outside) {
        fail(at, outside, region);
      }
    }
  });
  return raw as string[];
}

/**
 * What the platform's other sections must leave out when it runs in several regions: a custom domain (Route 53 is
 * global: each region's control plane would claim the same name in the same zone).
 */
export function checkMultiRegion(placement: PlacementConfig, raw: { readonly controlPlane?: unknown }, problem: Problem): void {
  if (placement.additionalRegions === undefined) {
    return;
  }
  const domain = isPlainObject(raw.controlPlane) ? raw.controlPlane.domain : undefined;
  if (domain !== undefined) {
    problem('controlPlane.domain', `be left out with placement.additionalRegions (${placement.additionalRegions.join(', ')}): each region's control plane would claim the same name in the same global Route 53 zone`, domain);
  }
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
 * have a hub (the home region or an additional one) and be within its own and the platform's allowed regions.
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
      const hubs = placement.region === undefined ? [] : [placement.region, ...(placement.additionalRegions ?? [])];
      if (!hubs.includes(t.region)) {
        problem(`${at}.region`, `be a region with a network hub (${hubs.length > 0 ? hubs.join(', ') : 'none: set placement.region'}): a tenant placed where no hub exists cannot attach`, t.region);
      }
    }
    const region = t.region ?? placement.region;
    if (region !== undefined && t.allowedRegions.length > 0 && !t.allowedRegions.includes(region)) {
      problem(`${at}.region`, `be one of the tenant's allowedRegions (${t.allowedRegions.join(', ')})`, region);
    }
  });
}
