import { createHash } from 'node:crypto';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/**
 * Logical ids are API: CloudFormation replaces a resource whose logical id changes. A `ConstructGroup` names a part of
 * a stack (the admin API, signed plans, ...) in the construct tree without being part of its children's logical ids,
 * so code can be grouped into named constructs after a deploy without moving a single resource. A child's logical id
 * is computed exactly as aws-cdk-lib computes it, from its path with the groups left out.
 *
 * Only stacks that honour groups may hold one (`PlatformStack`); a group anywhere else throws rather than silently
 * give its children different ids. Two groups under one parent whose children share an id would give two resources
 * one logical id: CloudFormation synthesis refuses that ("already contains"), so the clash cannot go unnoticed.
 */
export abstract class ConstructGroup extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    if (!(HONOURS_GROUPS in Stack.of(this))) {
      throw new Error(`${this.node.path}: a ConstructGroup must be placed in a stack that keeps its children's logical ids (PlatformStack), got ${Stack.of(this).constructor.name}`);
    }
  }
}

/** Set on stacks whose `allocateLogicalId` leaves groups out (`PlatformStack`). */
export const HONOURS_GROUPS = Symbol.for('tenant-baseline.honours-construct-groups');

const isGroup = (scope: IConstruct): boolean => scope instanceof ConstructGroup;

/**
 * The logical id of `element` with every ConstructGroup left out of its path, or undefined when its path has no
 * group (then the stack's own allocation applies unchanged).
 */
export function logicalIdWithoutGroups(element: CfnElement): string | undefined {
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(element.stack) + 1);
  if (!below.some(isGroup)) {
    return undefined;
  }
  return makeUniqueId(below.filter((scope) => !isGroup(scope)).map((scope) => scope.node.id));
}

// aws-cdk-lib's algorithm (core/lib/private/uniqueid.ts, not exported): every deployed stack's ids depend on it, so it
// cannot change; test/core/construct-group.test.ts checks this copy against the stack's own allocation on every
// resource of the example platform.
const HIDDEN_ID = 'Default';
const HIDDEN_FROM_HUMAN_ID = 'Resource';
const HASH_LEN = 8;
const MAX_HUMAN_LEN = 240;
const MAX_ID_LEN = 255;

export function makeUniqueId(components: readonly string[]): string {
  const visible = components.filter((c) => c !== HIDDEN_ID);
  if (visible.length === 0) {
    throw new Error('makeUniqueId: components must not be empty');
  }
  if (visible.length === 1) {
    const candidate = removeNonAlphanumeric(visible[0]);
    if (candidate.length <= MAX_ID_LEN) {
      return candidate;
    }
  }
  const hash = createHash('md5').update(visible.join('/')).digest('hex').slice(0, HASH_LEN).toUpperCase();
  return (
    removeDupes(visible)
      .filter((c) => c !== HIDDEN_FROM_HUMAN_ID)
      .map(removeNonAlphanumeric)
      .join('')
      .slice(0, MAX_HUMAN_LEN) + hash
  );
}

function removeNonAlphanumeric(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '');
}

function removeDupes(path: readonly string[]): string[] {
  const result: string[] = [];
  for (const component of path) {
    if (result.length === 0 || !result[result.length - 1].endsWith(component)) {
      result.push(component);
    }
  }
  return result;
}
