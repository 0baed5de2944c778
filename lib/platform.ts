import { App, DefaultStackSynthesizer, Environment } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlatformConfig, TenantConfig, tenantPlan } from './config/platform-config';
import { attachmentAcceptorRoleArns, attachmentAcceptorRoleName } from './config/attachment-acceptor-plan';
import { additionalRegions, isAdditionalRegionView, regionalConfig, tenantRegion } from './config/regional-view';
import { acceptedAttachments, hubSharePrincipals, isCrossAccount, sharedTransitGatewayParameterArn, tenantAccount } from './config/account-plan';
import { STACK_NAMES } from './naming';
import { AccountBaselineStack } from './stacks/account-baseline-stack';
import { ControlPlaneStack } from './stacks/control-plane-stack';
import { NetworkHubStack } from './stacks/network-hub-stack';
import { OrganizationGuardrailsStack } from './stacks/organization-guardrails-stack';
import { TenantStack } from './stacks/tenant-stack';

export interface PlatformStacks {
  readonly accountBaseline?: AccountBaselineStack;
  /** The account baseline of each other account that hosts tenants, by account. */
  readonly tenantAccountBaselines?: ReadonlyMap<string, AccountBaselineStack>;
  readonly organizationGuardrails?: OrganizationGuardrailsStack;
  readonly networkHub?: NetworkHubStack;
  readonly controlPlane?: ControlPlaneStack;
  readonly tenants: readonly TenantStack[];
  /**
   * Each additional region's stacks, by region (built from its regional view; no organization guardrails there).
   * @default - none: the platform has one region
   */
  readonly otherRegions?: ReadonlyMap<string, PlatformStacks>;
}

export interface BuildPlatformOptions {
  /**
   * Build only these tenants' stacks and nothing else (a per-tenant synth or deploy).
   * @default - the whole platform: hub, control-plane network and every tenant
   */
  readonly onlyTenants?: readonly TenantConfig[];
  /**
   * Pin every stack to this region (data residency: a template that names its region cannot be deployed to another).
   * @default - the placement's region, else environment-agnostic stacks (the region is the deploying profile's)
   */
  readonly region?: string;
}

/**
 * Where one of the platform's stacks goes: its region (the placement's, or the one a residency rule pins the synth to)
 * as its environment, and its account (the placement's, or a tenant's own) as a deploy-time rule. Tenants live in the
 * platform's region (validated: one hub per region), in its account or in other accounts of the organization.
 */
export interface StackPlacement {
  readonly env?: Environment;
  readonly placedAccount?: string;
}

export function platformPlacement(config: PlatformConfig, pinnedRegion?: string): StackPlacement {
  const region = config.placement.region ?? pinnedRegion;
  return { ...(region !== undefined ? { env: { region } } : {}), ...(config.placement.account !== undefined ? { placedAccount: config.placement.account } : {}) };
}

/**
 * A stack of another account than the hub's. Its template stays account-agnostic (`AWS::AccountId`, so the gate and
 * its acknowledgements judge one form) and carries the account rule; its synthesizer names that account's CDK
 * bootstrap roles, so `cdk deploy` from the hub account and the pipeline's deploy actions assume the tenant account's
 * deploy role (trusted through `cdk bootstrap --trust <hub account>`, docs/delivery.md) rather than the caller's.
 */
function inAccount(placement: StackPlacement, account: string): StackPlacement & { synthesizer: DefaultStackSynthesizer } {
  const named = (arn: string) => arn.replace(/\$\{AWS::AccountId\}/g, account);
  const synthesizer = new DefaultStackSynthesizer({
    deployRoleArn: named(DefaultStackSynthesizer.DEFAULT_DEPLOY_ROLE_ARN),
    cloudFormationExecutionRole: named(DefaultStackSynthesizer.DEFAULT_CLOUDFORMATION_ROLE_ARN),
    fileAssetPublishingRoleArn: named(DefaultStackSynthesizer.DEFAULT_FILE_ASSET_PUBLISHING_ROLE_ARN),
    imageAssetPublishingRoleArn: named(DefaultStackSynthesizer.DEFAULT_IMAGE_ASSET_PUBLISHING_ROLE_ARN),
    lookupRoleArn: named(DefaultStackSynthesizer.DEFAULT_LOOKUP_ROLE_ARN),
  });
  return { ...placement, placedAccount: account, synthesizer };
}

