/**
 * Values the rules read again and again while one template is judged (resources by type, a subnet's reach, an ACL's
 * matching tier), computed once per judgement in `RuleContext.memo`. A memo lives for one judgement of one template
 * (judgeTemplates, the gate's pack), so nothing outlives the template it was read from; with no memo every value is
 * computed each time, exactly as before.
 */
import { RuleContext, TemplateResource } from './rule';

type Memo = Pick<RuleContext, 'memo'>;

/** `compute()` once per judgement under `key`. */
export function remembered<T>(context: Memo, key: string, compute: () => T): T {
  const memo = context.memo;
  if (memo === undefined) {
    return compute();
  }
  if (memo.has(key)) {
    return memo.get(key) as T;
  }
  const value = compute();
  memo.set(key, value);
  return value;
}

/** The resources of one type in the context's template, as [logical id, resource] pairs in template order. */
export function resourcesOfType(context: Pick<RuleContext, 'memo' | 'template'>, type: string): readonly (readonly [string, TemplateResource])[] {
  const byType = remembered(context, 'resources by type', () => {
    const index = new Map<string, [string, TemplateResource][]>();
    for (const entry of Object.entries(context.template.Resources ?? {})) {
      const list = index.get(entry[1]?.Type);
      if (list) {
        list.push(entry);
      } else {
        index.set(entry[1]?.Type, [entry]);
      }
    }
    return index;
  });
  return byType.get(type) ?? [];
}
