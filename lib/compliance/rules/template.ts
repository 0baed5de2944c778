/**
 * Reading synthesized CloudFormation: references between resources, and intrinsic functions rendered as readable
 * text, so rules can compare what the template will contain with what the platform requires.
 */
import { EXPORT_OBJECT_PREFIX } from '../../../contracts/gdpr';
import { StackTemplate, TemplateResource } from './rule';

/** The logical id a value points at (`{Ref: X}` or `{Fn::GetAtt: [X, attr]}`), or undefined. */
export function referencedId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') {
      return v.Ref;
    }
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      return getAtt[0];
    }
    if (typeof getAtt === 'string') {
      return getAtt.split('.')[0];
    }
  }
  return undefined;
}

/** The resource of this template a value points at, with its logical id, or undefined. */
export function referencedResource(template: StackTemplate, value: unknown): { logicalId: string; resource: TemplateResource } | undefined {
  const id = referencedId(value);
  const resource = id === undefined ? undefined : template.Resources?.[id];
  return id !== undefined && resource ? { logicalId: id, resource } : undefined;
}

/**
 * The SSM parameter name behind a value, when the value is a `Ref` to a template parameter of type
 * `AWS::SSM::Parameter::Value<...>` (how this platform reads values published by other stacks).
 */
export function ssmParameterName(template: StackTemplate, value: unknown): string | undefined {
  const id = referencedId(value);
  const parameter = id === undefined ? undefined : template.Parameters?.[id];
  return parameter && parameter.Type.startsWith('AWS::SSM::Parameter::Value<') && typeof parameter.Default === 'string' ? parameter.Default : undefined;
}

/**
 * A value as text: strings as they are, `Ref` as `${X}`, `Fn::GetAtt` as `${X.Attr}`, `Fn::Join` joined, `Fn::Sub`
 * as its template. Whatever else is an intrinsic this codebase does not render gives `${?}`, which matches no pattern
 * a rule accepts.
 */
export function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') {
      return `\${${v.Ref}}`;
    }
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      return `\${${getAtt.join('.')}}`;
    }
    const join = v['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(text).join(join[0]);
    }
    const sub = v['Fn::Sub'];
    if (typeof sub === 'string') {
      return sub;
    }
    if (Array.isArray(sub) && typeof sub[0] === 'string') {
      return sub[0];
    }
  }
  return '${?}';
}

/** A value that may be one item or a list, as a list (IAM's Action, Principal values, ...). */
export function asList<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** CloudFormation accepts booleans as strings in places; true for `true` and `"true"` (any case). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** The account root principal of the deploying account, as `text()` renders it. */
export const ACCOUNT_ROOT = /^arn:(\$\{AWS::Partition\}|aws|aws-cn|aws-us-gov):iam::\$\{AWS::AccountId\}:root$/;

/** Buckets that another bucket of the template names as its server access log destination. */
export function accessLogDestinations(template: StackTemplate): Set<string> {
  return new Set(
    Object.values(template.Resources ?? {})
      .filter((r) => r.Type === 'AWS::S3::Bucket')
      .map((r) => referencedId(r.Properties?.LoggingConfiguration?.DestinationBucketName))
      .filter((id): id is string => id !== undefined),
  );
}

/** A tenant's export buckets: the buckets with a lifecycle rule on the export prefix (lib/data/tenant-data-export.ts). */
export function exportBuckets(template: StackTemplate): Set<string> {
  return new Set(
    Object.entries(template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::S3::Bucket' && asList<any>(r.Properties?.LifecycleConfiguration?.Rules).some((rule) => rule?.Prefix === EXPORT_OBJECT_PREFIX))
      .map(([id]) => id),
  );
}

/** A tenant's data bucket: the one bucket of the template that is neither an access-log destination nor an export bucket. */
export function tenantDataBucket(template: StackTemplate): string | undefined {
  const logs = accessLogDestinations(template);
  const exports = exportBuckets(template);
  const found = Object.entries(template.Resources ?? {}).filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && !logs.has(id) && !exports.has(id));
  return found.length === 1 ? found[0][0] : undefined;
}

/**
 * True when a value points at a KMS key declared in this template that can encrypt (symmetric): not a literal ARN,
 * which could be any account's key, and not an asymmetric signing key.
 */
export function isSymmetricKeyOfTemplate(template: StackTemplate, value: unknown): boolean {
  const key = referencedResource(template, value)?.resource;
  const spec = key?.Properties?.KeySpec;
  return key?.Type === 'AWS::KMS::Key' && (spec === undefined || spec === 'SYMMETRIC_DEFAULT');
}

/**
 * Whether two JSON values are equal as CloudFormation reads them: object keys in any order, arrays in order. The same
 * answer as comparing key-sorted JSON texts, without building them (rules run per resource per mutant).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return false;
  }
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) {
    return false;
  }
  if (isArray) {
    const [x, y] = [a as unknown[], b as unknown[]];
    if (x.length !== y.length) {
      return false;
    }
    for (let i = 0; i < x.length; i++) {
      if (!sameJson(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  // JSON.stringify drops undefined members: count and compare only the defined ones.
  let members = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k) || x[k] === undefined) {
      continue;
    }
    members++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameJson(x[k], y[k])) {
      return false;
    }
  }
  for (const k in y) {
    if (Object.prototype.hasOwnProperty.call(y, k) && y[k] !== undefined) {
      members--;
    }
  }
  return members === 0;
}

/** Whether `key` is a member name anywhere inside a JSON value (what a JSON text search for `"key":` finds). */
export function hasKeyDeep(value: unknown, key: string): boolean {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (hasKeyDeep(item, key)) {
        return true;
      }
    }
    return false;
  }
  for (const k in value as Record<string, unknown>) {
    if (k === key || hasKeyDeep((value as Record<string, unknown>)[k], key)) {
      return true;
    }
  }
  return false;
}

/** The account a template's `PlacedInAccount` rule (lib/stacks/platform-stack.ts) requires, if it has one. */
export function placedAccount(template: StackTemplate): string | undefined {
  const assertion = (template.Rules as Record<string, { Assertions?: { Assert?: Record<string, unknown> }[] }> | undefined)?.PlacedInAccount?.Assertions?.[0]?.Assert;
  const equals = assertion?.['Fn::Equals'];
  return Array.isArray(equals) && JSON.stringify(equals[0]) === JSON.stringify({ Ref: 'AWS::AccountId' }) && typeof equals[1] === 'string' ? equals[1] : undefined;
}
