import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { throwIfProblems } from '../core/prop-checks';
import { cidr, cidrsOverlap, parseCidr } from '../config/cidr';
import { DEFAULT_LOG_RETENTION_DAYS, TENANT_ADDRESS_SPACE, TENANT_NUMBER_MAX, TENANT_NUMBER_MIN, TENANT_SUBNETS, TenantPlan, TenantSubnetPlan, tenantPlan } from '../config/platform-config';
import { HTTPS_PORT, PROTECTION_TAG_VALUE, RUNTIME_PORT, TAG_KEYS } from '../naming';
import { EncryptedFlowLog } from './flow-logs';
import { HubAttachment, HubReference } from './hub-attachment';
import { SubnetFirewall } from './subnet-firewall';
import { tenantFirewallSpecs } from '../config/tenant-firewall';
import { acknowledgeDefaultSecurityGroupHandler } from './default-security-group';

export { TENANT_SUBNETS };

/** How each tier of the tenant plan reaches out, as a VPC subnet type. */
const SUBNET_TYPES: Readonly<Record<TenantSubnetPlan['reach'], ec2.SubnetType>> = {
  public: ec2.SubnetType.PUBLIC,
  egress: ec2.SubnetType.PRIVATE_WITH_EGRESS,
  isolated: ec2.SubnetType.PRIVATE_ISOLATED,
};

/** Interface endpoints every tenant VPC gets, so calls to these AWS APIs never leave the VPC. */
export const TENANT_INTERFACE_ENDPOINTS = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  // Session Manager, the only way onto the runtime hosts, needs these two as well to stay off the internet.
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  Ec2Messages: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
} as const;

const MIN_AZS = 2;

