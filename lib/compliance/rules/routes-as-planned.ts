import { NagMessageLevel } from 'cdk-nag';
import { TENANT_ADDRESS_SPACE } from '../../config/address-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateRule } from './rule';
import { referencedResource, ssmParameterName, text } from './template';
import { hubTransitGatewayParameter } from '../topology';

const DEFAULT_ROUTE = '0.0.0.0/0';
const TARGETS = ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'VpcEndpointId', 'NetworkInterfaceId', 'InstanceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn', 'EgressOnlyInternetGatewayId'];

/** The destinations this stack routes through the hub: a tenant, the control plane; the control plane, every tenant block. */
function hubDestinations(context: RuleContext): readonly string[] {
  return context.role.kind === 'tenant' ? [context.topology.controlPlaneCidr] : TENANT_ADDRESS_SPACE;
}

/**
 * Every route of a tenant or the control plane is one the plan has, to the planned target: the default route to this
 * stack's own internet gateway (public subnets) or NAT gateway (private subnets), and routes through the hub's
 * transit gateway (read from the hub's SSM parameter) to exactly the planned destinations: the control plane's CIDR from a
 * tenant, the tenant address space blocks from the control plane. Any other destination or target (a literal gateway
 * id, a peering, an endpoint, an instance) could lead out of the plan.
 */
export const RoutesAsPlanned: TemplateRule = {
  id: 'RoutesAsPlanned',
  resourceTypes: ['AWS::EC2::Route'],
  judges: { 'AWS::EC2::Route': ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', 'GatewayId|remove,foreign-literal', 'NatGatewayId|remove,foreign-literal', 'TransitGatewayId', 'VpcPeeringConnectionId', 'RouteTableId|foreign-literal'] },
  info: 'A route leads somewhere the plan does not route this stack, or through a target that is not the planned gateway.',
  explanation: 'DESIGN.md: tenants reach no other tenant and the control plane only through the one-way hub; the internet only through their own gateways.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'must-judge',
  check(resource, context) {
    if (context.role.kind !== 'tenant' && context.role.kind !== 'control-plane') {
      return NOT_APPLICABLE;
    }
    const p = resource.Properties ?? {};
    const targets = TARGETS.filter((t) => p[t] !== undefined);
    const destination = p.DestinationCidrBlock !== undefined && p.DestinationIpv6CidrBlock === undefined && p.DestinationPrefixListId === undefined ? text(p.DestinationCidrBlock) : undefined;
    const problems: string[] = [];
    if (referencedResource(context.template, p.RouteTableId)?.resource.Type !== 'AWS::EC2::RouteTable') {
      problems.push(`RouteTableId::${text(p.RouteTableId)}`);
    }
    if (targets.length !== 1 || destination === undefined) {
      return findings([...problems, `Shape::${destination ?? 'no-ipv4-destination'}::${targets.join('+') || 'no-target'}`]);
    }
    const [target] = targets;
    const targetType = referencedResource(context.template, p[target])?.resource.Type;
    if (destination === DEFAULT_ROUTE && ((target === 'GatewayId' && targetType === 'AWS::EC2::InternetGateway') || (target === 'NatGatewayId' && targetType === 'AWS::EC2::NatGateway'))) {
      return findings(problems);
    }
    if (target === 'TransitGatewayId' && ssmParameterName(context.template, p.TransitGatewayId) === hubTransitGatewayParameter(context.topology, context.role) && hubDestinations(context).includes(destination)) {
      return findings(problems);
    }
    return findings([...problems, `${destination}::${target}::${text(p[target])}`]);
  },
};
