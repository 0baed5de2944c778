import { NagMessageLevel } from 'cdk-nag';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { subnetsOf } from './subnets';
import { asList } from './template';

/**
 * Runtime hosts as the platform plans them: the launch template requires IMDSv2 tokens with a hop limit of 1 and
 * gives no interface a public address; the host group launches only into the private subnets that reach out through
 * NAT; no subnet hands out public addresses on launch. Each value must be stated in the template: the plan states
 * them, so a removed value is a change, whatever AWS's default for it is today.
 */
export const RuntimeHostsHardened: TemplateRule = {
  id: 'RuntimeHostsHardened',
  resourceTypes: ['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::EC2::Subnet'],
  judges: {
    'AWS::EC2::LaunchTemplate': ['LaunchTemplateData.MetadataOptions.HttpTokens', 'LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit', 'LaunchTemplateData.MetadataOptions', 'LaunchTemplateData.NetworkInterfaces.*.AssociatePublicIpAddress', 'LaunchTemplateData.MetadataOptions.HttpEndpoint'],
    'AWS::AutoScaling::AutoScalingGroup': ['VPCZoneIdentifier|remove', 'VPCZoneIdentifier.*|swap-reference,foreign-literal'],
    'AWS::EC2::Subnet': ['MapPublicIpOnLaunch'],
  },
  info: 'A runtime host could get a public address, reach its instance metadata without a token or from a container, or launch outside the private NAT subnets.',
  explanation: 'DESIGN.md: no inbound from the internet; IMDSv2 only (hop limit 1), so a compromised workload cannot lift the host role\'s credentials; hosts live in private subnets.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-2', 'SOC2-CC6.6', 'SOC2-CC6.1', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource, context) {
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::EC2::Subnet':
        return findings(p.MapPublicIpOnLaunch === false || p.MapPublicIpOnLaunch === 'false' ? [] : [`MapPublicIpOnLaunch::${String(p.MapPublicIpOnLaunch ?? 'unset')}`]);
      case 'AWS::AutoScaling::AutoScalingGroup': {
        const subnets = subnetsOf(context, p.VPCZoneIdentifier);
        return findings([...(subnets.length === 0 ? ['VPCZoneIdentifier::unset'] : []), ...subnets.filter((s) => s.reach !== 'egress').map((s) => `Subnet::${s.label}::${s.reach}`)]);
      }
      case 'AWS::EC2::LaunchTemplate': {
        const data = p.LaunchTemplateData ?? {};
        const metadata = data.MetadataOptions ?? {};
        const problems: string[] = [];
        if (metadata.HttpTokens !== 'required') {
          problems.push(`HttpTokens::${String(metadata.HttpTokens ?? 'unset')}`);
        }
        if (Number(metadata.HttpPutResponseHopLimit) !== 1) {
          problems.push(`HttpPutResponseHopLimit::${String(metadata.HttpPutResponseHopLimit ?? 'unset')}`);
        }
        if (metadata.HttpEndpoint !== undefined && metadata.HttpEndpoint !== 'enabled' && metadata.HttpEndpoint !== 'disabled') {
          problems.push(`HttpEndpoint::${String(metadata.HttpEndpoint)}`);
        }
        const interfaces = asList<any>(data.NetworkInterfaces);
        if (interfaces.length === 0) {
          problems.push('NetworkInterfaces::unset');
        }
        interfaces.forEach((nic, i) => {
          if (nic?.AssociatePublicIpAddress !== false && nic?.AssociatePublicIpAddress !== 'false') {
            problems.push(`NetworkInterfaces${i}.AssociatePublicIpAddress::${String(nic?.AssociatePublicIpAddress ?? 'unset')}`);
          }
        });
        return findings(problems);
      }
      default:
        return NOT_APPLICABLE;
    }
  },
};