/**
 * The construct id of one of a region's stacks (`id` is its stack name): the stack name itself in the home region, so
 * its stacks keep their ids and templates; suffixed with the region in an additional region. The stack name stays the
 * same in every region (CloudFormation names a stack per account and region, and the deploy-time hook and the gate
 * know the stacks by name): `cdk deploy NetworkHub-eu-central-1` deploys the hub named `NetworkHub` in eu-central-1.
 */
export function regionalId(config: PlatformConfig, id: string): string {
  return isAdditionalRegionView(config) ? `${id}-${config.placement.region}` : id;
}

/*
 * The platform's deployment units, each built into any scope: the app itself (`cdk deploy` by hand) or a CDK Stage of
 * the delivery pipeline. Both paths call these, with the same stack names, so the templates are the same either way.
 */

/**
 * The account baseline of the platform's account or, with `account`, of another account that hosts tenants: the same
 * stack name in every account (the deploy-time hook of each account leaves it unjudged by name), its construct id
 * suffixed with the account. Its network proofs cover the tenants of its own account.
 */
export function addAccountBaseline(scope: Construct, config: PlatformConfig, placement: StackPlacement, account?: string): AccountBaselineStack {
  const home = account ?? config.placement.account;
  const tenantIds = config.tenants.filter((t) => tenantAccount(config, t) === home).map((t) => t.id);
  return new AccountBaselineStack(scope, regionalId(config, account === undefined ? STACK_NAMES.accountBaseline : `${STACK_NAMES.accountBaseline}-${account}`), {
    ...placement,
    ...(account !== undefined ? inAccount(placement, account) : {}),
    stackName: STACK_NAMES.accountBaseline,
    baseline: config.accountBaseline,
    tenantIds,
    // The account's one multi-region trail (and the CIS alarms on it) is the home region's.
    ...(isAdditionalRegionView(config) ? { auditTrail: false } : {}),
    ...(config.accountBaseline.deployTimeGate ? { deployTimeGate: config } : {}),
  });
}

export function addNetworkHub(scope: Construct, config: PlatformConfig, placement: StackPlacement): NetworkHubStack {
  return new NetworkHubStack(scope, regionalId(config, STACK_NAMES.networkHub), { ...placement, stackName: STACK_NAMES.networkHub, sharedWithAccounts: hubSharePrincipals(config) });
}

export function addControlPlane(scope: Construct, config: PlatformConfig, placement: StackPlacement): ControlPlaneStack {
  return new ControlPlaneStack(scope, regionalId(config, STACK_NAMES.controlPlane), {
    ...placement,
    stackName: STACK_NAMES.controlPlane,
    controlPlane: config.controlPlane,
    tenantIds: config.tenants.map((t) => t.id),
    sidecar: config.sidecar,
    acceptedAttachments: acceptedAttachments(config),
    ...(isAdditionalRegionView(config) ? { attachmentAcceptorRoleName: attachmentAcceptorRoleName(config) } : {}),
  });
}

/** A tenant's stack: in its own account when that is not the hub's, attaching through the hub's RAM share. */
export function addTenant(scope: Construct, config: PlatformConfig, tenant: TenantConfig, placement: StackPlacement): TenantStack {
  const stackName = tenantPlan(tenant).stackName;
  const elsewhere = isCrossAccount(config, tenant) ? { ...inAccount(placement, tenant.account!), sharedTransitGatewayParameterArn: sharedTransitGatewayParameterArn(config), controlPlaneAccount: config.placement.account! } : {};
  return new TenantStack(scope, stackName, { ...placement, ...elsewhere, stackName, tenant, controlPlane: config.controlPlane, sidecar: config.sidecar, networkProofs: config.accountBaseline.networkProofs !== false });
}

