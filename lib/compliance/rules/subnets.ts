/** What a subnet of a template can reach, read from its route table as the template will deploy it. */
import { RuleContext } from './rule';
import { remembered, resourcesOfType } from './memo';
import { asList, referencedId, text } from './template';

type Source = Pick<RuleContext, 'template' | 'memo'>;

/** `public`: a default route to an internet gateway; `egress`: a default route to a NAT gateway; `isolated`: neither. */
export type SubnetReach = 'public' | 'egress' | 'isolated';

/**
 * The reach of the subnet a value points at, or `unknown` when the value is not a subnet of this template (a literal
 * id, another stack's subnet): a rule that needs a planned subnet treats unknown as a finding.
 */
export function subnetReach(source: Source, value: unknown): SubnetReach | 'unknown' {
  const id = referencedId(value);
  if (id === undefined || source.template.Resources?.[id]?.Type !== 'AWS::EC2::Subnet') {
    return 'unknown';
  }
  return remembered(source, `reach of subnet ${id}`, () => reachOf(source, id));
}

function reachOf(source: Source, id: string): SubnetReach {
  const association = resourcesOfType(source, 'AWS::EC2::SubnetRouteTableAssociation').find(([, r]) => referencedId(r.Properties?.SubnetId) === id)?.[1];
  const table = association ? referencedId(association.Properties?.RouteTableId) : undefined;
  if (table === undefined) {
    return 'isolated'; // the VPC's main route table, which holds only the local route in a CDK VPC
  }
  const defaults = resourcesOfType(source, 'AWS::EC2::Route')
    .map(([, r]) => r)
    .filter((r) => {
      const p = r.Properties ?? {};
      return referencedId(p.RouteTableId) === table && (text(p.DestinationCidrBlock) === '0.0.0.0/0' || text(p.DestinationIpv6CidrBlock) === '::/0');
    });
  if (defaults.some((r) => r.Properties?.GatewayId !== undefined)) {
    return 'public';
  }
  return defaults.length > 0 ? 'egress' : 'isolated';
}

/** The subnets a list property names, each with its reach. */
export function subnetsOf(source: Source, value: unknown): { label: string; reach: SubnetReach | 'unknown' }[] {
  return asList(value).map((v) => ({ label: text(v), reach: subnetReach(source, v) }));
}
