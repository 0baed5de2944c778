/**
 * The network ACL plan as pure data: ordered allow/deny rules per subnet tier, and the exact entries CloudFormation
 * will hold for them. `SubnetFirewall` (lib/network) builds the entries from these specs; the gate's
 * NetworkAclAsPlanned rule compares every synthesized NACL with them, so the plan is written once.
 */
import { TENANT_ADDRESS_SPACE } from './address-plan';
import { HTTPS_PORT, POSTGRES_PORT, RUNTIME_PORT } from '../naming';

/** One network ACL rule. Rules are evaluated in the order given; anything no rule allows is denied. */
export interface AclRule {
  readonly action: 'allow' | 'deny';
  readonly cidr: string;
  /** TCP port range; omit for all protocols and ports (used for deny rules and nothing else). */
  readonly tcpPorts?: { readonly from: number; readonly to: number };
  /** Why the rule exists; becomes part of the entry's construct id so a reviewer can read the template. */
  readonly name: string;
}

/** The rules of one subnet tier, both directions. */
export interface AclSpec {
  readonly inbound: readonly AclRule[];
  readonly outbound: readonly AclRule[];
}

/** Port ranges and peers the firewall specs share. */
export const ANYWHERE = '0.0.0.0/0';
export const HTTPS = { from: HTTPS_PORT, to: HTTPS_PORT } as const;
export const RUNTIME = { from: RUNTIME_PORT, to: RUNTIME_PORT } as const;
export const POSTGRES = { from: POSTGRES_PORT, to: POSTGRES_PORT } as const;

/** One rule per block of the tenant address space (fixed size: it never grows with the fleet). */
export function forTenantSpace(action: AclRule['action'], name: string, tcpPorts?: AclRule['tcpPorts']): AclRule[] {
  return TENANT_ADDRESS_SPACE.map((block, i) => ({ action, cidr: block, name: `${name}${i}`, ...(tcpPorts ? { tcpPorts } : {}) }));
}

/** Rule numbers start here and step by RULE_NUMBER_STEP, leaving room to insert a rule between two others later. */
export const FIRST_RULE_NUMBER = 100;
export const RULE_NUMBER_STEP = 10;

/** One entry as CloudFormation holds it (AWS::EC2::NetworkAclEntry), in a form that compares as text. */
export interface PlannedAclEntry {
  readonly egress: boolean;
  readonly ruleNumber: number;
  readonly action: 'allow' | 'deny';
  /** IANA protocol number as text: `6` for TCP, `-1` for all. */
  readonly protocol: string;
  readonly cidr: string;
  readonly ports?: { readonly from: number; readonly to: number };
}

/** The rule number of the rule at `index` of a direction's list. */
export function ruleNumber(index: number): number {
  return FIRST_RULE_NUMBER + index * RULE_NUMBER_STEP;
}

/** Every entry a spec becomes, both directions, numbered as `SubnetFirewall` numbers them. */
export function plannedAclEntries(spec: AclSpec): PlannedAclEntry[] {
  const entries = (rules: readonly AclRule[], egress: boolean) =>
    rules.map((rule, i): PlannedAclEntry => ({
      egress,
      ruleNumber: ruleNumber(i),
      action: rule.action,
      protocol: rule.tcpPorts ? '6' : '-1',
      cidr: rule.cidr,
      ...(rule.tcpPorts ? { ports: { from: rule.tcpPorts.from, to: rule.tcpPorts.to } } : {}),
    }));
  return [...entries(spec.inbound, false), ...entries(spec.outbound, true)];
}

/** An entry as one line: `in 100 allow 6 10.100.0.0/16 443-443`. */
export function describeAclEntry(entry: PlannedAclEntry): string {
  const ports = entry.ports ? ` ${entry.ports.from}-${entry.ports.to}` : '';
  return `${entry.egress ? 'out' : 'in'} ${entry.ruleNumber} ${entry.action} ${entry.protocol} ${entry.cidr}${ports}`;
}