export interface TenantNetworkProps {
  /** The tenant id (a validated slug). */
  readonly tenantId: string;
  /** The tenant number N, an integer in 0..155; the VPC is 10.(100+N).0.0/16. */
  readonly tenantNumber: number;
  /** The control-plane VPC CIDR: the only source allowed to reach the runtime (TCP 5678). */
  readonly controlPlaneCidr: string;
  /** The tenant's customer-managed key; encrypts the flow log group. */
  readonly encryptionKey: kms.IKey;
  /** The network hub to attach to. */
  readonly hub: HubReference;
  /**
   * Number of availability zones, at least 2.
   * @default 2
   */
  readonly maxAzs?: number;
  /**
   * NAT gateways for the runtime's outbound HTTPS; one per AZ keeps egress up when an AZ fails.
   * @default - one per AZ
   */
  readonly natGateways?: number;
  /**
   * How long flow logs are kept. Must be finite.
   * @default 365 days (DEFAULT_LOG_RETENTION_DAYS)
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * A tenant's isolated network: a VPC 10.(100+N).0.0/16 over two or more AZs with
 * - public subnets holding only NAT gateways (no public IPs on launch, nothing else placed there),
 * - private "runtime" subnets with NAT egress for the workflow runtime's outbound HTTPS,
 * - isolated "data" subnets with no route out of the VPC,
 * - isolated /28 "transit" subnets holding only the Transit Gateway attachment;
 * the default security group stripped of all rules; flow logs of all traffic into a log group under the tenant key;
 * gateway endpoints for S3 and DynamoDB and interface endpoints for KMS, STS, CloudWatch Logs, Secrets Manager, SSM
 * and Session Manager;
 * a runtime security group (in TCP 5678 from the control plane only, out TCP 443 only); network ACLs enforcing the same
 * at the subnet level and denying every other tenant's range; and an attachment to the hub that lets the control
 * plane in and nothing else.
 */
export class TenantNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly cidr: string;
  /** The workflow runtime's security group: ingress TCP 5678 from the control plane, egress TCP 443. */
  public readonly runtimeSecurityGroup: ec2.SecurityGroup;
  /** The interface endpoints' security group: ingress TCP 443 from this VPC, no egress. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  public readonly flowLog: EncryptedFlowLog;
  public readonly hubAttachment: HubAttachment;
  public readonly firewalls: Readonly<Record<keyof typeof TENANT_SUBNETS, SubnetFirewall>>;

  constructor(scope: Construct, id: string, props: TenantNetworkProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    const plan = tenantPlan({ id: props.tenantId, number: props.tenantNumber });
    this.cidr = plan.cidr;

    this.vpc = this.createVpc(plan, props);
    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(subnet.node.findChild('DefaultRoute'), 'natSubnetInternetRoute');
    }
    acknowledgeDefaultSecurityGroupHandler(this.vpc);

    this.flowLog = new EncryptedFlowLog(this, 'FlowLog', {
      vpc: this.vpc,
      encryptionKey: props.encryptionKey,
      logGroupName: `${plan.logGroupPrefix}vpc-flow-logs`,
      retention: props.flowLogRetention ?? DEFAULT_LOG_RETENTION_DAYS,
    });

    this.endpointSecurityGroup = this.createInterfaceEndpoints(props.tenantId);
    this.runtimeSecurityGroup = this.createRuntimeSecurityGroup(props);
    this.firewalls = this.createFirewalls(props.controlPlaneCidr);

    this.hubAttachment = new HubAttachment(this, 'HubAttachment', {
      vpc: this.vpc,
      hub: props.hub,
      attachmentSubnets: { subnetGroupName: TENANT_SUBNETS.transit },
      routedSubnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      destinations: [props.controlPlaneCidr],
    });

    // Network and firewall configuration is protected: only the platform's deploy role may change it.
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }

  /** The VPC with the plan's subnet tiers, NAT gateways per AZ, and gateway endpoints for S3 and DynamoDB. */
  private createVpc(plan: TenantPlan, props: TenantNetworkProps): ec2.Vpc {
    const maxAzs = props.maxAzs ?? MIN_AZS;
    return new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(this.cidr),
      maxAzs,
      natGateways: props.natGateways ?? maxAzs,
      restrictDefaultSecurityGroup: true,
      createInternetGateway: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      // No address is public on launch, in the public tier either: it holds the NAT gateways and nothing else.
      subnetConfiguration: plan.subnets.map((s) => ({ name: s.name, subnetType: SUBNET_TYPES[s.reach], cidrMask: s.cidrMask, ...(s.reach === 'public' ? { mapPublicIpOnLaunch: false } : {}) })),
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: TENANT_SUBNETS.runtime }, { subnetGroupName: TENANT_SUBNETS.data }] },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [{ subnetGroupName: TENANT_SUBNETS.runtime }, { subnetGroupName: TENANT_SUBNETS.data }] },
      },
    });
  }

  /** The interface endpoints in the runtime subnets, behind a group that admits HTTPS from this VPC only; returns the group. */
  private createInterfaceEndpoints(tenantId: string): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: `Interface endpoints of tenant ${tenantId}: HTTPS from inside the VPC only`,
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(this.cidr), ec2.Port.tcp(HTTPS_PORT), 'HTTPS from this tenant VPC');
    for (const [name, service] of Object.entries(TENANT_INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        subnets: { subnetGroupName: TENANT_SUBNETS.runtime },
        securityGroups: [securityGroup],
        privateDnsEnabled: true,
        open: false,
      });
    }
    return securityGroup;
  }

  private createRuntimeSecurityGroup(props: TenantNetworkProps): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'RuntimeSecurityGroup', {
      vpc: this.vpc,
      description: `Workflow runtime of tenant ${props.tenantId}: in TCP ${RUNTIME_PORT} from the control plane, out TCP ${HTTPS_PORT}`,
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(props.controlPlaneCidr), ec2.Port.tcp(RUNTIME_PORT), 'Control plane to the workflow runtime');
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS to the control plane API and the internet');
    return securityGroup;
  }

  /** One network ACL per subnet tier, from the tenant firewall specs. */
  private createFirewalls(controlPlaneCidr: string): Readonly<Record<keyof typeof TENANT_SUBNETS, SubnetFirewall>> {
    const specs = tenantFirewallSpecs({ vpcCidr: this.cidr, controlPlaneCidr });
    return {
      public: new SubnetFirewall(this, 'PublicFirewall', { vpc: this.vpc, subnets: { subnetGroupName: TENANT_SUBNETS.public }, spec: specs.public }),
      runtime: new SubnetFirewall(this, 'RuntimeFirewall', { vpc: this.vpc, subnets: { subnetGroupName: TENANT_SUBNETS.runtime }, spec: specs.runtime }),
      data: new SubnetFirewall(this, 'DataFirewall', { vpc: this.vpc, subnets: { subnetGroupName: TENANT_SUBNETS.data }, spec: specs.data }),
      transit: new SubnetFirewall(this, 'TransitFirewall', { vpc: this.vpc, subnets: { subnetGroupName: TENANT_SUBNETS.transit }, spec: specs.transit }),
    };
  }
}

function validateProps(path: string, props: TenantNetworkProps) {
  const problems: string[] = [];
  const n = props.tenantNumber;
  if (!Number.isInteger(n) || n < TENANT_NUMBER_MIN || n > TENANT_NUMBER_MAX) {
    problems.push(`'tenantNumber' must be an integer in ${TENANT_NUMBER_MIN}..${TENANT_NUMBER_MAX}, got ${n}`);
  }
  const cp = parseCidr(props.controlPlaneCidr);
  if (typeof cp === 'string') {
    problems.push(`'controlPlaneCidr' must ${cp}, got ${props.controlPlaneCidr}`);
  } else if (TENANT_ADDRESS_SPACE.some((block) => cidrsOverlap(cidr(block), cp))) {
    problems.push(`'controlPlaneCidr' must lie outside the tenant address space, got ${props.controlPlaneCidr}`);
  }
  const maxAzs = props.maxAzs ?? MIN_AZS;
  if (!Number.isInteger(maxAzs) || maxAzs < MIN_AZS) {
    problems.push(`'maxAzs' must be an integer >= ${MIN_AZS}, got ${props.maxAzs}`);
  }
  if (props.natGateways !== undefined && (!Number.isInteger(props.natGateways) || props.natGateways < 1 || props.natGateways > maxAzs)) {
    problems.push(`'natGateways' must be an integer in 1..${maxAzs} (maxAzs), got ${props.natGateways}`);
  }
  throwIfProblems(path, 'TenantNetwork', problems);
}
