/**
 * Construct prop checks shared by the constructs, so every message has the same shape:
 * `'<field>' must be an integer in <min>..<max>, got <value>`.
 */
export function integerRangeProblem(field: string, value: number, min: number, max: number): string[] {
  return Number.isInteger(value) && value >= min && value <= max ? [] : [`'${field}' must be an integer in ${min}..${max}, got ${value}`];
}

/** Throws one error listing every problem, prefixed with the construct path; does nothing when there is none. */
export function throwIfProblems(path: string, construct: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new Error(`${path}: invalid ${construct} props:\n  - ${problems.join('\n  - ')}`);
  }
}
