/**
 * How `npm run gate:mutate` breaks a judged value: the changes a developer or an attacker would make, each a mutant the
 * gate must fail. Operators are chosen by the value's shape; every one yields a different value (never a no-op).
 */
import { parseCidr } from '../../config/cidr';
import { StackTemplate } from '../rules';
import { referencedId } from '../rules/template';
import { PlatformTopology, roleOf } from '../topology';

/** A replacement value (`undefined`: remove the property) and what it models. */
export interface Change {
  readonly kind: string;
  readonly value: unknown;
}

export interface OperatorContext {
  readonly stackName: string;
  readonly template: StackTemplate;
  readonly topology: PlatformTopology;
}

/** Another account's principal and key, as a policy or a reference would name them. */
export const FOREIGN_ACCOUNT = '111122223333';
export const FOREIGN_KEY_ARN = `arn:aws:kms:eu-west-1:${FOREIGN_ACCOUNT}:key/0b5a3c1e-0000-4000-8000-000000000000`;

/** A CIDR of the plan's other tenants (for a tenant stack, a neighbour; elsewhere any tenant), if the plan has one. */
function neighbourCidr(context: OperatorContext): string | undefined {
  const own = roleOf(context.topology, context.stackName);
  for (const role of context.topology.roles.values()) {
    if (role.kind === 'tenant' && !(own.kind === 'tenant' && own.tenantId === role.tenantId)) {
      return role.cidr;
    }
  }
  return undefined;
}

function isCidr(value: string): boolean {
  return typeof parseCidr(value) !== 'string';
}

const isBooleanText = (v: string) => v === 'true' || v === 'false';

/**
 * Values CloudFormation documents as the default of a property: removing a property that holds its default changes
 * nothing that will be deployed (an equivalent mutant), so that removal is not generated. Keep this list short and
 * each entry sourced from the resource's CloudFormation reference.
 */
const DOCUMENTED_DEFAULTS: Readonly<Record<string, unknown>> = {
  // AWS::EC2::NetworkAclEntry Egress: "Whether this rule applies to egress traffic from the subnet (true) or ingress
  // traffic to the subnet (false). By default, AWS CloudFormation specifies false."
  'AWS::EC2::NetworkAclEntry Egress': false,
  // AWS::Events::Rule State: EventBridge's PutRule creates a rule ENABLED when no state is given.
  'AWS::Events::Rule State': 'ENABLED',
  // AWS::EC2::TransitGateway AutoAcceptSharedAttachments: "Disabled by default."
  'AWS::EC2::TransitGateway AutoAcceptSharedAttachments': 'disable',
  // AWS::ApiGateway::Method AuthorizationType: API Gateway treats a method created without one as NONE (open).
  'AWS::ApiGateway::Method AuthorizationType': 'NONE',
  // AWS::EC2::LaunchTemplate UserData: the interpreter line alone (CDK's empty Linux user data) runs nothing, exactly
  // as no user data; the platform's start-up script, when a sidecar is configured, is another value and is mutated.
  'AWS::EC2::LaunchTemplate LaunchTemplateData.UserData': { 'Fn::Base64': '#!/bin/bash' },
  // AWS::CodeBuild::Project Environment PrivilegedMode: "Enables running the Docker daemon inside a Docker container ...
  // The default setting is false" (CodeBuild's ProjectEnvironment API reference).
  'AWS::CodeBuild::Project Environment.PrivilegedMode': false,
};

/** The changes for one value found at a judged path (`where`: `<type> <place>`, for the documented defaults). */
export function changesFor(value: unknown, context: OperatorContext, where = ''): Change[] {
  const equivalentRemoval = where in DOCUMENTED_DEFAULTS && JSON.stringify(DOCUMENTED_DEFAULTS[where]) === JSON.stringify(value);
  const changes: Change[] = equivalentRemoval ? [] : [{ kind: 'remove', value: undefined }];
  if (typeof value === 'boolean') {
    changes.push({ kind: 'flip', value: !value });
  } else if (typeof value === 'number') {
    changes.push({ kind: 'raise', value: value === 0 ? 1 : value * 100 });
    changes.push({ kind: 'lower', value: value === 0 ? -1 : 0 });
  } else if (typeof value === 'string') {
    if (isBooleanText(value.toLowerCase())) {
      changes.push({ kind: 'flip', value: value.toLowerCase() === 'true' ? 'false' : 'true' });
    } else if (/^-?\d+$/.test(value)) {
      const n = Number(value);
      changes.push({ kind: 'raise', value: String(n === 0 ? 1 : n * 100) });
      changes.push({ kind: 'lower', value: String(n === 0 ? -1 : 0) });
    } else if (isCidr(value)) {
      const neighbour = neighbourCidr(context);
      for (const cidr of [neighbour, '10.0.0.0/8', '0.0.0.0/0']) {
        if (cidr && cidr !== value) {
          changes.push({ kind: `cidr->${cidr}`, value: cidr });
        }
      }
    } else {
      changes.push({ kind: 'other-text', value: `${value}-mutated` });
    }
  } else if (Array.isArray(value)) {
    if (value.length > 0) {
      changes.push({ kind: 'drop-last-item', value: value.slice(0, -1) });
    }
  } else if (value && typeof value === 'object') {
    const id = referencedId(value);
    if (id !== undefined) {
      const type = context.template.Resources?.[id]?.Type;
      const other = Object.entries(context.template.Resources ?? {}).find(([k, r]) => k !== id && type !== undefined && r.Type === type);
      if (other) {
        changes.push({ kind: `swap-reference->${other[0]}`, value: { Ref: other[0] } });
      }
      changes.push({ kind: 'foreign-literal', value: FOREIGN_KEY_ARN });
    } else {
      changes.push({ kind: 'empty-object', value: {} });
    }
  }
  return changes;
}

/** Statements added to a policy document: everyone, and another account's root. */
export function widenedStatements(): Change[] {
  return [
    { kind: 'allow-everyone', value: { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' } },
    { kind: 'allow-foreign-account', value: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, Action: '*', Resource: '*' } },
  ];
}

/** Rules added to a security group's inline list: SSH from the internet, everything from a neighbour, everything out. */
export function widenedRules(direction: 'ingress' | 'egress', context: OperatorContext): Change[] {
  const neighbour = neighbourCidr(context) ?? '10.0.0.0/8';
  if (direction === 'egress') {
    return [{ kind: 'allow-all-out', value: { IpProtocol: '-1', CidrIp: '0.0.0.0/0' } }];
  }
  return [
    { kind: 'allow-ssh', value: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' } },
    { kind: 'allow-internet', value: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' } },
    { kind: 'allow-neighbour', value: { IpProtocol: '-1', CidrIp: neighbour } },
  ];
}
