import { ResourceRef } from './schema';

/**
 * Resources grouped for reading: tenant stacks built from the same code have the same logical ids, so identical
 * tenant lists are shown once with the stacks they occur in.
 */
export function groupResources(resources: readonly ResourceRef[]): { stacks: string[]; resources: { logicalId: string; type: string }[] }[] {
  const perStack = new Map<string, { logicalId: string; type: string }[]>();
  for (const r of resources) {
    perStack.set(r.stack, [...(perStack.get(r.stack) ?? []), { logicalId: r.logicalId, type: r.type }]);
  }
  const groups = new Map<string, { stacks: string[]; resources: { logicalId: string; type: string }[] }>();
  for (const [stack, list] of perStack) {
    const key = `${stack.startsWith('Tenant-') ? 'tenant' : stack}\u0000${list.map((r) => `${r.logicalId}:${r.type}`).join('|')}`;
    const group = groups.get(key) ?? { stacks: [], resources: list };
    group.stacks.push(stack);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Long lists of tenant stacks are shortened to their count, the first two and the last. */
export function stackLabel(stacks: readonly string[]): string {
  return stacks.length <= 3 ? stacks.join(', ') : `${stacks.length} tenant stacks (${stacks.slice(0, 2).join(', ')}, ... ${stacks[stacks.length - 1]})`;
}
