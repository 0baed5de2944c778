import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { HUB_ROUTE_TABLE_NAMES, PLATFORM_PREFIX } from '../naming';
import { protect } from '../core/protect';
import { HubReference } from './hub-attachment';

export interface NetworkHubProps {
  /**
   * Private ASN of the Transit Gateway's BGP side.
   * @default 64512
   */
  readonly amazonSideAsn?: number;
  /**
   * Other accounts of the organization that host tenants: the transit gateway and its id parameter are shared with
   * exactly these through AWS RAM (inside the organization only), and the parameter moves to the advanced tier, which
   * sharing requires. Their attachments still wait for acceptance (auto-accept stays off).
   * @default [] (nothing shared)
   */
  readonly sharedWithAccounts?: readonly string[];
}

/** The RAM share's name (one per hub). */
export const HUB_SHARE_NAME = `${PLATFORM_PREFIX}-network-hub`;

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
  /** The share of the transit gateway with the other tenant accounts, when there are any. */
  public readonly share?: ram.CfnResourceShare;
  /**
   * With a share: a route table associated with no attachment (it forwards nothing), into which the acceptor propagates
   * each attachment from another account, to read the CIDRs AWS reports for its VPC before routing it.
   */
  public readonly verificationRouteTable?: ec2.CfnTransitGatewayRouteTable;

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

    const sharedWith = [...(props.sharedWithAccounts ?? [])];
    const transitGatewayIdParameter = new ssm.StringParameter(this, 'TransitGatewayIdParameter', {
      parameterName: HUB_PARAMETERS.transitGatewayId,
      stringValue: this.transitGateway.ref,
      description: 'Transit Gateway of the network hub',
      // Only advanced-tier parameters can be shared through RAM.
      ...(sharedWith.length > 0 ? { tier: ssm.ParameterTier.ADVANCED } : {}),
    });
    protect(transitGatewayIdParameter);
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
    if (sharedWith.length > 0) {
      this.verificationRouteTable = new ec2.CfnTransitGatewayRouteTable(this, 'VerificationRouteTable', {
        transitGatewayId: this.transitGateway.ref,
        tags: [{ key: 'Name', value: HUB_ROUTE_TABLE_NAMES.verification }],
      });
      protect(new ssm.StringParameter(this, 'VerificationRouteTableIdParameter', {
        parameterName: HUB_PARAMETERS.verificationRouteTableId,
        stringValue: this.verificationRouteTable.ref,
        description: 'Hub route table the attachment acceptor verifies other accounts\' attachments in (forwards nothing)',
      }));
      this.share = new ram.CfnResourceShare(this, 'Share', {
        name: HUB_SHARE_NAME,
        // Principals inside the organization only: RAM refuses an account outside it (requires RAM sharing with AWS
        // Organizations enabled in the management account).
        allowExternalPrincipals: false,
        principals: sharedWith,
        resourceArns: [
          Stack.of(this).formatArn({ service: 'ec2', resource: 'transit-gateway', resourceName: this.transitGateway.ref }),
          transitGatewayIdParameter.parameterArn,
        ],
      });
    }
  }
}

/**
 * Reads the hub's ids from SSM at deploy time (CloudFormation parameters of type AWS::SSM::Parameter::Value). A tenant in
 * another account reads only the transit gateway id, by the shared parameter's ARN (`sharedTransitGatewayParameterArn`),
 * and neither associates nor propagates: the route tables are the hub owner's, whose acceptor routes the attachment.
 */
export function hubReferenceFor(scope: Construct, plane: 'tenant' | 'controlPlane', sharedTransitGatewayParameterArn?: string): HubReference {
  if (sharedTransitGatewayParameterArn !== undefined) {
    return { transitGatewayId: ssm.StringParameter.fromStringParameterArn(scope, 'SharedHubTransitGatewayId', sharedTransitGatewayParameterArn).stringValue };
  }
  const read = (name: string) => ssm.StringParameter.valueForStringParameter(scope, name);
  const tenantTable = read(HUB_PARAMETERS.tenantRouteTableId);
  const controlPlaneTable = read(HUB_PARAMETERS.controlPlaneRouteTableId);
  return {
    transitGatewayId: read(HUB_PARAMETERS.transitGatewayId),
    associateWithRouteTableId: plane === 'tenant' ? tenantTable : controlPlaneTable,
    propagateToRouteTableId: plane === 'tenant' ? controlPlaneTable : tenantTable,
  };
}