/**
 * Builds the platform's stacks from a validated configuration. Stacks are wired only through SSM parameters. A platform
 * in several regions is built region by region, each from its regional view (lib/config/regional-view.ts): the home
 * region exactly as a one-region platform, each additional region with its own baseline, hub, control plane and
 * tenants; the organization guardrails once, from the whole configuration.
 */
export function buildPlatform(app: App, config: PlatformConfig, options: BuildPlatformOptions = {}): PlatformStacks {
  const others = additionalRegions(config);
  if (others.length === 0) {
    return buildRegion(app, config, options, attachmentAcceptorRoleArns(config));
  }
  if (options.onlyTenants) {
    return {
      tenants: options.onlyTenants.map((tenant) => {
        const view = regionalConfig(config, tenantRegion(config, tenant)!);
        return addTenant(app, view, tenant, platformPlacement(view));
      }),
    };
  }
  const home = buildRegion(app, regionalConfig(config, config.placement.region!), {}, attachmentAcceptorRoleArns(config));
  const otherRegions = new Map(others.map((region) => [region, buildRegion(app, regionalConfig(config, region), {})]));
  return { ...home, otherRegions };
}

/**
 * The organization guardrails (deployed by hand in the management account, by either path: `cdk deploy` or beside the
 * pipeline), when the configuration names organization targets; the tag-protection SCP exempts exactly every region's
 * attachment acceptor role (`hubRoutingRoleArns`, from the whole configuration).
 */
export function addOrganizationGuardrails(scope: Construct, config: PlatformConfig, hubRoutingRoleArns: string[] = attachmentAcceptorRoleArns(config)): OrganizationGuardrailsStack | undefined {
  return config.guardrails.organizationTargetIds.length > 0 ? new OrganizationGuardrailsStack(scope, STACK_NAMES.organizationGuardrails, { guardrails: config.guardrails, hubRoutingRoleArns }) : undefined;
}

/** One region's stacks (its own hub, control plane and tenants), and with `hubRoutingRoleArns` the organization guardrails. */
function buildRegion(app: App, config: PlatformConfig, options: BuildPlatformOptions, hubRoutingRoleArns?: string[]): PlatformStacks {
  const placement = platformPlacement(config, options.region);
  if (options.onlyTenants) {
    return { tenants: options.onlyTenants.map((tenant) => addTenant(app, config, tenant, placement)) };
  }
  const accountBaseline = addAccountBaseline(app, config, placement);
  const tenantAccountBaselines = new Map(hubSharePrincipals(config).map((account) => [account, addAccountBaseline(app, config, placement, account)]));
  const networkHub = addNetworkHub(app, config, placement);
  const controlPlane = addControlPlane(app, config, placement);
  // Deploy order only (the hub's SSM parameters must exist first); no values flow through CloudFormation exports.
  controlPlane.addStackDependency(networkHub, 'reads the hub ids from SSM');
  controlPlane.addStackDependency(accountBaseline, 'reads the alert topics from SSM');
  const tenants = config.tenants.map((tenant) => {
    const stack = addTenant(app, config, tenant, placement);
    stack.addStackDependency(networkHub, 'reads the hub ids from SSM');
    if (isCrossAccount(config, tenant)) {
      stack.addStackDependency(tenantAccountBaselines.get(tenant.account!)!, "its account's detection, audit trail and deploy-time hook come first");
    }
    if (config.sidecar) {
      stack.addStackDependency(controlPlane, 'reads the sidecar release store from SSM');
    }
    return stack;
  });
  const organizationGuardrails = hubRoutingRoleArns !== undefined ? addOrganizationGuardrails(app, config, hubRoutingRoleArns) : undefined;
  return { accountBaseline, tenantAccountBaselines, organizationGuardrails, networkHub, controlPlane, tenants };
}
