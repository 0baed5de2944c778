/**
 * The delivery pipeline's wave layout, from the configuration alone: which tenants go in which wave, and how many
 * CodePipeline stages and actions that makes, checked against CodePipeline's quotas before anything is built.
 */
import { DeliveryConfig, TenantConfig } from './types';

/**
 * CodePipeline's structural quotas (https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html, read
 * 2026-12 through a search excerpt: verify against the page). None can be raised for one pipeline's structure.
 */
export const CODEPIPELINE_LIMITS = { actionsPerStage: 50, stagesPerPipeline: 50, actionsPerPipeline: 500 } as const;

/** Each stack is two actions: create the change set, then execute it (CDK Pipelines' default, kept for review). */
export const ACTIONS_PER_STACK = 2;
/** Actions every wave stage has besides its stacks: the drift check before and the wave check after. */
export const CHECK_ACTIONS_PER_WAVE = 2;
/** The largest wave that fits in one stage. */
export const MAX_WAVE_SIZE = Math.floor((CODEPIPELINE_LIMITS.actionsPerStage - CHECK_ACTIONS_PER_WAVE) / ACTIONS_PER_STACK);
export const DEFAULT_WAVE_SIZE = 10;
/** The hub account's foundation: its account baseline and the network hub. */
export const HUB_FOUNDATION_STACKS = 2;
/** The pipeline stage of the other tenant accounts' baselines. */
export const TENANT_ACCOUNTS_STAGE = 'TenantAccounts';

/**
 * Stages before the tenant waves, with their actions: Source (1), Build (the synth: npm ci, npm test, npm run
 * compliance), UpdatePipeline (self-mutation), Assets (one action per file asset, `assets` of them), Foundation
 * (account baseline and hub: 2 stacks and the drift check, per region), TenantAccounts (with tenants in other accounts:
 * each one's account baseline and drift check, per account and region) and ControlPlane (1 stack, its drift and health
 * checks, per region). A platform in several regions deploys its regions side by side in these same stages.
 */
function fixedStages(assets: number, foundationStacks: number, tenantAccounts: number, regions: number): PipelineStage[] {
  return [
    { name: 'Source', actions: 1 },
    { name: 'Build', actions: 1 },
    { name: 'UpdatePipeline', actions: 1 },
    { name: 'Assets', actions: Math.max(assets, 1) },
    // Foundation has the drift check only: the health alarms it could watch are the control plane's.
    { name: 'Foundation', actions: regions * (foundationStacks * ACTIONS_PER_STACK + 1) },
    // The account baseline of each other tenant account, each with its own drift check.
    ...(tenantAccounts > 0 ? [{ name: TENANT_ACCOUNTS_STAGE, actions: tenantAccounts * (ACTIONS_PER_STACK + 1) }] : []),
    { name: 'ControlPlane', actions: regions * (ACTIONS_PER_STACK + CHECK_ACTIONS_PER_WAVE) },
  ];
}

export interface PipelineStage {
  readonly name: string;
  readonly actions: number;
}

export interface WavePlan {
  /** The canary wave's tenants, deployed first. */
  readonly canary: readonly string[];
  /** A manual approval after the canary wave. */
  readonly approveAfterCanary: boolean;
  /** The other tenants, in configuration order, `waveSize` to a wave. */
  readonly waves: readonly (readonly string[])[];
}

/** The waves: the canary tenants first, then every other tenant in configuration order, `waveSize` at a time. */
export function wavePlan(tenants: readonly TenantConfig[], delivery: DeliveryConfig): WavePlan {
  const canary = tenants.filter((t) => delivery.canaryTenants.includes(t.id)).map((t) => t.id);
  const rest = tenants.filter((t) => !delivery.canaryTenants.includes(t.id)).map((t) => t.id);
  const waves: string[][] = [];
  for (let i = 0; i < rest.length; i += delivery.waveSize) {
    waves.push(rest.slice(i, i + delivery.waveSize));
  }
  return { canary, approveAfterCanary: delivery.approveAfterCanary, waves };
}

