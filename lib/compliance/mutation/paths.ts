/** Property paths as rules declare them (`A.B`, `*` for every list item or map key), expanded on one resource. */

/** One concrete place in a resource's Properties: the keys to walk, and the value found there. */
export interface Found {
  readonly keys: readonly (string | number)[];
  readonly value: unknown;
}

/**
 * Every place a declared path matches in `properties` (only places that hold a value). `*[A.B]` matches only the items
 * (or map values) below which `A.B` exists, e.g. `Statement.*[Principal.Service].Condition`.
 */
export function expand(properties: unknown, path: string): Found[] {
  const parts = path.split(/\.(?![^[]*\])/);
  const walk = (value: unknown, i: number, keys: (string | number)[]): Found[] => {
    if (i === parts.length) {
      return value === undefined ? [] : [{ keys, value }];
    }
    if (value === null || typeof value !== 'object') {
      return [];
    }
    const part = parts[i];
    const filter = /^\*\[(.+)\]$/.exec(part);
    if (part === '*' || filter) {
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, k) => [k, v]) : Object.entries(value);
      return entries.filter(([, v]) => !filter || expand(v, filter[1]).length > 0).flatMap(([k, v]) => walk(v, i + 1, [...keys, k]));
    }
    return walk((value as Record<string, unknown>)[part], i + 1, [...keys, part]);
  };
  return walk(properties, 0, []);
}

/** The path of a place as text: `SecurityGroupIngress.0.CidrIp`. */
export function placeName(keys: readonly (string | number)[]): string {
  return keys.join('.');
}

/** Sets (or with `undefined`, removes) the value at `keys` below `root`, which must exist up to the last key. */
export function setAt(root: Record<string, unknown>, keys: readonly (string | number)[], value: unknown): void {
  let node: any = root;
  for (const key of keys.slice(0, -1)) {
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (value !== undefined) {
    node[last] = value;
  } else if (Array.isArray(node) && typeof last === 'number') {
    node.splice(last, 1);
  } else {
    delete node[last];
  }
}
