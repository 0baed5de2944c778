/** Security group rules as the template will contain them, inline or as separate ingress/egress resources. */
import { RuleContext, TemplateResource } from './rule';
import { referencedResource, text } from './template';

export interface SgRule {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** The peer as text: a CIDR, `${X.CidrBlock}`, `sg:<logicalId>`, `sg:?` (another stack or an id), `pl:...`. */
  readonly peer: string;
  /** True when the peer is a security group declared in this same template. */
  readonly peerIsLocalGroup: boolean;
}

/** CDK's placeholder egress rule when `allowAllOutbound` is false: matches no traffic. */
export function isNoTrafficPlaceholder(rule: SgRule): boolean {
  return rule.peer === '255.255.255.255/32' && rule.protocol === 'icmp' && rule.fromPort === 252 && rule.toPort === 86;
}

function protocolName(value: unknown): string {
  const p = String(value ?? '').toLowerCase();
  return p === '6' ? 'tcp' : p === '17' ? 'udp' : p === '1' ? 'icmp' : p === '58' ? 'icmpv6' : p === '-1' || p === 'all' ? '-1' : p;
}

function toSgRule(raw: Record<string, unknown>, direction: 'ingress' | 'egress', context: RuleContext): SgRule {
  const groupKey = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
  let peer: string;
  let peerIsLocalGroup = false;
  if (raw.CidrIp !== undefined) {
    peer = text(raw.CidrIp);
  } else if (raw.CidrIpv6 !== undefined) {
    peer = text(raw.CidrIpv6);
  } else if (raw[groupKey] !== undefined) {
    const group = referencedResource(context.template, raw[groupKey]);
    peerIsLocalGroup = group?.resource.Type === 'AWS::EC2::SecurityGroup';
    peer = peerIsLocalGroup ? `sg:${group!.logicalId}` : 'sg:?';
  } else if (raw.SourcePrefixListId !== undefined || raw.DestinationPrefixListId !== undefined) {
    peer = `pl:${text(raw.SourcePrefixListId ?? raw.DestinationPrefixListId)}`;
  } else {
    peer = '?';
  }
  const port = (v: unknown) => (v === undefined ? undefined : Number(v));
  return { protocol: protocolName(raw.IpProtocol), fromPort: port(raw.FromPort), toPort: port(raw.ToPort), peer, peerIsLocalGroup };
}

/** The ingress or egress rules a resource declares: inline on a security group, or a standalone rule resource. */
export function sgRules(resource: TemplateResource, direction: 'ingress' | 'egress', context: RuleContext): SgRule[] {
  const props = resource.Properties ?? {};
  if (resource.Type === 'AWS::EC2::SecurityGroup') {
    const inline = (direction === 'ingress' ? props.SecurityGroupIngress : props.SecurityGroupEgress) ?? [];
    return (Array.isArray(inline) ? inline : [inline]).map((r: Record<string, unknown>) => toSgRule(r, direction, context));
  }
  const standalone = direction === 'ingress' ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress';
  return resource.Type === standalone ? [toSgRule(props, direction, context)] : [];
}

/** True when the rule admits traffic on `port` (all protocols, or TCP/UDP with a range that contains it). */
export function coversPort(rule: SgRule, port: number): boolean {
  if (rule.protocol === '-1') {
    return true;
  }
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') {
    return false;
  }
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  return from === -1 || (from <= port && port <= to);
}

/** True for a single TCP port, exactly. */
export function isTcpPort(rule: SgRule, port: number): boolean {
  return rule.protocol === 'tcp' && rule.fromPort === port && rule.toPort === port;
}

export function describe(rule: SgRule): string {
  const ports = rule.protocol === '-1' ? 'all' : rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.peer}:${rule.protocol}:${ports}`;
}

/** True when the peer is this tenant's own VPC: its planned CIDR, or `${Vpc.CidrBlock}` of a VPC of the same template. */
export function isOwnVpcPeer(rule: SgRule, context: RuleContext): boolean {
  const own = context.role.kind === 'tenant' ? context.role.cidr : undefined;
  const ref = /^\$\{([A-Za-z0-9]+)\.CidrBlock\}$/.exec(rule.peer);
  return rule.peer === own || (ref !== null && context.template.Resources?.[ref[1]]?.Type === 'AWS::EC2::VPC');
}
