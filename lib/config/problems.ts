/**
 * How the configuration reports what is wrong: every problem collected, each as
 * `<where>: '<field>' must <rule>, got <value>`, and thrown together once.
 */

/** Thrown when the configuration or a context value is invalid; carries every problem found. */
export class PlatformConfigError extends Error {
  public readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`invalid platform configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` + problems.map((p) => `  - ${p}`).join('\n'), options);
    this.name = 'PlatformConfigError';
    this.problems = problems;
  }
}

/** Records one problem: the field (as a path like `tenants[0].id`), the rule it breaks, and the value found. */
export type Problem = (field: string, rule: string, value: unknown) => void;

/** A problem collector that also remembers whether it was called, for validators that return undefined on failure. */
export function tracking(problem: Problem): { readonly fail: Problem; readonly ok: () => boolean } {
  let ok = true;
  return {
    fail: (field, rule, value) => {
      ok = false;
      problem(field, rule, value);
    },
    ok: () => ok,
  };
}

export function checkKeys(obj: Record<string, unknown>, prefix: string, allowed: readonly string[], problem: Problem) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      problem(`${prefix}${key}`, `not be present: unknown key (allowed here: ${allowed.join(', ')})`, obj[key]);
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** A value as it appears in a problem: JSON, at most 80 characters, `nothing` for a missing value. */
export function show(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
