/** What a subnet of a template can reach, read from its route table as the template will deploy it. */
import { StackTemplate } from './rule';
import { asList, referencedId, text } from './template';

/** `public`: a default route to an internet gateway; `egress`: a default route to a NAT gateway; `isolated`: neither. */
export type SubnetReach = 'public' | 'egress' | 'isolated';

/**
 * The reach of the subnet a value points at, or `unknown` when the value is not a subnet of this template (a literal
 * id, another stack's subnet): a rule that needs a planned subnet treats unknown as a finding.
 */
export function subnetReach(template: StackTemplate, value: unknown): SubnetReach | 'unknown' {
  const id = referencedId(value);
  const resources = template.Resources ?? {};
  if (id === undefined || resources[id]?.Type !== 'AWS::EC2::Subnet') {
    return 'unknown';
  }
  const association = Object.values(resources).find((r) => r.Type === 'AWS::EC2::SubnetRouteTableAssociation' && referencedId(r.Properties?.SubnetId) === id);
  const table = association ? referencedId(association.Properties?.RouteTableId) : undefined;
  if (table === undefined) {
    return 'isolated'; // the VPC's main route table, which holds only the local route in a CDK VPC
  }
  const defaults = Object.values(resources).filter((r) => {
    const p = r.Properties ?? {};
    return r.Type === 'AWS::EC2::Route' && referencedId(p.RouteTableId) === table && (text(p.DestinationCidrBlock) === '0.0.0.0/0' || text(p.DestinationIpv6CidrBlock) === '::/0');
  });
  if (defaults.some((r) => r.Properties?.GatewayId !== undefined)) {
    return 'public';
  }
  return defaults.length > 0 ? 'egress' : 'isolated';
}

/** The subnets a list property names, each with its reach. */
export function subnetsOf(template: StackTemplate, value: unknown): { label: string; reach: SubnetReach | 'unknown' }[] {
  return asList(value).map((v) => ({ label: text(v), reach: subnetReach(template, v) }));
}
