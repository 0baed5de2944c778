/** Reviewed acknowledgements owned by platform-network: the network (NACLs, routes, VPC plumbing). Part of the one catalog (catalog.ts). */
import { AcknowledgementEntry } from './entry';

export const NETWORK_ACKNOWLEDGEMENTS = {
  deliberateNetworkAcl: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-VPC3'],
    resourceTypes: ['AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry'],
    reason:
      'Network ACLs are deliberate here: they are the stateless second layer under the security groups that denies every other ' +
      "tenant's address range and all but the control-plane port at the subnet level. Every rule is generated from the reviewed " +
      'specs in lib/config/tenant-firewall.ts and control-plane-firewall.ts, and tests assert each one.',
  },
  natSubnetInternetRoute: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW'],
    resourceTypes: ['AWS::EC2::Route'],
    reason:
      'This 0.0.0.0/0 route to the internet gateway exists only in the public subnets, which hold nothing but the NAT gateways that ' +
      'carry outbound HTTPS. No address is public on launch (MapPublicIpOnLaunch is false), nothing else is placed there, and the ' +
      "subnet's network ACL admits from the internet only return traffic to ephemeral ports, so there is no inbound path.",
  },
  lambdaVpcAndTracingWildcards: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "The only '*' resources in a platform function's policy are the EC2 network-interface calls Lambda needs to run in a " +
      "VPC and X-Ray's PutTraceSegments/PutTelemetryRecords: neither service supports resource-level permissions for them. " +
      'Every data permission in the same policy names an exact resource ARN.',
  },
  acceptorAttachmentWildcard: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:*:transit-gateway-attachment/*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "The hub's attachment acceptor cannot name an attachment before a tenant account creates it, and no IAM condition key " +
      'names the transit gateway of an attachment (Service Authorization Reference, Amazon EC2). Accepting or rejecting works ' +
      "only on attachments to the caller's own transit gateway; association and propagation also name the exact hub route " +
      'table, and TenantBaseline-AttachmentAcceptorAsPlanned proves every statement.',
  },
  signedHeartbeatRoute: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      'POST /heartbeats is called by metering sidecars, not by people with admin tokens: each heartbeat is authenticated by ' +
      'an Ed25519 signature under the sidecar key registered for its tenant, with a strictly increasing counter and a ' +
      '300 s timestamp window; the route sits behind the WAF rate and size rules.',
  },
  naclEphemeralReturnTraffic: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.EC2.PR.5'],
    resourceTypes: ['AWS::EC2::NetworkAclEntry'],
    reason:
      'Network ACLs are stateless: replies to outbound HTTPS arrive from the internet on ephemeral ports 1024-65535, a range ' +
      'that contains 3389. Nothing listens there: the security groups admit no internet traffic at all (TenantBaseline-' +
      'NoInternetOrSshIngress proves it), and no instance has a public address.',
  },
  vpcDefaultSgCustomResourceHandler: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.LAMBDA.PR.3'],
    resourceTypes: ['AWS::Lambda::Function'],
    reason:
      'This is the handler aws-cdk-lib adds to strip the default security group (feature flag restrictDefaultSecurityGroup). ' +
      'It runs only during deployments, calls only the EC2 API to revoke the default group rules of this VPC, and holds no ' +
      'data; placing it in the VPC would need NAT or an EC2 endpoint for no gain in isolation.',
  },
  runtimeZonesFromSubnets: {
    owner: 'platform-network',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.AUTOSCALING.PR.1'],
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    reason:
      'The runtime group spans two Availability Zones through VPCZoneIdentifier, one runtime subnet in each zone, which the ' +
      'Auto Scaling API prefers for VPCs; naming the zones again in AvailabilityZones could only disagree with the subnets. ' +
      'test/runtime/runtime-host-group.test.ts checks the two subnets.',
  },
} satisfies Record<string, AcknowledgementEntry>;
