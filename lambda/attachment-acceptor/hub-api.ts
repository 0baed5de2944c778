/**
 * The EC2 calls the acceptor makes, over an injected client: what it observes of the hub (attachments, propagations,
 * the verification table's routes) and how it applies a decision. Every call names the hub's transit gateway or one of
 * its route tables; the role allows nothing else (lib/network/attachment-acceptor.ts).
 */
import {
  AcceptTransitGatewayVpcAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DisableTransitGatewayRouteTablePropagationCommand,
  EC2Client,
  EnableTransitGatewayRouteTablePropagationCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  RejectTransitGatewayVpcAttachmentCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { Action, HubTables, Observation, ObservedAttachment } from './decide';

type Ec2 = Pick<EC2Client, 'send'>;

async function propagatingTo(ec2: Ec2, routeTableId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const page = await ec2.send(new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: routeTableId, NextToken: token }));
    for (const p of page.TransitGatewayRouteTablePropagations ?? []) {
      if (p.TransitGatewayAttachmentId && p.State !== 'disabled' && p.State !== 'disabling') {
        ids.add(p.TransitGatewayAttachmentId);
      }
    }
    token = page.NextToken;
  } while (token);
  return ids;
}

async function vpcAttachments(ec2: Ec2, transitGatewayId: string): Promise<ObservedAttachment[]> {
  const out: ObservedAttachment[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [{ Name: 'transit-gateway-id', Values: [transitGatewayId] }, { Name: 'resource-type', Values: ['vpc'] }],
        NextToken: token,
      }),
    );
    for (const a of page.TransitGatewayAttachments ?? []) {
      const associated = a.Association && (a.Association.State === 'associated' || a.Association.State === 'associating') ? a.Association.TransitGatewayRouteTableId : undefined;
      out.push({ id: a.TransitGatewayAttachmentId!, ownerAccount: a.ResourceOwnerId!, state: a.State!, ...(associated ? { associatedRouteTableId: associated } : {}) });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

/** The CIDRs each attachment propagates into the verification table (an empty list until AWS reports them). */
async function verificationRoutes(ec2: Ec2, table: string, propagating: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const routes = new Map<string, string[]>([...propagating].map((id) => [id, []]));
  const page = await ec2.send(new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: table, Filters: [{ Name: 'type', Values: ['propagated'] }], MaxResults: 1000 }));
  for (const route of page.Routes ?? []) {
    for (const via of route.TransitGatewayAttachments ?? []) {
      if (via.TransitGatewayAttachmentId && route.DestinationCidrBlock) {
        routes.set(via.TransitGatewayAttachmentId, [...(routes.get(via.TransitGatewayAttachmentId) ?? []), route.DestinationCidrBlock]);
      }
    }
  }
  return routes;
}

export async function observe(ec2: Ec2, hubAccount: string, transitGatewayId: string, tables: HubTables): Promise<Observation> {
  const [attachments, verifying, propagatingToControlPlane] = await Promise.all([
    vpcAttachments(ec2, transitGatewayId),
    propagatingTo(ec2, tables.verification),
    propagatingTo(ec2, tables.controlPlane),
  ]);
  return { hubAccount, attachments, verificationRoutes: await verificationRoutes(ec2, tables.verification, verifying), propagatingToControlPlane };
}

export async function apply(ec2: Ec2, action: Action): Promise<void> {
  const attachment = { TransitGatewayAttachmentId: action.attachmentId };
  switch (action.kind) {
    case 'accept':
      await ec2.send(new AcceptTransitGatewayVpcAttachmentCommand(attachment));
      return;
    case 'reject':
      await ec2.send(new RejectTransitGatewayVpcAttachmentCommand(attachment));
      return;
    case 'associate':
      await ec2.send(new AssociateTransitGatewayRouteTableCommand({ ...attachment, TransitGatewayRouteTableId: action.routeTableId }));
      return;
    case 'enable-propagation':
      await ec2.send(new EnableTransitGatewayRouteTablePropagationCommand({ ...attachment, TransitGatewayRouteTableId: action.routeTableId }));
      return;
    case 'disable-propagation':
      await ec2.send(new DisableTransitGatewayRouteTablePropagationCommand({ ...attachment, TransitGatewayRouteTableId: action.routeTableId }));
      return;
  }
}
