import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { AclRule, AclSpec, ruleNumber } from '../config/firewall-plan';

export interface SubnetFirewallProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly spec: AclSpec;
}

/**
 * A network ACL built from an ordered rule list, associated with a set of subnets. Network ACLs are stateless: every
 * spec must allow the return traffic of what it allows, which the specs in lib/config (`tenant-firewall.ts`, `control-plane-firewall.ts`) do explicitly.
 */
export class SubnetFirewall extends Construct {
  public readonly networkAcl: ec2.NetworkAcl;

  constructor(scope: Construct, id: string, props: SubnetFirewallProps) {
    super(scope, id);
    if (allowsAllTraffic(props.spec)) {
      throw new Error(`${this.node.path}: an allow rule must name TCP ports; all-protocol rules are for deny only`);
    }
    this.networkAcl = new ec2.NetworkAcl(this, 'Resource', { vpc: props.vpc, subnetSelection: props.subnets });
    acknowledge(this.networkAcl, 'deliberateNetworkAcl');
    this.addRules(props.spec.inbound, ec2.TrafficDirection.INGRESS, 'In');
    this.addRules(props.spec.outbound, ec2.TrafficDirection.EGRESS, 'Out');
  }

  private addRules(rules: readonly AclRule[], direction: ec2.TrafficDirection, prefix: string) {
    rules.forEach((rule, index) => {
      const entry = this.networkAcl.addEntry(`${prefix}${rule.name}`, {
        ruleNumber: ruleNumber(index),
        cidr: ec2.AclCidr.ipv4(rule.cidr),
        traffic: rule.tcpPorts ? ec2.AclTraffic.tcpPortRange(rule.tcpPorts.from, rule.tcpPorts.to) : ec2.AclTraffic.allTraffic(),
        direction,
        ruleAction: rule.action === 'allow' ? ec2.Action.ALLOW : ec2.Action.DENY,
      });
      acknowledge(entry, 'deliberateNetworkAcl');
      if (admitsRemoteAdminPortsFromAnywhere(rule, direction)) {
        acknowledge(entry, 'naclEphemeralReturnTraffic');
      }
    });
  }
}

function allowsAllTraffic(spec: AclSpec): boolean {
  return [...spec.inbound, ...spec.outbound].some((r) => r.action === 'allow' && !r.tcpPorts);
}

/** An inbound allow from 0.0.0.0/0 whose port range takes in 22 or 3389: in these specs, only ephemeral return traffic. */
function admitsRemoteAdminPortsFromAnywhere(rule: AclRule, direction: ec2.TrafficDirection): boolean {
  const covers = (port: number) => !rule.tcpPorts || (rule.tcpPorts.from <= port && port <= rule.tcpPorts.to);
  return direction === ec2.TrafficDirection.INGRESS && rule.action === 'allow' && rule.cidr === '0.0.0.0/0' && (covers(22) || covers(3389));
}
