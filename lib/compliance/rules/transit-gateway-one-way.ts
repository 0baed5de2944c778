import { NagMessageLevel } from 'cdk-nag';
import { cidr, cidrContains, parseCidr } from '../../config/cidr';
import { COMPLIANT, findings, NON_COMPLIANT, RuleContext, TemplateRule } from './rule';
import { isTrue, referencedId, ssmParameterName, text } from './template';
import { hubTransitGatewayParameter } from '../topology';

/** Which hub route table a value names: by the SSM parameter it is read from, or by the parameter a hub publishes it in. */
function routeTableName(value: unknown, context: RuleContext): 'tenant' | 'control-plane' | 'unknown' {
  const hub = context.topology.hubParameters;
  let name = ssmParameterName(context.template, value);
  if (name === undefined) {
    const id = referencedId(value);
    const publisher = Object.values(context.template.Resources ?? {}).find((r) => r.Type === 'AWS::SSM::Parameter' && id !== undefined && referencedId(r.Properties?.Value) === id);
    name = publisher?.Properties?.Name;
  }
  return name === hub.tenantRouteTableId ? 'tenant' : name === hub.controlPlaneRouteTableId ? 'control-plane' : 'unknown';
}

/**
 * The transit gateway routes one way. The gateway has default association, default propagation and auto-accept off
 * (otherwise every attachment would share one route table and reach every other). A tenant attachment is associated
 * with the tenant table and propagates only into the control-plane table; the control plane's is the mirror image.
 * The tenant table holds no static route but to the control plane (or a blackhole); tenant stacks add none. An
 * attachment plugs into the hub's own transit gateway (read by name, or by the shared parameter's ARN for a tenant in
 * another account); such a tenant's stack associates and propagates nothing: the hub owner's acceptor routes it.
 */
export const TransitGatewayOneWay: TemplateRule = {
  id: 'TransitGatewayOneWay',
  resourceTypes: ['AWS::EC2::TransitGateway', 'AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayRouteTableAssociation', 'AWS::EC2::TransitGatewayRouteTablePropagation', 'AWS::EC2::TransitGatewayRoute'],
  judges: {
    'AWS::EC2::TransitGatewayVpcAttachment': ['TransitGatewayId'],
    'AWS::EC2::TransitGateway': ['DefaultRouteTableAssociation', 'DefaultRouteTablePropagation', 'AutoAcceptSharedAttachments'],
    'AWS::EC2::TransitGatewayRouteTableAssociation': ['TransitGatewayRouteTableId'],
    'AWS::EC2::TransitGatewayRouteTablePropagation': ['TransitGatewayRouteTableId'],
  },
  info: 'The transit gateway shares routes by default, or an attachment is associated with or propagated into the wrong hub route table, or a route leads from the tenant table beyond the control plane.',
  explanation: 'DESIGN.md: routing between planes is one-way; tenants reach no other tenant. The hub enforces it with two route tables.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)', 'GDPR-Art.25'],
  tenantIsolation: 'must-judge',
  check(resource, context) {
    const props = resource.Properties ?? {};
    const kind = context.role.kind;
    switch (resource.Type) {
      case 'AWS::EC2::TransitGateway':
        return findings([
          ...(props.DefaultRouteTableAssociation === 'disable' ? [] : ['DefaultRouteTableAssociation']),
          ...(props.DefaultRouteTablePropagation === 'disable' ? [] : ['DefaultRouteTablePropagation']),
          ...(props.AutoAcceptSharedAttachments === undefined || props.AutoAcceptSharedAttachments === 'disable' ? [] : ['AutoAcceptSharedAttachments']),
        ]);
      case 'AWS::EC2::TransitGatewayVpcAttachment': {
        const planned = kind === 'tenant' || kind === 'control-plane' ? hubTransitGatewayParameter(context.topology, context.role) : undefined;
        return planned !== undefined && ssmParameterName(context.template, props.TransitGatewayId) === planned ? COMPLIANT : [`TransitGateway::${text(props.TransitGatewayId)}`];
      }
      case 'AWS::EC2::TransitGatewayRouteTableAssociation':
      case 'AWS::EC2::TransitGatewayRouteTablePropagation': {
        if (kind === 'tenant' && hubTransitGatewayParameter(context.topology, context.role) !== context.topology.hubParameters.transitGatewayId) {
          return ['CrossAccount::routed-by-the-hub-owner'];
        }
        const table = routeTableName(props.TransitGatewayRouteTableId, context);
        const association = resource.Type === 'AWS::EC2::TransitGatewayRouteTableAssociation';
        const expected = kind === 'tenant' ? (association ? 'tenant' : 'control-plane') : kind === 'control-plane' ? (association ? 'control-plane' : 'tenant') : undefined;
        return expected !== undefined && table === expected ? COMPLIANT : [`RouteTable::${table}`];
      }
      default: {
        // AWS::EC2::TransitGatewayRoute
        if (kind === 'tenant') {
          return NON_COMPLIANT;
        }
        if (routeTableName(props.TransitGatewayRouteTableId, context) !== 'tenant' || isTrue(props.Blackhole)) {
          return COMPLIANT;
        }
        const dest = parseCidr(text(props.DestinationCidrBlock));
        return typeof dest !== 'string' && cidrContains(cidr(context.topology.controlPlaneCidr), dest) ? COMPLIANT : [`PlatformTable::${text(props.DestinationCidrBlock)}`];
      }
    }
  },
};
