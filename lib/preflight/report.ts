/**
 * The preflight's answer for a set of synthesized stacks: per placement (account and region) the quotas the fleet
 * needs against AWS's defaults and the fixed monthly cost per tenant and for the fleet. Today a synth places every
 * stack in one (possibly unnamed) account and region; stacks pinned elsewhere simply form another placement.
 */
import { PlatformConfig, tenantPlan } from '../config/platform-config';
import { CostCategory, CostLine, CostSummary, round, stackCost, summarize } from './cost';
import { UnknownPriceRegionError } from './errors';
import { PRICE_REGIONS, PRICES } from './price-table';
import { quotaById } from './quota-table';
import { quotaUsage, QuotaUsage } from './quota-usage';
import { StackTemplate, TemplateResolver } from './template';

export const DEPLOYER_ACCOUNT = "the deployer's account";
export const DEPLOYER_REGION = "the deployer's region";
export const DEFAULT_PRICE_REGION = 'us-east-1';

export interface PreflightOptions {
  /** Prices for stacks that pin no region. @default 'us-east-1' */
  readonly priceRegion?: string;
}

export interface StackCost {
  readonly stack: string;
  /** The tenant whose stack it is. @default - a platform stack (hub, control plane, account baseline) */
  readonly tenantId?: string;
  readonly summary: CostSummary;
  /** Network's share of the priced total, 0..1. */
  readonly networkShare: number;
  readonly lines: readonly CostLine[];
}

export interface PlacementReport {
  readonly account: string;
  readonly region: string;
  /** The region whose prices were used: the pinned region, else `--price-region` (default us-east-1). */
  readonly priceRegion: string;
  readonly stacks: number;
  readonly quotas: readonly QuotaUsage[];
  readonly stackCosts: readonly StackCost[];
  /** Every stack of the placement: tenants, hub, control plane and account baseline. */
  readonly fleet: CostSummary;
  readonly tenantCount: number;
}

/** One quota increase to request before deploying. */
export interface QuotaIncrease {
  readonly account: string;
  readonly region: string;
  readonly service: string;
  readonly quotaName: string;
  readonly quotaCode?: string;
  readonly defaultValue: number;
  readonly needed: number;
  readonly where: string;
  readonly verified: boolean;
  /** The quota whose increase raises this one (request that one instead). */
  readonly raisedWith?: string;
}

export interface PreflightReport {
  readonly schema: 1;
  readonly placements: readonly PlacementReport[];
  /** Every quota the fleet would exceed at AWS's default. */
  readonly increases: readonly QuotaIncrease[];
}

/** Builds the preflight report for the stacks of a whole-platform synth of `config`. */
export function buildPreflightReport(stacks: readonly StackTemplate[], config: PlatformConfig, options: PreflightOptions = {}): PreflightReport {
  const tenantOfStack = new Map(config.tenants.map((t) => [tenantPlan(t).stackName, t.id]));
  const placements = [...groupByPlacement(stacks).values()].map((placed) => placementReport(placed, stacks, tenantOfStack, options));
  const increases = placements.flatMap((p) =>
    p.quotas
      .filter((q) => q.status === 'exceeded')
      .map((q) => ({
        account: p.account,
        region: p.region,
        service: q.quota.service,
        quotaName: q.quota.name,
        ...(q.quota.code ? { quotaCode: q.quota.code } : {}),
        defaultValue: q.quota.defaultValue!,
        needed: q.needed,
        where: q.where,
        verified: q.quota.verified,
        ...(q.quota.raisedWith ? { raisedWith: quotaById(q.quota.raisedWith).name } : {}),
      })),
  );
  return { schema: 1, placements, increases };
}

function groupByPlacement(stacks: readonly StackTemplate[]): Map<string, StackTemplate[]> {
  const groups = new Map<string, StackTemplate[]>();
  for (const stack of stacks) {
    const key = `${stack.account ?? ''}/${stack.region ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), stack]);
  }
  return groups;
}

function placementReport(placed: StackTemplate[], all: readonly StackTemplate[], tenantOfStack: Map<string, string>, options: PreflightOptions): PlacementReport {
  const { account, region } = placed[0];
  const priceRegion = region ?? options.priceRegion ?? DEFAULT_PRICE_REGION;
  const prices = PRICES[priceRegion];
  if (!prices) {
    throw new UnknownPriceRegionError(priceRegion, PRICE_REGIONS, region ? `stacks pinned to ${region}` : '--price-region');
  }
  const resolver = new TemplateResolver(placed);
  const accountStacks = all.filter((s) => s.account === account);
  const stackCosts = placed.map((stack): StackCost => {
    const lines = stackCost(stack, resolver, prices);
    const summary = summarize(lines);
    const tenantId = tenantOfStack.get(stack.stackName);
    return { stack: stack.stackName, ...(tenantId ? { tenantId } : {}), summary, networkShare: share(summary.byCategory, 'network', summary.monthlyUsd), lines };
  });
  return {
    account: account ?? DEPLOYER_ACCOUNT,
    region: region ?? DEPLOYER_REGION,
    priceRegion,
    stacks: placed.length,
    quotas: quotaUsage({ stacks: placed, accountStacks, resolver }),
    stackCosts,
    fleet: summarize(stackCosts.flatMap((s) => s.lines)),
    tenantCount: stackCosts.filter((s) => s.tenantId !== undefined).length,
  };
}

function share(byCategory: Readonly<Record<CostCategory, number>>, category: CostCategory, total: number): number {
  return total === 0 ? 0 : round(byCategory[category] / total);
}
