import { TENANT_ADDRESS_SPACE } from '../config/platform-config';
import { EPHEMERAL_PORTS, HTTPS_PORT, RUNTIME_PORT } from '../naming';
import { AclRule, AclSpec } from './subnet-firewall';

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

const ANYWHERE = '0.0.0.0/0';
const HTTPS = { from: HTTPS_PORT, to: HTTPS_PORT } as const;
const RUNTIME = { from: RUNTIME_PORT, to: RUNTIME_PORT } as const;

function forTenantSpace(action: AclRule['action'], name: string, tcpPorts?: AclRule['tcpPorts']): AclRule[] {
  return TENANT_ADDRESS_SPACE.map((block, i) => ({ action, cidr: block, name: `${name}${i}`, ...(tcpPorts ? { tcpPorts } : {}) }));
}

export function controlPlaneFirewallSpecs(vpcCidr: string): ControlPlaneFirewallSpecs {
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
        ...forTenantSpace('allow', 'AllowTenantReturnTraffic', EPHEMERAL_PORTS),
        ...forTenantSpace('deny', 'DenyTenantSpace'),
        { action: 'allow', cidr: ANYWHERE, tcpPorts: EPHEMERAL_PORTS, name: 'AllowInternetReturnTraffic' },
      ],
      outbound: [
        ownVpcHttps,
        ownVpcReturn,
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
