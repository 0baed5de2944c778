import { NagMessageLevel } from 'cdk-nag';
import { cidr, cidrContains, parseCidr } from '../../config/cidr';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { text } from './template';

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);
const INTERNET_TARGETS = ['GatewayId', 'NatGatewayId', 'EgressOnlyInternetGatewayId'];
const TARGETS = [...INTERNET_TARGETS, 'TransitGatewayId', 'VpcPeeringConnectionId', 'VpcEndpointId', 'NetworkInterfaceId', 'InstanceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn'];

/**
 * No VPC peering anywhere in the platform, and in a tenant stack every route is either a default route to the internet
 * (internet or NAT gateway: private addresses are not routable there) or a route to the control plane's CIDR through
 * the transit gateway. A more specific route, a peering, or any other target could lead into another tenant.
 */
export const NoCrossTenantRoute: TemplateRule = {
  id: 'NoCrossTenantRoute',
  resourceTypes: ['AWS::EC2::VPCPeeringConnection', 'AWS::EC2::Route'],
  judges: { 'AWS::EC2::Route': ['DestinationCidrBlock', 'GatewayId', 'NatGatewayId|remove,foreign-literal', 'TransitGatewayId'] },
  info: 'A VPC peering connection is declared, or a tenant route leads somewhere other than the internet or the control plane.',
  explanation: 'DESIGN.md: tenants can reach no other tenant, ever, and reach the control plane only as routed by the one-way hub.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource, context) {
    if (resource.Type === 'AWS::EC2::VPCPeeringConnection') {
      return ['VpcPeeringConnection'];
    }
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const props = resource.Properties ?? {};
    const destination = props.DestinationCidrBlock ?? props.DestinationIpv6CidrBlock ?? props.DestinationPrefixListId;
    const dest = destination === undefined ? 'unset' : text(destination);
    const target = TARGETS.find((t) => props[t] !== undefined) ?? 'unknown';
    if (INTERNET_TARGETS.includes(target) && DEFAULT_ROUTES.has(dest)) {
      return findings([]);
    }
    if (target === 'TransitGatewayId') {
      const parsed = parseCidr(dest);
      if (typeof parsed !== 'string' && cidrContains(cidr(context.topology.controlPlaneCidr), parsed)) {
        return findings([]);
      }
    }
    return [`${dest}::${target}`];
  },
};
