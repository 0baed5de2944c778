/**
 * The hub's attachment acceptor as data: how often it runs and the alarm on what it refuses. Built by
 * lib/network/attachment-acceptor.ts and judged by the gate (SchedulesAsPlanned, AlarmsAsPlanned, AttachmentAcceptorAsPlanned).
 */

import { PLATFORM_PREFIX } from '../naming';
import { hubSharePrincipals, partitionOf } from './account-plan';
import { isAdditionalRegionView, regionalConfigs } from './regional-view';
import { PlatformConfig } from './types';

/**
 * The EC2 calls that change who the hub routes (on its protected route tables and attachments): only the acceptor may
 * make them besides the deploy roles; the tag-protection SCP exempts its role for these and nothing else.
 */
export const HUB_ROUTING_ACTIONS = [
  'ec2:AcceptTransitGatewayVpcAttachment',
  'ec2:RejectTransitGatewayVpcAttachment',
  'ec2:AssociateTransitGatewayRouteTable',
  'ec2:EnableTransitGatewayRouteTablePropagation',
  'ec2:DisableTransitGatewayRouteTablePropagation',
] as const;

/** The acceptor role's fixed name in the home region, so the SCP can name it by exact ARN. */
export const ATTACHMENT_ACCEPTOR_ROLE_NAME = `${PLATFORM_PREFIX}-attachment-acceptor`;

/**
 * The acceptor role's name in the region a (regional) configuration is of: IAM names are global, so each additional
 * region's acceptor has its own, suffixed with the region; the home region's keeps the name it always had.
 */
export function attachmentAcceptorRoleName(config: Pick<PlatformConfig, 'placement'>): string {
  return isAdditionalRegionView(config) ? `${ATTACHMENT_ACCEPTOR_ROLE_NAME}-${config.placement.region}` : ATTACHMENT_ACCEPTOR_ROLE_NAME;
}

/**
 * The acceptor roles' exact ARNs, one per region whose hub has tenants in other accounts (and is placed); else none.
 * The whole configuration or one region's view.
 */
export function attachmentAcceptorRoleArns(config: PlatformConfig): string[] {
  return regionalConfigs(config).flatMap((view) => {
    const { account, region } = view.placement;
    if (hubSharePrincipals(view).length === 0 || account === undefined || region === undefined) {
      return [];
    }
    return [`arn:${partitionOf(region)}:iam::${account}:role/${attachmentAcceptorRoleName(view)}`];
  });
}

/** Every five minutes: a tenant's attachment waits at most that long for acceptance, and each step of its routing as long. */
export const ATTACHMENT_ACCEPTOR_SCHEDULE = 'rate(5 minutes)';

/** The function's short name (its log group and its metrics' `service`). */
export const ATTACHMENT_ACCEPTOR_NAME = 'attachment-acceptor';

/**
 * The acceptor publishes, on every run, how many attachments of other accounts it refuses to route. The maximum over
 * 15 minutes above 0 alarms on the high tier (a VPC that is not a planned tenant asks to join the hub); a missing
 * datapoint means the acceptor stopped (tenant attachments then wait, unrouted), told to the same tier.
 */
export const ATTACHMENT_ACCEPTOR_ALARM = {
  id: 'TransitGatewayAttachmentRefused',
  threshold: 0,
  tier: 'high',
  playbook: 'network-path-opened',
  period: 900,
  statistic: 'Maximum',
  treatMissingData: 'missing',
  runbook:
    'The hub refused to route a transit gateway attachment from another account: an account with no configured tenant, a VPC CIDR other than its tenant\'s 10.(100+N).0.0/16 (a secondary CIDR included), a CIDR claimed twice, or an association with another table. The attachment-acceptor log names it (reason, account, CIDRs). Unknown accounts are rejected; others stay accepted but unrouted until fixed: delete the attachment or correct the configuration. Insufficient data: the acceptor stopped; tenant attachments wait unrouted.',
} as const;
