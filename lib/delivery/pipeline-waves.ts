/**
 * The deploying stages of the delivery pipeline: Foundation, TenantAccounts, ControlPlane, the canary and the waves,
 * each with its checks (stage-checks.ts). A platform in several regions (docs/network.md#regions) deploys its regions
 * side by side in the same stages, so the stage count does not grow with regions: each region's foundation and
 * control plane in the Foundation and ControlPlane stages, and tenants of every region in configuration order in the
 * waves, with a drift check per account and region and a health check per region a stage deploys into.
 */
import { Stage } from 'aws-cdk-lib';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { tenantAccount } from '../config/account-plan';
import { DeliveryConfig, PlatformConfig } from '../config/platform-config';
import { tenantRegion } from '../config/regional-view';
import { byPlacement, TENANT_ACCOUNTS_STAGE, WavePlan, wavePlan, waveStageNames } from '../config/wave-plan';
import { STACK_NAMES } from '../naming';
import { buildPlatformStages, PlatformStages } from './platform-stages';
import { CheckTarget, checkName, driftCheck, healthCheck, waveHealthAlarms } from './stage-checks';

interface Group {
  readonly target: CheckTarget;
  readonly stackNames: readonly string[];
}

/** Adds the platform's deploying stages to the pipeline; returns the wave plan and every stage, in order. */
export function addPlatformWaves(pipeline: pipelines.CodePipeline, source: pipelines.IFileSetProducer, config: PlatformConfig & { readonly delivery: DeliveryConfig }, stageScope: Construct): { plan: WavePlan; stages: Stage[] } {
  const home: CheckTarget = { account: config.placement.account!, region: config.placement.region! };
  const built = buildPlatformStages(stageScope, config);
  const regions: [string, PlatformStages][] = [[home.region, built], ...(built.otherRegions ?? new Map())];
  const alarms = waveHealthAlarms(config);
  const proofs = config.accountBaseline.networkProofs !== false;
  const checks = (name: string, groups: readonly Group[], healthRegions: readonly string[]) => ({
    pre: groups.map((g) => driftCheck(source, checkName(name, g.target, home), g.target.account, g.target.region, g.stackNames)),
    // The health alarms are the control plane's, in the platform's account of each region.
    post: healthRegions.map((region) => healthCheck(source, checkName(name, { account: home.account, region }, home), home.account, region, alarms, proofs)),
  });
  const inRegion = (region: string): CheckTarget => ({ account: home.account, region });
  const stages: Stage[] = [];
  const addStages = (name: string, list: readonly Stage[], groups: readonly Group[], healthRegions: readonly string[]) => {
    const { pre, post } = checks(name, groups, healthRegions);
    if (list.length === 1) {
      // One region: the stage as before regions existed (its CodePipeline stage and action names unchanged).
      pipeline.addStage(list[0], { pre, ...(post.length > 0 ? { post } : {}) });
    } else {
      const wave = pipeline.addWave(name, { pre, ...(post.length > 0 ? { post } : {}) });
      list.forEach((s) => wave.addStage(s));
    }
    stages.push(...list);
  };

  // The health alarms live in the control plane: before it exists there is nothing to check after Foundation.
  addStages('Foundation', regions.map(([, r]) => r.foundation!), regions.map(([region]) => ({ target: inRegion(region), stackNames: [STACK_NAMES.accountBaseline, STACK_NAMES.networkHub] })), []);
  const tenantAccounts = regions.flatMap(([region, r]) => r.tenantAccounts!.map((stage) => ({ stage, target: { account: stage.hostAccount, region } })));
  if (tenantAccounts.length > 0) {
    const wave = pipeline.addWave(TENANT_ACCOUNTS_STAGE, { pre: checks(TENANT_ACCOUNTS_STAGE, tenantAccounts.map((t) => ({ target: t.target, stackNames: [STACK_NAMES.accountBaseline] })), []).pre });
    tenantAccounts.forEach((t) => wave.addStage(t.stage));
    stages.push(...tenantAccounts.map((t) => t.stage));
  }
  addStages('ControlPlane', regions.map(([, r]) => r.controlPlane!), regions.map(([region]) => ({ target: inRegion(region), stackNames: [STACK_NAMES.controlPlane] })), regions.map(([region]) => region));

  const plan = wavePlan(config.tenants, config.delivery);
  const tenantStages = regions.flatMap(([, r]) => r.tenants);
  const accountOf = (id: string) => tenantAccount(config, config.tenants.find((t) => t.id === id)!)!;
  const regionOf = (id: string) => tenantRegion(config, config.tenants.find((t) => t.id === id)!)!;
  const names = waveStageNames(plan);
  [...(plan.canary.length > 0 ? [plan.canary] : []), ...plan.waves].forEach((ids, i) => {
    const name = names[i];
    const groups = [...byPlacement(ids, accountOf, regionOf).values()].map((group) => ({ target: { account: accountOf(group[0]), region: regionOf(group[0]) }, stackNames: group.map((id) => STACK_NAMES.tenant(id)) }));
    const { pre, post } = checks(name, groups, [...new Set(ids.map(regionOf))]);
    const steps: pipelines.Step[] = [...post];
    if (name === 'Canary' && plan.approveAfterCanary) {
      const approval = new pipelines.ManualApprovalStep('PromoteCanary', {
        comment: `The canary tenants (${ids.join(', ')}) are deployed and the platform's health alarms are quiet. Approve to roll out to the other ${config.tenants.length - ids.length} tenants.`,
      });
      post.forEach((check) => approval.addStepDependency(check));
      steps.push(approval);
    }
    const wave = pipeline.addWave(name, { pre, post: steps });
    for (const id of ids) {
      const stage = tenantStages.find((t) => t.tenant.plan.id === id)!;
      wave.addStage(stage);
      stages.push(stage);
    }
  });
  return { plan, stages };
}
