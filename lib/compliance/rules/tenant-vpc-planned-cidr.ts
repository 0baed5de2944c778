import { NagMessageLevel } from 'cdk-nag';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { text } from './template';

/**
 * A tenant stack's VPC has exactly the planned CIDR 10.(100+N).0.0/16 and no secondary CIDR block. Uniqueness of N
 * (checked by the configuration) then makes every tenant's address space disjoint from every other's and from the
 * control plane's, which the firewall rules and the hub's routes rely on.
 */
export const TenantVpcPlannedCidr: TemplateRule = {
  id: 'TenantVpcPlannedCidr',
  resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::VPCCidrBlock'],
  judges: { 'AWS::EC2::VPC': ['CidrBlock'] },
  info: "A tenant VPC's CIDR differs from the planned 10.(100+N).0.0/16 (the control plane's from its configured CIDR), or a secondary CIDR block is added.",
  explanation: 'DESIGN.md: each tenant has a dedicated VPC 10.(100+N).0.0/16. Another block could overlap a neighbour and void the isolation rules that name address ranges.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-1', 'NET-3', 'SOC2-CC6.6'],
  tenantIsolation: 'must-judge',
  check(resource, context) {
    const role = context.role;
    // The control plane's VPC is planned too: its CIDR is what every tenant's routes, ACLs and groups name.
    const planned = role.kind === 'tenant' ? role.cidr : role.kind === 'control-plane' ? context.topology.controlPlaneCidr : undefined;
    if (planned === undefined) {
      return NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::EC2::VPCCidrBlock') {
      return [`SecondaryCidr::${text(resource.Properties?.CidrBlock ?? resource.Properties?.Ipv4IpamPoolId ?? 'ipv6')}`];
    }
    const block = resource.Properties?.CidrBlock;
    return findings(block === planned ? [] : [`CidrBlock::${block === undefined ? 'unset' : text(block)}`]);
  },
};
