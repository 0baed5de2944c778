import { NagMessageLevel } from 'cdk-nag';
import { AclSpec, describeAclEntry, PlannedAclEntry, plannedAclEntries } from '../../config/firewall-plan';
import { controlPlaneFirewallSpecs } from '../../config/control-plane-firewall';
import { tenantFirewallSpecs } from '../../config/tenant-firewall';
import { findings, RuleContext, TemplateResource, TemplateRule } from './rule';
import { remembered, resourcesOfType } from './memo';
import { subnetReach } from './subnets';
import { referencedId, referencedResource, text } from './template';

/** The planned tiers of this stack's network ACLs, by name; none outside tenant and control-plane stacks. */
function plannedSpecs(context: RuleContext): Record<string, AclSpec> {
  const role = context.role;
  if (role.kind === 'tenant') {
    return { ...tenantFirewallSpecs({ vpcCidr: role.cidr, controlPlaneCidr: context.topology.controlPlaneCidr }) };
  }
  if (role.kind === 'control-plane') {
    return { ...controlPlaneFirewallSpecs(context.topology.controlPlaneCidr, context.topology.config.controlPlane.privateAdminApi?.allowedCidrs) };
  }
  return {};
}

/** Each planned tier's entries as sorted lines (describeAclEntry), by tier name. */
type PlannedTiers = ReadonlyMap<string, readonly string[]>;

function plannedTiers(context: RuleContext): PlannedTiers {
  return remembered(context, 'planned ACL tiers', () => new Map(Object.entries(plannedSpecs(context)).map(([tier, spec]) => [tier, plannedAclEntries(spec).map(describeAclEntry).sort()])));
}

/** An entry as the template holds it, in the plan's terms (anything the plan cannot express reads as text). */
function templateEntry(resource: TemplateResource): string {
  const p = resource.Properties ?? {};
  const protocol = text(p.Protocol);
  const from = p.PortRange?.From;
  const to = p.PortRange?.To;
  const entry: PlannedAclEntry = {
    egress: p.Egress === true || p.Egress === 'true',
    ruleNumber: Number(p.RuleNumber),
    action: text(p.RuleAction) as PlannedAclEntry['action'],
    protocol,
    cidr: p.Ipv6CidrBlock !== undefined ? `ipv6:${text(p.Ipv6CidrBlock)}` : text(p.CidrBlock),
    ...(from !== undefined || to !== undefined ? { ports: { from: Number(from), to: Number(to) } } : {}),
  };
  const icmp = p.Icmp !== undefined ? ` icmp:${JSON.stringify(p.Icmp)}` : '';
  // All-protocol entries ignore port ranges, but a range on one is not what the plan writes.
  return `${describeAclEntry(entry)}${icmp}`;
}

/** Every entry of one ACL of the template, as lines. */
function entriesOf(context: RuleContext, aclId: string): string[] {
  return resourcesOfType(context, 'AWS::EC2::NetworkAclEntry')
    .filter(([, r]) => referencedId(r.Properties?.NetworkAclId) === aclId)
    .map(([, r]) => templateEntry(r))
    .sort();
}

/** The planned tier whose entries equal this ACL's exactly, or the closest with the differences. */
function matchTier(context: RuleContext, aclId: string): { tier?: string; differences: string[] } {
  return remembered(context, `tier of ACL ${aclId}`, () => closestTier(entriesOf(context, aclId), plannedTiers(context)));
}

function closestTier(actual: readonly string[], tiers: PlannedTiers): { tier?: string; differences: string[] } {
  let closest: { tier: string; differences: string[] } | undefined;
  for (const [tier, planned] of tiers) {
    const differences = [...actual.filter((e) => !planned.includes(e)).map((e) => `unplanned ${e}`), ...planned.filter((e) => !actual.includes(e)).map((e) => `missing ${e}`)];
    if (actual.length !== planned.length && differences.length === 0) {
      differences.push(`duplicated entries (${actual.length} for ${planned.length} planned)`);
    }
    if (differences.length === 0) {
      return { tier, differences };
    }
    if (!closest || differences.length < closest.differences.length) {
      closest = { tier, differences };
    }
  }
  return closest ?? { differences: ['no network ACL is planned in this stack'] };
}

