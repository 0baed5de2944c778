import { EPHEMERAL_PORTS } from '../naming';
import { AclRule, AclSpec, ANYWHERE, forTenantSpace, HTTPS, RUNTIME } from './firewall-plan';

/**
 * The subnet-level firewall of the control-plane VPC. Towards the tenant address space the control plane may only
 * open TCP 5678 and receive the return traffic; nothing a tenant initiates gets in (stateless layer under the
 * control plane's security groups, which have no ingress from tenants at all).
 */
export interface ControlPlaneFirewallSpecs {
  readonly public: AclSpec;
  readonly private: AclSpec;
  readonly transit: AclSpec;
}


/**
 * `vpnCidrs` (controlPlane.privateAdminApi.allowedCidrs): with the private admin API, the private tier (where its
 * interface endpoint lives) also admits TCP 443 from each VPN range and answers it on the ephemeral ports; the ranges
 * lie outside the tenant address space (validated), so their place before the tenant rules opens nothing of it.
 */
export function controlPlaneFirewallSpecs(vpcCidr: string, vpnCidrs: readonly string[] = []): ControlPlaneFirewallSpecs {
  const vpnHttps = vpnCidrs.map((cidr, i): AclRule => ({ action: 'allow', cidr, tcpPorts: HTTPS, name: `AllowVpnHttpsToAdminEndpoint${i}` }));
  const vpnReturn = vpnCidrs.map((cidr, i): AclRule => ({ action: 'allow', cidr, tcpPorts: EPHEMERAL_PORTS, name: `AllowReturnTrafficToVpn${i}` }));
  const ownVpcHttps: AclRule = { action: 'allow', cidr: vpcCidr, tcpPorts: HTTPS, name: 'AllowOwnVpcHttps' };
  const ownVpcReturn: AclRule = { action: 'allow', cidr: vpcCidr, tcpPorts: EPHEMERAL_PORTS, name: 'AllowOwnVpcReturnTraffic' };
  return {
    public: {
      inbound: [
        { action: 'allow', cidr: vpcCidr, tcpPorts: HTTPS, name: 'AllowOwnVpcHttpsToNat' },
        ...forTenantSpace('deny', 'DenyTenantSpace'),
        { action: 'allow', cidr: ANYWHERE, tcpPorts: EPHEMERAL_PORTS, name: 'AllowInternetReturnTraffic' },
      ],
      outbound: [
        { action: 'allow', cidr: vpcCidr, tcpPorts: EPHEMERAL_PORTS, name: 'AllowReturnTrafficToOwnVpc' },
        ...forTenantSpace('deny', 'DenyTenantSpace'),
        { action: 'allow', cidr: ANYWHERE, tcpPorts: HTTPS, name: 'AllowHttpsToInternet' },
      ],
    },
    private: {
      inbound: [
        ownVpcHttps,
        ownVpcReturn,
        ...vpnHttps,
        ...forTenantSpace('allow', 'AllowTenantReturnTraffic', EPHEMERAL_PORTS),
        ...forTenantSpace('deny', 'DenyTenantSpace'),
        { action: 'allow', cidr: ANYWHERE, tcpPorts: EPHEMERAL_PORTS, name: 'AllowInternetReturnTraffic' },
      ],
      outbound: [
        ownVpcHttps,
        ownVpcReturn,
        ...vpnReturn,
        ...forTenantSpace('allow', 'AllowToTenantRuntime', RUNTIME),
        ...forTenantSpace('deny', 'DenyTenantSpace'),
        { action: 'allow', cidr: ANYWHERE, tcpPorts: HTTPS, name: 'AllowHttpsToInternet' },
      ],
    },
    transit: {
      inbound: [
        { action: 'allow', cidr: vpcCidr, tcpPorts: RUNTIME, name: 'AllowOwnVpcToTenantRuntime' },
        ...forTenantSpace('allow', 'AllowTenantReturnTraffic', EPHEMERAL_PORTS),
        ...forTenantSpace('deny', 'DenyTenantSpace'),
      ],
      outbound: [
        ...forTenantSpace('allow', 'AllowToTenantRuntime', RUNTIME),
        { action: 'allow', cidr: vpcCidr, tcpPorts: EPHEMERAL_PORTS, name: 'AllowReturnTrafficToOwnVpc' },
        ...forTenantSpace('deny', 'DenyTenantSpace'),
      ],
    },
  };
}
