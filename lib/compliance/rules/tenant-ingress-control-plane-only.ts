import { NagMessageLevel } from 'cdk-nag';
import { HTTPS_PORT, POSTGRES_PORT, RUNTIME_PORT } from '../../naming';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { describe, isTcpPort, SgRule, sgRules, isOwnVpcPeer } from './security-group-rules';

/**
 * In a tenant stack every ingress rule is one of exactly three shapes: TCP 5678 from the control-plane CIDR (the
 * runtime), TCP 443 from the tenant's own VPC (the interface endpoints), or TCP 5432 from a security group of the same
 * stack (the database). Nothing else may reach a tenant: not another tenant, not the internet, not another port.
 */
export const TenantIngressControlPlaneOnly: TemplateRule = {
  id: 'TenantIngressControlPlaneOnly',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  judges: {
    'AWS::EC2::SecurityGroup': ['SecurityGroupIngress.*.CidrIp', 'SecurityGroupIngress.*.FromPort', 'SecurityGroupIngress.*.ToPort', 'SecurityGroupIngress.*.IpProtocol'],
    'AWS::EC2::SecurityGroupIngress': ['CidrIp', 'FromPort', 'ToPort', 'IpProtocol', 'SourceSecurityGroupId|remove,foreign-literal'],
  },
  info: 'A tenant security group admits traffic other than 5678 from the control plane, 443 from its own VPC, or 5432 from its own groups.',
  explanation: 'DESIGN.md: inbound to the data plane only from the control plane, TCP 5678; the other two shapes are the VPC endpoints and the database inside the tenant.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-2', 'NET-3', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'must-judge',
  check(resource, context) {
    const role = context.role;
    if (role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const ownVpc = (rule: SgRule) => isOwnVpcPeer(rule, context);
    const allowed = (rule: SgRule) =>
      (isTcpPort(rule, RUNTIME_PORT) && rule.peer === context.topology.controlPlaneCidr) ||
      (isTcpPort(rule, HTTPS_PORT) && ownVpc(rule)) ||
      (isTcpPort(rule, POSTGRES_PORT) && rule.peerIsLocalGroup);
    return findings(sgRules(resource, 'ingress', context).filter((r) => !allowed(r)).map(describe));
  },
};
