import { NagMessageLevel } from 'cdk-nag';
import { HTTPS_PORT, POSTGRES_PORT } from '../../naming';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { describe, isNoTrafficPlaceholder, isOwnVpcPeer, isTcpPort, SgRule, sgRules } from './security-group-rules';

/**
 * In a tenant stack every egress rule is TCP 443 to the internet, the tenant's own VPC or the control plane, or TCP 5432 to a security group of the same stack (the database),
 * or CDK's match-nothing placeholder; and every security group declares its egress rules, because a group without any
 * gets CloudFormation's default allow-all egress.
 */
export const TenantEgressHttpsOnly: TemplateRule = {
  id: 'TenantEgressHttpsOnly',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress'],
  judges: {
    'AWS::EC2::SecurityGroup': ['SecurityGroupEgress|remove,allow-all-out', 'SecurityGroupEgress.*.CidrIp', 'SecurityGroupEgress.*.FromPort', 'SecurityGroupEgress.*.ToPort', 'SecurityGroupEgress.*.IpProtocol'],
    'AWS::EC2::SecurityGroupEgress': ['CidrIp', 'FromPort', 'ToPort', 'IpProtocol', 'DestinationSecurityGroupId|remove,foreign-literal'],
  },
  info: 'A tenant security group allows egress other than TCP 443 (or 5432 to its own database), or has no egress rules and so allows all.',
  explanation: 'DESIGN.md: outbound HTTPS 443 only, to the control plane and the internet; the database is reached inside the tenant VPC.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-2', 'SOC2-CC6.6', 'GDPR-Art.32'],
  tenantIsolation: 'must-judge',
  check(resource, context) {
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const declared = resource.Properties?.SecurityGroupEgress;
    if (resource.Type === 'AWS::EC2::SecurityGroup' && (declared === undefined || (Array.isArray(declared) && declared.length === 0))) {
      return ['DefaultAllowAllEgress'];
    }
    // 443 to the internet (through NAT), the tenant's own VPC (endpoints) or the control plane: never a neighbour's range.
    const httpsPeer = (rule: SgRule) => rule.peer === '0.0.0.0/0' || rule.peer === context.topology.controlPlaneCidr || isOwnVpcPeer(rule, context);
    const allowed = (rule: SgRule) => isNoTrafficPlaceholder(rule) || (isTcpPort(rule, HTTPS_PORT) && httpsPeer(rule)) || (isTcpPort(rule, POSTGRES_PORT) && rule.peerIsLocalGroup);
    return findings(sgRules(resource, 'egress', context).filter((r) => !allowed(r)).map(describe));
  },
};
