import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { DEFAULT_LOG_RETENTION_DAYS, TENANT_ADDRESS_SPACE } from '../config/platform-config';
import { LOG_GROUP_PREFIXES, PROTECTION_TAG_VALUE, RUNTIME_PORT, TAG_KEYS } from '../naming';
import { controlPlaneFirewallSpecs } from '../config/control-plane-firewall';
import { EncryptedFlowLog } from './flow-logs';
import { HubAttachment, HubReference } from './hub-attachment';
import { SubnetFirewall } from './subnet-firewall';
import { acknowledgeDefaultSecurityGroupHandler } from './default-security-group';

export const CONTROL_PLANE_SUBNETS = {
  public: 'Public',
  private: 'Private',
  transit: 'Transit',
} as const;

export interface ControlPlaneNetworkProps {
  /** The control-plane VPC CIDR (validated by the platform configuration). */
  readonly cidr: string;
  /** Encrypts the flow log group. */
  readonly encryptionKey: kms.IKey;
  readonly hub: HubReference;
  /** @default 2 */
  readonly maxAzs?: number;
  /** @default 365 days (DEFAULT_LOG_RETENTION_DAYS) */
  readonly flowLogRetention?: logs.RetentionDays;
  /** The VPN ranges the private subnets admit on TCP 443 (the private admin API's endpoint lives there). @default [] */
  readonly vpnCidrs?: readonly string[];
}

/**
 * The control plane's private network: public subnets with NAT gateways only, private subnets for the components that
 * call tenant runtimes, transit subnets for the hub attachment, flow logs under the control-plane key, the default
 * security group stripped, and network ACLs that let the control plane open TCP 5678 towards tenants and nothing in.
 */
export class ControlPlaneNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  /** For components that call tenant runtimes: egress TCP 5678 to the tenant address space only, no ingress. */
  public readonly tenantCallerSecurityGroup: ec2.SecurityGroup;
  public readonly flowLog: EncryptedFlowLog;
  public readonly hubAttachment: HubAttachment;

  constructor(scope: Construct, id: string, props: ControlPlaneNetworkProps) {
    super(scope, id);
    const maxAzs = props.maxAzs ?? 2;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs,
      natGateways: maxAzs,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: CONTROL_PLANE_SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: CONTROL_PLANE_SUBNETS.private, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: CONTROL_PLANE_SUBNETS.transit, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: CONTROL_PLANE_SUBNETS.private }] },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [{ subnetGroupName: CONTROL_PLANE_SUBNETS.private }] },
      },
    });
    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(subnet.node.findChild('DefaultRoute'), 'natSubnetInternetRoute');
    }
    acknowledgeDefaultSecurityGroupHandler(this.vpc);

    this.flowLog = new EncryptedFlowLog(this, 'FlowLog', {
      vpc: this.vpc,
      encryptionKey: props.encryptionKey,
      logGroupName: `${LOG_GROUP_PREFIXES.controlPlane}vpc-flow-logs`,
      retention: props.flowLogRetention ?? DEFAULT_LOG_RETENTION_DAYS,
    });

    this.tenantCallerSecurityGroup = new ec2.SecurityGroup(this, 'TenantCallerSecurityGroup', {
      vpc: this.vpc,
      description: `Control-plane components that call tenant runtimes: out TCP ${RUNTIME_PORT} to the tenant address space only`,
      allowAllOutbound: false,
    });
    for (const block of TENANT_ADDRESS_SPACE) {
      this.tenantCallerSecurityGroup.addEgressRule(ec2.Peer.ipv4(block), ec2.Port.tcp(RUNTIME_PORT), 'Workflow runtimes of tenants');
    }

    const specs = controlPlaneFirewallSpecs(props.cidr, props.vpnCidrs);
    new SubnetFirewall(this, 'PublicFirewall', { vpc: this.vpc, subnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.public }, spec: specs.public });
    new SubnetFirewall(this, 'PrivateFirewall', { vpc: this.vpc, subnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.private }, spec: specs.private });
    new SubnetFirewall(this, 'TransitFirewall', { vpc: this.vpc, subnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.transit }, spec: specs.transit });

    this.hubAttachment = new HubAttachment(this, 'HubAttachment', {
      vpc: this.vpc,
      hub: props.hub,
      attachmentSubnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.transit },
      routedSubnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.private },
      destinations: TENANT_ADDRESS_SPACE,
    });
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }
}
