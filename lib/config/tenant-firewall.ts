import { EPHEMERAL_PORTS } from '../naming';
import { AclRule, AclSpec, ANYWHERE, forTenantSpace, HTTPS, POSTGRES, RUNTIME } from './firewall-plan';

/**
 * The subnet-level firewall of a tenant VPC, one spec per subnet tier, as pure data so it can be read and tested
 * without synthesizing anything.
 *
 * Security groups do the precise, stateful filtering (runtime: in 5678 from the control plane, out 443). These ACLs
 * are the second, stateless layer that holds even if a security group is loosened by mistake:
 * - nothing from or to another tenant's range, ever (an explicit deny of the whole tenant address space, placed after
 *   the allow for the tenant's own VPC);
 * - from the control plane, only TCP 5678 in and its return traffic out; no route for tenant-initiated connections
 *   into the control plane's private network (the return-traffic rule allows only ephemeral destination ports, and
 *   everything else towards the control plane is denied before the general HTTPS rule);
 * - to the internet, only TCP 443 out and its return traffic in;
 * - inside the VPC, only HTTPS (endpoints, NAT), PostgreSQL (runtime to data) and return traffic: no rule anywhere
 *   admits port 22.
 */
export interface TenantFirewallInputs {
  /** The tenant's VPC CIDR, 10.(100+N).0.0/16. */
  readonly vpcCidr: string;
  /** The control-plane VPC CIDR. */
  readonly controlPlaneCidr: string;
}

export interface TenantFirewallSpecs {
  /** Public subnets: the NAT gateways and nothing else. */
  readonly public: AclSpec;
  /** Private subnets with NAT egress: the workflow runtime and the interface endpoints. */
  readonly runtime: AclSpec;
  /** Isolated subnets: data stores; no route out of the VPC. */
  readonly data: AclSpec;
  /** Isolated /28 subnets holding only the Transit Gateway attachment's interfaces. */
  readonly transit: AclSpec;
}

const denyOtherTenants = () => forTenantSpace('deny', 'DenyTenantSpace');

export function tenantFirewallSpecs(inputs: TenantFirewallInputs): TenantFirewallSpecs {
  const { vpcCidr, controlPlaneCidr } = inputs;
  const own = (name: string, tcpPorts: { from: number; to: number }): AclRule => ({ action: 'allow', cidr: vpcCidr, tcpPorts, name });

  return {
    public: {
      inbound: [
        own('AllowOwnVpcHttpsToNat', HTTPS),
        ...denyOtherTenants(),
        { action: 'deny', cidr: controlPlaneCidr, name: 'DenyControlPlane' },
        { action: 'allow', cidr: ANYWHERE, tcpPorts: EPHEMERAL_PORTS, name: 'AllowInternetReturnTraffic' },
      ],
      outbound: [
        own('AllowReturnTrafficToOwnVpc', EPHEMERAL_PORTS),
        ...denyOtherTenants(),
        { action: 'deny', cidr: controlPlaneCidr, name: 'DenyControlPlane' },
        { action: 'allow', cidr: ANYWHERE, tcpPorts: HTTPS, name: 'AllowHttpsToInternet' },
      ],
    },
    runtime: {
      inbound: [
        // The runtime port first: from the control plane only, from nowhere else (not even the tenant's own VPC).
        { action: 'allow', cidr: controlPlaneCidr, tcpPorts: RUNTIME, name: 'AllowControlPlaneToRuntime' },
        { action: 'deny', cidr: ANYWHERE, tcpPorts: RUNTIME, name: 'DenyRuntimePortFromElsewhere' },
        own('AllowOwnVpcHttpsToEndpoints', HTTPS),
        own('AllowOwnVpcReturnTraffic', EPHEMERAL_PORTS),
        ...denyOtherTenants(),
        { action: 'deny', cidr: controlPlaneCidr, name: 'DenyControlPlaneOtherPorts' },
        { action: 'allow', cidr: ANYWHERE, tcpPorts: EPHEMERAL_PORTS, name: 'AllowInternetReturnTraffic' },
      ],
      outbound: [
        own('AllowOwnVpcHttps', HTTPS),
        own('AllowOwnVpcPostgres', POSTGRES),
        own('AllowOwnVpcReturnTraffic', EPHEMERAL_PORTS),
        ...denyOtherTenants(),
        { action: 'allow', cidr: controlPlaneCidr, tcpPorts: EPHEMERAL_PORTS, name: 'AllowReturnTrafficToControlPlane' },
        { action: 'deny', cidr: controlPlaneCidr, name: 'DenyControlPlaneOtherPorts' },
        { action: 'allow', cidr: ANYWHERE, tcpPorts: HTTPS, name: 'AllowHttpsToInternet' },
      ],
    },
    data: {
      inbound: [own('AllowOwnVpcPostgres', POSTGRES), own('AllowOwnVpcReturnTraffic', EPHEMERAL_PORTS), ...denyOtherTenants()],
      outbound: [own('AllowOwnVpcHttpsToEndpoints', HTTPS), own('AllowOwnVpcReturnTraffic', EPHEMERAL_PORTS), ...denyOtherTenants()],
    },
    transit: {
      inbound: [
        { action: 'allow', cidr: controlPlaneCidr, tcpPorts: RUNTIME, name: 'AllowControlPlaneToRuntime' },
        own('AllowReturnTrafficFromRuntime', EPHEMERAL_PORTS),
        ...denyOtherTenants(),
      ],
      outbound: [
        own('AllowControlPlaneToRuntime', RUNTIME),
        { action: 'allow', cidr: controlPlaneCidr, tcpPorts: EPHEMERAL_PORTS, name: 'AllowReturnTrafficToControlPlane' },
        ...denyOtherTenants(),
      ],
    },
  };
}
