import { NagMessageLevel } from 'cdk-nag';
import { TENANT_ADDRESS_SPACE } from '../../config/address-plan';
import { HTTPS_PORT, RUNTIME_PORT } from '../../naming';
import { executeApiEndpointGroups } from './admin-endpoint';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { describe, isNoTrafficPlaceholder, isTcpPort, sgRules } from './security-group-rules';
import { referencedId } from './template';

/**
 * The control plane's security groups hold only planned rules: no ingress (nothing reaches the control plane's
 * functions and callers but the API, which is not in the VPC) but TCP 443 from each VPN range of
 * controlPlane.privateAdminApi on the group of the private admin API's `execute-api` endpoint, and egress only HTTPS to anywhere (AWS APIs, the
 * identity provider) or TCP 5678 to exactly one block of the tenant address space (the tenant runtimes). A group with
 * no egress rule allows everything out, so it is a finding too.
 */
export const ControlPlaneGroupsAsPlanned: TemplateRule = {
  id: 'ControlPlaneGroupsAsPlanned',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'],
  judges: {
    'AWS::EC2::SecurityGroup': ['SecurityGroupEgress|remove,allow-all-out', 'SecurityGroupEgress.*.CidrIp', 'SecurityGroupEgress.*.FromPort', 'SecurityGroupEgress.*.ToPort', 'SecurityGroupEgress.*.IpProtocol', 'SecurityGroupIngress|allow-internet,allow-ssh,allow-neighbour', 'SecurityGroupIngress.*.CidrIp', 'SecurityGroupIngress.*.FromPort', 'SecurityGroupIngress.*.ToPort', 'SecurityGroupIngress.*.IpProtocol'],
  },
  info: 'A control-plane security group admits traffic in, or lets traffic out other than HTTPS or 5678 to the tenant address space.',
  explanation: 'DESIGN.md: the control plane reaches tenants only on TCP 5678 and nothing initiated by a tenant gets in; its functions talk HTTPS to AWS and the identity provider.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-2', 'NET-3', 'SOC2-CC6.6'],
  check(resource, context) {
    if (context.role.kind !== 'control-plane') {
      return NOT_APPLICABLE;
    }
    // The private admin API's endpoint group alone admits anything: TCP 443 from exactly a configured VPN range.
    const vpn = context.topology.config.controlPlane.privateAdminApi?.allowedCidrs ?? [];
    const groupId = resource.Type === 'AWS::EC2::SecurityGroup' ? context.logicalId : referencedId(resource.Properties?.GroupId);
    const endpointGroup = groupId !== undefined && executeApiEndpointGroups(context).has(groupId);
    const ingress = sgRules(resource, 'ingress', context)
      .filter((r) => !(endpointGroup && isTcpPort(r, HTTPS_PORT) && vpn.includes(r.peer)))
      .map((r) => `Ingress::${describe(r)}`);
    const declared = resource.Properties?.SecurityGroupEgress;
    if (resource.Type === 'AWS::EC2::SecurityGroup' && (declared === undefined || (Array.isArray(declared) && declared.length === 0))) {
      return findings([...ingress, 'DefaultAllowAllEgress']);
    }
    const egress = sgRules(resource, 'egress', context)
      .filter((r) => !(isNoTrafficPlaceholder(r) || (isTcpPort(r, HTTPS_PORT) && r.peer === '0.0.0.0/0') || (isTcpPort(r, RUNTIME_PORT) && TENANT_ADDRESS_SPACE.includes(r.peer))))
      .map((r) => `Egress::${describe(r)}`);
    return findings([...ingress, ...egress]);
  },
};
