import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlatformConfig, TenantConfig, tenantPlan } from '../config/platform-config';
import { hubSharePrincipals } from '../config/account-plan';
import { additionalRegions, regionalConfig, regionalConfigs, tenantRegion } from '../config/regional-view';
import { STACK_NAMES } from '../naming';
import { addAccountBaseline, addControlPlane, addNetworkHub, addTenant, platformPlacement, regionalId } from '../platform';
import { AccountBaselineStack } from '../stacks/account-baseline-stack';
import { ControlPlaneStack } from '../stacks/control-plane-stack';
import { NetworkHubStack } from '../stacks/network-hub-stack';
import { TenantStack } from '../stacks/tenant-stack';

/*
 * The platform's deployment units as CDK Stages, for the delivery pipeline. Each builds its stacks with the same
 * functions, names and placement as `cdk deploy` by hand (lib/platform.ts), so a stack deployed by the pipeline
 * is the stack deployed by hand, template for template.
 */

/** Once per account and region: detection and audit, and the network hub. */
export class FoundationStage extends Stage {
  public readonly accountBaseline: AccountBaselineStack;
  public readonly networkHub: NetworkHubStack;

  constructor(scope: Construct, id: string, config: PlatformConfig, props: StageProps = {}) {
    const placement = platformPlacement(config);
    super(scope, id, { env: placement.env, ...props });
    this.accountBaseline = addAccountBaseline(this, config, placement);
    this.networkHub = addNetworkHub(this, config, placement);
  }
}

/**
 * Another account that hosts tenants: its account baseline (detection, audit trail, deploy-time hook), deployed through
 * that account's bootstrap roles (lib/platform.ts). A stage of its own: CDK Pipelines names a deployment by stack name
 * and region, which every account baseline shares.
 */
export class TenantAccountStage extends Stage {
  public readonly accountBaseline: AccountBaselineStack;

  /** `hostAccount`: the account (not `account`, which a Stage reads as its stacks' default account). */
  constructor(scope: Construct, public readonly hostAccount: string, config: PlatformConfig, props: StageProps = {}) {
    const placement = platformPlacement(config);
    super(scope, regionalId(config, `${STACK_NAMES.accountBaseline}-${hostAccount}`), { env: placement.env, ...props });
    this.accountBaseline = addAccountBaseline(this, config, placement, hostAccount);
  }
}

/** The control plane: its network, its API and its keys. */
export class ControlPlaneStage extends Stage {
  public readonly controlPlane: ControlPlaneStack;

  constructor(scope: Construct, id: string, config: PlatformConfig, props: StageProps = {}) {
    const placement = platformPlacement(config);
    super(scope, id, { env: placement.env, ...props });
    this.controlPlane = addControlPlane(this, config, placement);
  }
}

/** One tenant's data plane. */
export class TenantStage extends Stage {
  public readonly tenant: TenantStack;

  constructor(scope: Construct, config: PlatformConfig, tenant: TenantConfig, props: StageProps = {}) {
    const placement = platformPlacement(config);
    super(scope, tenantPlan(tenant).stackName, { env: placement.env, ...props });
    this.tenant = addTenant(this, config, tenant, placement);
  }
}

/** The stages of the platform, or of some tenants only: what the pipeline deploys, built without a pipeline. */
export interface PlatformStages {
  readonly foundation?: FoundationStage;
  /** One per other account that hosts tenants. */
  readonly tenantAccounts?: readonly TenantAccountStage[];
  readonly controlPlane?: ControlPlaneStage;
  readonly tenants: readonly TenantStage[];
  /** Each additional region's stages, by region (docs/network.md#regions). @default - none: one region */
  readonly otherRegions?: ReadonlyMap<string, PlatformStages>;
}

/**
 * The platform as the delivery pipeline's stages, for `cdk deploy` by hand of a platform that has a pipeline: the
 * stacks have the construct paths the pipeline gives them, so a hand deploy and a pipeline deploy of one stack
 * render the same template (names derived from construct paths included). Deploy order is Foundation, the other
 * tenant accounts' baselines, ControlPlane, then tenants (stages cannot depend on each other; the pipeline orders them by its stages).
 */
export function buildPlatformStages(scope: Construct, config: PlatformConfig, onlyTenants?: readonly TenantConfig[]): PlatformStages {
  if (additionalRegions(config).length === 0) {
    return regionStages(scope, config, onlyTenants);
  }
  if (onlyTenants) {
    return { tenants: onlyTenants.map((t) => new TenantStage(scope, regionalConfig(config, tenantRegion(config, t)!), t)) };
  }
  // Each region from its own view (lib/config/regional-view.ts): the home region's stages keep their ids, the others'
  // carry their region (`Foundation-us-east-1`); tenant stages are `Tenant-<id>` in every region.
  const [home, ...others] = regionalConfigs(config);
  return { ...regionStages(scope, home), otherRegions: new Map(others.map((view) => [view.placement.region!, regionStages(scope, view)])) };
}

function regionStages(scope: Construct, config: PlatformConfig, onlyTenants?: readonly TenantConfig[]): PlatformStages {
  if (onlyTenants) {
    return { tenants: onlyTenants.map((t) => new TenantStage(scope, config, t)) };
  }
  return {
    foundation: new FoundationStage(scope, regionalId(config, 'Foundation'), config),
    tenantAccounts: hubSharePrincipals(config).map((account) => new TenantAccountStage(scope, account, config)),
    controlPlane: new ControlPlaneStage(scope, regionalId(config, 'ControlPlane'), config),
    tenants: config.tenants.map((t) => new TenantStage(scope, config, t)),
  };
}
