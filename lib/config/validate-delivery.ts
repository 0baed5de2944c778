import { DEFAULT_WAVE_SIZE, HUB_FOUNDATION_STACKS, MAX_WAVE_SIZE, layoutProblems, pipelineLayout, wavePlan } from './wave-plan';
import { isCrossAccount, tenantAccount } from './account-plan';
import { platformRegions, tenantRegion } from './regional-view';
import { checkSubscriptionList } from './validate-subscriptions';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { DeliveryConfig, GuardrailsConfig, PlacementConfig, TenantConfig } from './types';

/** A CodeConnections connection, by its current or its CodeStar Connections ARN. */
const CONNECTION_ARN = /^arn:aws(-cn|-us-gov)?:(codeconnections|codestar-connections):[a-z]{2}(-[a-z]+)+-\d:\d{12}:connection\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
/** A branch name git accepts (`git check-ref-format --branch`), simplified: no spaces, `..`, `~^:?*[\`, leading `-`. */
const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._\/-]{1,200}(?<![./])$/;
/** The CDK bootstrap's default qualifier (aws-cdk-lib's DefaultStackSynthesizer.DEFAULT_QUALIFIER; a test keeps them equal). */
export const CDK_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The role CloudFormation acts as when the pipeline deploys into the platform's environment (CDK bootstrap). */
export function pipelineExecutionRoleArn(account: string, region: string): string {
  return `arn:aws:iam::${account}:role/cdk-${CDK_BOOTSTRAP_QUALIFIER}-cfn-exec-role-${account}-${region}`;
}

/** Assets the pipeline publishes at least (the Lambda bundles); the built pipeline is checked again with its real count. */
const MIN_ASSETS = 1;

