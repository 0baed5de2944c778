/**
 * Which account each part of the platform lives in, from the validated configuration: the hub account (`placement`),
 * each tenant's account, the accounts the hub's transit gateway is shared with, and the ARN by which a tenant in another
 * account reads the hub's transit gateway id. Stacks, the pipeline, the gate's rules and the report all read accounts
 * through this, so none of them can disagree about who is "another account".
 */
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { partitionOf } from '../../contracts/platform';
import { tenantCidr } from './address-plan';
import { PlatformConfig, TenantConfig } from './types';

/** A tenant whose account is set and is not the platform's: it attaches to the hub through a RAM share. */
export function isCrossAccount(config: Pick<PlatformConfig, 'placement'>, tenant: Pick<TenantConfig, 'account'>): boolean {
  return tenant.account !== undefined && config.placement.account !== undefined && tenant.account !== config.placement.account;
}

/** The tenant's account: its own, else the platform's, else undefined (the deploying profile's). */
export function tenantAccount(config: Pick<PlatformConfig, 'placement'>, tenant: Pick<TenantConfig, 'account'>): string | undefined {
  return tenant.account ?? config.placement.account;
}

/** Every account other than the hub's that hosts tenants, sorted: the RAM share's principals. */
export function hubSharePrincipals(config: Pick<PlatformConfig, 'placement' | 'tenants'>): string[] {
  return [...new Set(config.tenants.filter((t) => isCrossAccount(config, t)).map((t) => t.account!))].sort();
}

/**
 * What the hub's attachment acceptor admits: for each other account, the CIDRs of its tenants (10.(100+N).0.0/16),
 * each with the tenant id. An attachment from an account not listed, or whose VPC has another CIDR, is never routed.
 */
export function acceptedAttachments(config: Pick<PlatformConfig, 'placement' | 'tenants'>): AcceptedAttachment[] {
  return config.tenants.filter((t) => isCrossAccount(config, t)).map((t) => ({ account: t.account!, cidr: tenantCidr(t.number), tenantId: t.id, tenantNumber: t.number }));
}

/** A tenant attachment from another account the hub's acceptor routes. */
export interface AcceptedAttachment {
  readonly account: string;
  readonly cidr: string;
  readonly tenantId: string;
  readonly tenantNumber: number;
}

/**
 * The acceptor's PLANNED_ATTACHMENTS: each account with its tenants' numbers, `<account>=<N>.<N>,...` (compact: at 156
 * tenants one entry per tenant with its CIDR and id would outgrow a Lambda environment's 4 KB).
 */
export function encodeAcceptedAttachments(planned: readonly Pick<AcceptedAttachment, 'account' | 'tenantNumber'>[]): string {
  const byAccount = new Map<string, number[]>();
  for (const p of planned) {
    byAccount.set(p.account, [...(byAccount.get(p.account) ?? []), p.tenantNumber]);
  }
  return [...byAccount].map(([account, numbers]) => `${account}=${numbers.join('.')}`).join(',');
}

/**
 * The ARN of the hub's transit gateway id parameter, which the hub shares through RAM and a tenant in another account
 * reads as a template parameter (CloudFormation dynamic references cannot name a parameter of another account; a
 * parameter of type `AWS::SSM::Parameter::Value<String>` can, by ARN). Needs the hub's account and region.
 */
export function sharedTransitGatewayParameterArn(config: Pick<PlatformConfig, 'placement'>): string {
  const { account, region } = config.placement;
  if (account === undefined || region === undefined) {
    throw new Error(`sharedTransitGatewayParameterArn: 'placement' must name the hub's account and region, got ${JSON.stringify(config.placement)}`);
  }
  return `arn:${partitionOf(region)}:ssm:${region}:${account}:parameter${HUB_PARAMETERS.transitGatewayId}`;
}

export { partitionOf };