/** The planned tier a subnet belongs to, from what its route table reaches (and, isolated, its size). */
function subnetTier(context: RuleContext, subnet: unknown, kind: string): string | undefined {
  const template = context.template;
  const reach = subnetReach(context, subnet);
  if (reach === 'unknown') {
    return undefined;
  }
  if (reach === 'public') {
    return 'public';
  }
  if (kind === 'control-plane') {
    return reach === 'egress' ? 'private' : 'transit';
  }
  if (reach === 'egress') {
    return 'runtime';
  }
  const mask = text(referencedResource(template, subnet)?.resource.Properties?.CidrBlock).split('/')[1];
  return mask === '28' ? 'transit' : 'data';
}

/**
 * Every network ACL of a tenant or the control plane holds exactly the entries of one planned tier
 * (lib/config/tenant-firewall.ts, control-plane-firewall.ts: numbers, actions, protocols, CIDRs, ports, directions),
 * every entry belongs to an ACL of the same template, and every subnet has exactly one association, with the ACL of its
 * own tier (read from where its route table leads). An added, changed or removed entry, or a subnet moved to a looser ACL, is a finding.
 */
export const NetworkAclAsPlanned: TemplateRule = {
  id: 'NetworkAclAsPlanned',
  resourceTypes: ['AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation', 'AWS::EC2::Subnet'],
  judges: {
    'AWS::EC2::NetworkAclEntry': ['CidrBlock', 'Ipv6CidrBlock', 'RuleAction', 'RuleNumber', 'Protocol', 'Egress', 'PortRange', 'PortRange.From', 'PortRange.To', 'NetworkAclId', 'Icmp'],
    'AWS::EC2::SubnetNetworkAclAssociation': ['NetworkAclId', 'SubnetId'],
  },
  info: 'A network ACL differs from the planned entries of its subnet tier, or a subnet is associated with the ACL of another tier.',
  explanation: 'DESIGN.md: the stateless layer under the security groups: nothing from or to another tenant, only 5678 from the control plane, 443 out. The plan is pure data; the template must hold exactly it.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-2', 'NET-3', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'must-judge',
  check(resource, context) {
    const tiers = plannedTiers(context);
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::EC2::NetworkAcl':
        return findings(matchTier(context, context.logicalId).differences);
      case 'AWS::EC2::Subnet': {
        // A subnet without an association falls back to the VPC's default ACL, which allows everything.
        const associations = resourcesOfType(context, 'AWS::EC2::SubnetNetworkAclAssociation').filter(([, r]) => referencedId(r.Properties?.SubnetId) === context.logicalId);
        if (tiers.size === 0) {
          return findings([]);
        }
        return findings(associations.length === 1 ? [] : [`Associations::${associations.length}`]);
      }
      case 'AWS::EC2::NetworkAclEntry': {
        const acl = referencedResource(context.template, p.NetworkAclId);
        return findings(acl?.resource.Type === 'AWS::EC2::NetworkAcl' ? [] : [`NetworkAclId::${text(p.NetworkAclId)}`]);
      }
      default: {
        const acl = referencedResource(context.template, p.NetworkAclId);
        if (acl?.resource.Type !== 'AWS::EC2::NetworkAcl') {
          return [`NetworkAclId::${text(p.NetworkAclId)}`];
        }
        const aclTier = matchTier(context, acl.logicalId).tier;
        const tier = subnetTier(context, p.SubnetId, context.role.kind);
        return findings(tier !== undefined && tier === aclTier ? [] : [`Subnet::${text(p.SubnetId)}::${tier ?? 'unknown'}::acl-${aclTier ?? 'unplanned'}`]);
      }
    }
  },
};