/** The `delivery` section, defaulted; undefined when absent or with a problem. */
export function checkDelivery(raw: unknown, tenants: readonly TenantConfig[], placement: PlacementConfig | undefined, guardrails: GuardrailsConfig | undefined, problem: Problem): DeliveryConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem('delivery', 'be an object with source, canaryTenants, approveAfterCanary, waveSize and notifications', raw);
    return undefined;
  }
  checkKeys(raw, 'delivery.', ['source', 'canaryTenants', 'approveAfterCanary', 'waveSize', 'notifications'], problem);
  const { fail, ok } = tracking(problem);
  if (placement && (placement.account === undefined || placement.region === undefined)) {
    fail('placement', 'name the platform account and region when delivery is set (the pipeline deploys to named environments)', placement);
  } else if (placement && guardrails && guardrails.deployRoleArns.length > 0) {
    // The tag-protection SCP lets only these roles change protected resources; the pipeline's changes are made by the
    // bootstrap's CloudFormation execution role, so it must be one of them (aws-cn / aws-us-gov partitions included).
    // Each account the pipeline deploys into (tenants in other accounts included) has its own execution role.
    // ... in each region it deploys into (a platform in several regions: docs/network.md#regions).
    const environments = [
      ...new Set([
        ...[placement.region!, ...(placement.additionalRegions ?? [])].map((region) => `${placement.account!}/${region}`),
        ...tenants.map((t) => `${t.account ?? placement.account!}/${t.region ?? placement.region!}`),
      ]),
    ].map((env) => env.split('/'));
    for (const [account, region] of environments) {
      const execution = pipelineExecutionRoleArn(account, region);
      if (!guardrails.deployRoleArns.some((arn) => arn.replace(/^arn:aws(-cn|-us-gov)?:/, 'arn:aws:') === execution)) {
        fail('guardrails.deployRoleArns', `include the CloudFormation execution role the pipeline deploys with (${execution}): without it the tag-protection SCP denies every pipeline change to a protected resource`, guardrails.deployRoleArns);
      }
    }
  }
  const source = raw.source;
  let branch = 'main';
  if (!isPlainObject(source)) {
    fail('delivery.source', 'be an object with connectionArn, repository and branch', source);
  } else {
    checkKeys(source, 'delivery.source.', ['connectionArn', 'repository', 'branch'], fail);
    if (typeof source.connectionArn !== 'string' || !CONNECTION_ARN.test(source.connectionArn)) {
      fail('delivery.source.connectionArn', 'be a CodeConnections ARN like arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>', source.connectionArn);
    }
    if (typeof source.repository !== 'string' || !REPOSITORY.test(source.repository)) {
      fail('delivery.source.repository', 'be owner/name of the repository', source.repository);
    }
    if (source.branch !== undefined && (typeof source.branch !== 'string' || !BRANCH.test(source.branch))) {
      fail('delivery.source.branch', 'be a git branch name', source.branch);
    } else if (typeof source.branch === 'string') {
      branch = source.branch;
    }
  }
  const ids = tenants.map((t) => t.id);
  const canaryTenants = raw.canaryTenants ?? ids.slice(0, 1);
  if (!Array.isArray(canaryTenants) || (ids.length > 0 && canaryTenants.length === 0)) {
    fail('delivery.canaryTenants', 'be a non-empty array of configured tenant ids (the first wave deploys them alone)', canaryTenants);
  } else {
    canaryTenants.forEach((id: unknown, i: number) => {
      if (typeof id !== 'string' || !ids.includes(id)) {
        fail(`delivery.canaryTenants[${i}]`, `name a configured tenant (${ids.join(', ') || 'none configured'})`, id);
      } else if (canaryTenants.indexOf(id) !== i) {
        fail(`delivery.canaryTenants[${i}]`, 'be unique', id);
      }
    });
  }
  const approveAfterCanary = raw.approveAfterCanary ?? true;
  if (typeof approveAfterCanary !== 'boolean') {
    fail('delivery.approveAfterCanary', 'be true or false', approveAfterCanary);
  }
  const waveSize = raw.waveSize ?? DEFAULT_WAVE_SIZE;
  if (!isIntegerIn(waveSize, 1, MAX_WAVE_SIZE)) {
    fail('delivery.waveSize', `be an integer in 1..${MAX_WAVE_SIZE} (two actions per tenant plus the drift and wave checks, within CodePipeline's 50 actions per stage)`, waveSize);
  }
  const notifications = checkSubscriptionList(raw.notifications ?? [], 'delivery.notifications', fail);
  if (!ok()) {
    return undefined;
  }
  const delivery: DeliveryConfig = {
    source: { connectionArn: (source as Record<string, string>).connectionArn, repository: (source as Record<string, string>).repository, branch },
    canaryTenants: canaryTenants as string[],
    approveAfterCanary: approveAfterCanary as boolean,
    waveSize: waveSize as number,
    notifications: notifications!,
  };
  const placed = { placement: placement ?? {}, tenants };
  const tenant = (id: string) => tenants.find((t) => t.id === id)!;
  const otherAccounts = new Set(tenants.filter((t) => isCrossAccount(placed, t)).map((t) => `${t.account}/${tenantRegion(placed, t)}`));
  const accounts = {
    foundationStacks: HUB_FOUNDATION_STACKS,
    tenantAccounts: otherAccounts.size,
    accountOf: (id: string) => tenantAccount(placed, tenant(id)),
    regionOf: (id: string) => tenantRegion(placed, tenant(id)),
    regions: Math.max(1, platformRegions(placed).length),
  };
  for (const p of layoutProblems(pipelineLayout(wavePlan(tenants, delivery), { assets: MIN_ASSETS, ...accounts }))) {
    // A canary too large for one stage is the canary list's problem, not the wave size's.
    if (p.startsWith('stage Canary ')) {
      problem('delivery.canaryTenants', `fit in one pipeline stage, but the canary wave makes ${p}`, canaryTenants);
    } else {
      problem('delivery.waveSize', `lay the ${tenants.length} tenants out within CodePipeline's quotas, but the waves make ${p}`, waveSize);
    }
  }
  return delivery;
}
