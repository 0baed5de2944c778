/** Reading KMS key policy statements as the template will contain them. */
import { asList, text } from './template';

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document's statements with a label for findings (`Sid`, or the statement's position). */
export function statements(document: unknown): { label: string; statement: PolicyStatement }[] {
  return asList<PolicyStatement>((document as { Statement?: unknown } | undefined)?.Statement).map((statement, i) => ({ label: statement.Sid ?? `Statement${i}`, statement }));
}

/** The key policy's Allow statements with a label for findings (`Sid`, or the statement's position). */
export function allowStatements(keyPolicy: unknown): { label: string; statement: PolicyStatement }[] {
  return statements(keyPolicy).filter(({ statement }) => statement.Effect === 'Allow');
}

/** Every principal of a statement as text: `Service:logs.${AWS::Region}.amazonaws.com`, `AWS:arn:...`, or `*`. */
export function principals(statement: PolicyStatement): string[] {
  if (statement.NotPrincipal !== undefined) {
    return ['NotPrincipal'];
  }
  const principal = statement.Principal;
  if (principal === '*' || principal === undefined) {
    return ['*'];
  }
  if (typeof principal !== 'object' || principal === null) {
    return [text(principal)];
  }
  const named = Object.entries(principal as Record<string, unknown>).flatMap(([kind, values]) => asList(values).map((v) => `${kind}:${text(v)}`));
  // `{}` or `{ AWS: [] }` names nobody: IAM refuses such a policy, and no rule can say whom it trusts.
  return named.length > 0 ? named : ['Unreadable'];
}

/** The condition keys of a statement, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(statement: PolicyStatement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}).map((k) => k.toLowerCase()));
}
