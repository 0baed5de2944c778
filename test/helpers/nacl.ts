import { Template } from 'aws-cdk-lib/assertions';
import { cidr, cidrContains } from '../../lib/config/cidr';

/**
 * A network ACL evaluator over a synthesized template: it reads the AWS::EC2::NetworkAclEntry resources as deployed
 * (not the specs they were built from, so an escape-hatch override is judged too) and decides a packet the way EC2
 * does: lowest rule number first, first match wins, default deny.
 */
export interface Packet {
  readonly direction: 'in' | 'out';
  /** The remote address: the source for inbound, the destination for outbound. */
  readonly remote: string;
  readonly port: number;
  readonly protocol?: 'tcp' | 'udp';
}

interface Entry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly cidr: string;
  readonly protocol: number;
  readonly from?: number;
  readonly to?: number;
  readonly action: 'allow' | 'deny';
}

/** The entries of every NACL in a template, keyed by the NACL's construct path (e.g. `.../RuntimeFirewall/Resource/Resource`). */
export function networkAcls(template: Template): Map<string, Entry[]> {
  const json = template.toJSON();
  const pathOf: Record<string, string> = {};
  const acls = new Map<string, Entry[]>();
  for (const [id, res] of Object.entries<any>(json.Resources)) {
    if (res.Type === 'AWS::EC2::NetworkAcl') {
      pathOf[id] = res.Metadata?.['aws:cdk:path'] ?? id;
      acls.set(pathOf[id], []);
    }
  }
  for (const res of Object.values<any>(json.Resources)) {
    if (res.Type !== 'AWS::EC2::NetworkAclEntry') {
      continue;
    }
    const p = res.Properties;
    if (typeof p.CidrBlock !== 'string') {
      throw new Error(`NACL entry with a non-literal CIDR: ${JSON.stringify(p.CidrBlock)}`);
    }
    acls.get(pathOf[p.NetworkAclId.Ref])!.push({
      ruleNumber: p.RuleNumber,
      egress: p.Egress === true,
      cidr: p.CidrBlock,
      protocol: Number(p.Protocol),
      from: p.PortRange?.From,
      to: p.PortRange?.To,
      action: p.RuleAction,
    });
  }
  return acls;
}

/** Finds the single NACL whose construct path contains `fragment`. */
export function aclAt(acls: Map<string, Entry[]>, fragment: string): Entry[] {
  const matches = [...acls.keys()].filter((k) => k.includes(fragment));
  if (matches.length !== 1) {
    throw new Error(`expected one NACL matching '${fragment}', found ${matches.join(', ') || 'none'}`);
  }
  return acls.get(matches[0])!;
}

export function decide(entries: Entry[], packet: Packet): 'allow' | 'deny' {
  const protocolNumber = packet.protocol === 'udp' ? 17 : 6;
  const address = cidr(`${packet.remote}/32`);
  const ordered = entries.filter((e) => e.egress === (packet.direction === 'out')).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const e of ordered) {
    if (!cidrContains(cidr(e.cidr), address)) continue;
    if (e.protocol !== -1 && e.protocol !== protocolNumber) continue;
    if (e.protocol !== -1 && (e.from === undefined || packet.port < e.from || packet.port > e.to!)) continue;
    return e.action;
  }
  return 'deny';
}
