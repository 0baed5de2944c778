import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** Where a VPC plugs into the network hub: ids read from the hub's SSM parameters at deploy time. */
export interface HubReference {
  readonly transitGatewayId: string;
  /**
   * The route table the attachment is associated with: it decides where this VPC's traffic may go.
   * @default - none here: a VPC in another account than the hub's cannot use the hub's route tables; the hub owner's
   *   acceptor associates its attachment (lib/network/attachment-acceptor.ts)
   */
  readonly associateWithRouteTableId?: string;
  /**
   * The route table this VPC's CIDR is propagated into: it decides who may reach this VPC.
   * @default - none here (as `associateWithRouteTableId`)
   */
  readonly propagateToRouteTableId?: string;
}

export interface HubAttachmentProps {
  readonly vpc: ec2.IVpc;
  readonly hub: HubReference;
  /** Subnets (one per AZ) that hold only the attachment's network interfaces. */
  readonly attachmentSubnets: ec2.SubnetSelection;
  /** Subnets whose route tables get a route to each of `destinations` through the hub. */
  readonly routedSubnets: ec2.SubnetSelection;
  /** CIDR blocks reachable through the hub from `routedSubnets`. */
  readonly destinations: readonly string[];
}

/**
 * Attaches a VPC to the hub's Transit Gateway: one association (outbound reachability) and one propagation (inbound
 * reachability), never more (none for a VPC in another account: the hub owner routes it after acceptance), so the one-way design of the hub's route tables is what decides who reaches whom.
 */
export class HubAttachment extends Construct {
  public readonly attachment: ec2.CfnTransitGatewayVpcAttachment;

  constructor(scope: Construct, id: string, props: HubAttachmentProps) {
    super(scope, id);
    const attachmentSubnets = props.vpc.selectSubnets(props.attachmentSubnets);
    this.attachment = new ec2.CfnTransitGatewayVpcAttachment(this, 'Resource', {
      transitGatewayId: props.hub.transitGatewayId,
      vpcId: props.vpc.vpcId,
      subnetIds: attachmentSubnets.subnetIds,
      options: { DnsSupport: 'enable', Ipv6Support: 'disable', ApplianceModeSupport: 'disable', SecurityGroupReferencingSupport: 'disable' },
    });
    if (props.hub.associateWithRouteTableId !== undefined) {
      new ec2.CfnTransitGatewayRouteTableAssociation(this, 'Association', {
        transitGatewayAttachmentId: this.attachment.ref,
        transitGatewayRouteTableId: props.hub.associateWithRouteTableId,
      });
    }
    if (props.hub.propagateToRouteTableId !== undefined) {
      new ec2.CfnTransitGatewayRouteTablePropagation(this, 'Propagation', {
        transitGatewayAttachmentId: this.attachment.ref,
        transitGatewayRouteTableId: props.hub.propagateToRouteTableId,
      });
    }

    const routed = props.vpc.selectSubnets(props.routedSubnets).subnets;
    routed.forEach((subnet, subnetIndex) => {
      props.destinations.forEach((destination, destinationIndex) => {
        const route = new ec2.CfnRoute(this, `Route${subnetIndex}To${destinationIndex}`, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: destination,
          transitGatewayId: props.hub.transitGatewayId,
        });
        // A route to a Transit Gateway fails until the VPC's attachment exists.
        route.addResourceDependency(this.attachment);
      });
    });
  }
}