/** The stage names of the tenant waves, in order (CodePipeline stage names: letters, digits, `.@-_`). */
export function waveStageNames(plan: WavePlan): string[] {
  return [...(plan.canary.length > 0 ? ['Canary'] : []), ...plan.waves.map((_, i) => `Wave-${i + 1}`)];
}

/**
 * A stage's tenants by account, in order of first appearance: one drift check per account (each reads through its own
 * account's lookup role). Without `accountOf`, one group.
 */
export function byAccount(ids: readonly string[], accountOf?: (tenantId: string) => string | undefined): Map<string | undefined, string[]> {
  const groups = new Map<string | undefined, string[]>();
  for (const id of ids) {
    const account = accountOf?.(id);
    groups.set(account, [...(groups.get(account) ?? []), id]);
  }
  return groups;
}

/** A wave's tenants by account and region (`<account>/<region>`), in order of first appearance: one drift check each. */
export function byPlacement(ids: readonly string[], accountOf?: (tenantId: string) => string | undefined, regionOf?: (tenantId: string) => string | undefined): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const key = `${accountOf?.(id) ?? ''}/${regionOf?.(id) ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  return groups;
}

export interface LayoutOptions {
  readonly assets: number;
  /** The foundation's stacks (the hub account's: HUB_FOUNDATION_STACKS). */
  readonly foundationStacks: number;
  /** Other accounts that host tenants: one account baseline each, in the TenantAccounts stage. @default 0 */
  readonly tenantAccounts?: number;
  /** Each tenant's account, when tenants live in several: one drift check per account in a wave. @default - one account */
  readonly accountOf?: (tenantId: string) => string | undefined;
  /** How many regions the platform runs in: each has its foundation and control plane in those stages. @default 1 */
  readonly regions?: number;
  /**
   * Each tenant's region, when the platform has several: one drift check per account and region, and one health check
   * per region, in a wave. @default - one region
   */
  readonly regionOf?: (tenantId: string) => string | undefined;
}

/**
 * Every stage of the pipeline the plan makes and its action count, as CDK Pipelines lays it out (the test
 * `pipeline layout matches the plan` compares this with the synthesized pipeline).
 */
export function pipelineLayout(plan: WavePlan, options: LayoutOptions): PipelineStage[] {
  const names = waveStageNames(plan);
  const groups = [...(plan.canary.length > 0 ? [plan.canary] : []), ...plan.waves];
  return [
    ...fixedStages(options.assets, options.foundationStacks, options.tenantAccounts ?? 0, options.regions ?? 1),
    ...groups.map((ids, i) => ({
      name: names[i],
      // A drift check per account and region, a health check per region (with one of each, CHECK_ACTIONS_PER_WAVE).
      actions:
        ids.length * ACTIONS_PER_STACK +
        byPlacement(ids, options.accountOf, options.regionOf).size +
        new Set(ids.map((id) => options.regionOf?.(id))).size +
        (i === 0 && plan.canary.length > 0 && plan.approveAfterCanary ? 1 : 0),
    })),
  ];
}

/** Why a layout breaks CodePipeline's quotas, one message per quota; empty when it fits. */
export function layoutProblems(layout: readonly PipelineStage[]): string[] {
  const problems: string[] = [];
  if (layout.length > CODEPIPELINE_LIMITS.stagesPerPipeline) {
    problems.push(`${layout.length} stages, more than CodePipeline's ${CODEPIPELINE_LIMITS.stagesPerPipeline} per pipeline`);
  }
  for (const stage of layout.filter((s) => s.actions > CODEPIPELINE_LIMITS.actionsPerStage)) {
    problems.push(`stage ${stage.name} has ${stage.actions} actions, more than CodePipeline's ${CODEPIPELINE_LIMITS.actionsPerStage} per stage`);
  }
  const total = layout.reduce((n, s) => n + s.actions, 0);
  if (total > CODEPIPELINE_LIMITS.actionsPerPipeline) {
    problems.push(`${total} actions, more than CodePipeline's ${CODEPIPELINE_LIMITS.actionsPerPipeline} per pipeline`);
  }
  return problems;
}
