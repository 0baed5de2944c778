import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { HUB_ROUTE_TABLE_NAMES } from '../naming';
import { protect } from '../core/protect';

export interface NetworkHubProps {
  /**
   * Private ASN of the Transit Gateway's BGP side.
   * @default 64512
   */
  readonly amazonSideAsn?: number;
}

/**
 * The one-way routing hub: a Transit Gateway with no default route table, and two route tables.
 * - The control-plane table is associated with the control plane's attachment; every tenant attachment propagates into
 *   it, so the control plane can reach every tenant.
 * - The tenant table is associated with every tenant attachment; only the control plane's attachment propagates into
 *   it, so a tenant's packets can go to the control plane (and only as return traffic, which the network ACLs and
 *   security groups enforce) and never to another tenant: no other tenant's route exists in that table.
 * The ids are published as SSM parameters; the planes' stacks read them at deploy time.
 */
export class NetworkHub extends Construct {
  public readonly transitGateway: ec2.CfnTransitGateway;
  public readonly tenantRouteTable: ec2.CfnTransitGatewayRouteTable;
  public readonly controlPlaneRouteTable: ec2.CfnTransitGatewayRouteTable;

  constructor(scope: Construct, id: string, props: NetworkHubProps = {}) {
    super(scope, id);
    this.transitGateway = new ec2.CfnTransitGateway(this, 'TransitGateway', {
      description: 'One-way routing hub between the control plane and tenant data planes',
      amazonSideAsn: props.amazonSideAsn ?? 64512,
      autoAcceptSharedAttachments: 'disable',
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'disable',
      multicastSupport: 'disable',
    });
    this.tenantRouteTable = new ec2.CfnTransitGatewayRouteTable(this, 'TenantRouteTable', {
      transitGatewayId: this.transitGateway.ref,
      tags: [{ key: 'Name', value: HUB_ROUTE_TABLE_NAMES.tenant }],
    });
    this.controlPlaneRouteTable = new ec2.CfnTransitGatewayRouteTable(this, 'ControlPlaneRouteTable', {
      transitGatewayId: this.transitGateway.ref,
      tags: [{ key: 'Name', value: HUB_ROUTE_TABLE_NAMES.controlPlane }],
    });

    protect(new ssm.StringParameter(this, 'TransitGatewayIdParameter', {
      parameterName: HUB_PARAMETERS.transitGatewayId,
      stringValue: this.transitGateway.ref,
      description: 'Transit Gateway of the network hub',
    }));
    protect(new ssm.StringParameter(this, 'TenantRouteTableIdParameter', {
      parameterName: HUB_PARAMETERS.tenantRouteTableId,
      stringValue: this.tenantRouteTable.ref,
      description: 'Hub route table associated with every tenant attachment',
    }));
    protect(new ssm.StringParameter(this, 'ControlPlaneRouteTableIdParameter', {
      parameterName: HUB_PARAMETERS.controlPlaneRouteTableId,
      stringValue: this.controlPlaneRouteTable.ref,
      description: 'Hub route table associated with the control-plane attachment',
    }));
  }
}

/** Reads the hub's ids from SSM at deploy time (CloudFormation parameters of type AWS::SSM::Parameter::Value). */
export function hubReferenceFor(scope: Construct, plane: 'tenant' | 'controlPlane') {
  const read = (name: string) => ssm.StringParameter.valueForStringParameter(scope, name);
  const tenantTable = read(HUB_PARAMETERS.tenantRouteTableId);
  const controlPlaneTable = read(HUB_PARAMETERS.controlPlaneRouteTableId);
  return {
    transitGatewayId: read(HUB_PARAMETERS.transitGatewayId),
    associateWithRouteTableId: plane === 'tenant' ? tenantTable : controlPlaneTable,
    propagateToRouteTableId: plane === 'tenant' ? controlPlaneTable : tenantTable,
  };
}
