/**
 * Evaluating a synthesized template's IAM with a real engine (@cloud-copilot/iam-simulate, AGPL-3.0, a devDependency
 * used only in tests: nothing of it ships). The template's intrinsics are resolved to concrete, made-up ARNs of one
 * account and region, so the engine sees the policies CloudFormation would create; `values` fixes the attributes a
 * test needs to name (an instance's DbiResourceId, say).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
type Resources = Record<string, { Type: string; Properties?: any }>;

/** A concrete ARN (or value) for a reference to a resource of the template. */
function arnOf(resources: Resources, logicalId: string, attribute: string): string {
  const type = resources[logicalId]?.Type ?? 'unknown';
  const id = logicalId.toLowerCase();
  if (attribute === 'DbiResourceId') return `db-${logicalId.toUpperCase()}`;
  switch (type) {
    case 'AWS::SecretsManager::Secret': return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${logicalId}-AbCdEf`;
    case 'AWS::KMS::Key': return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
    case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${logicalId}`;
    case 'AWS::S3::Bucket': return `arn:aws:s3:::${id}`;
    case 'AWS::Lambda::Function': return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`;
    case 'AWS::IAM::Role': return `arn:aws:iam::${ACCOUNT}:role/${logicalId}`;
    case 'AWS::Logs::LogGroup': return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logicalId}:*`;
    default: return `arn:aws:unknown:${REGION}:${ACCOUNT}:${type}/${logicalId}`;
  }
}

/** The template value with Ref, Fn::GetAtt and Fn::Join resolved. */
export function resolve(resources: Resources, value: unknown): any {
  if (Array.isArray(value)) return value.map((v) => resolve(resources, v));
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, any>;
  if ('Ref' in o) {
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' };
    if (pseudo[o.Ref]) return pseudo[o.Ref];
    const type = resources[o.Ref]?.Type;
    return type === 'AWS::SecretsManager::Secret' || type === 'AWS::IAM::ManagedPolicy' ? arnOf(resources, o.Ref, 'Arn') : type === 'AWS::IAM::Role' ? o.Ref : `ref-${o.Ref}`;
  }
  if ('Fn::GetAtt' in o) return arnOf(resources, o['Fn::GetAtt'][0], o['Fn::GetAtt'][1]);
  if ('Fn::Join' in o) return (resolve(resources, o['Fn::Join'][1]) as unknown[]).join(o['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(resources, v)]));
}

/** Every identity policy document of a role: inline, attached policies and customer-managed policies of the template. */
export function identityPolicies(resources: Resources, roleId: string): Record<string, unknown>[] {
  const attached = (p: any) => (p?.Roles ?? []).some((r: any) => r?.Ref === roleId);
  const docs: unknown[] = [
    ...(resources[roleId]?.Properties?.Policies ?? []).map((p: any) => p.PolicyDocument),
    ...Object.values(resources).filter((r) => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && attached(r.Properties)).map((r) => r.Properties.PolicyDocument),
  ];
  return docs.map((d) => resolve(resources, d));
}

/** The engine's decision for one request by a role of the template (its identity policies and an optional resource policy). */
export async function decideForRole(resources: Resources, roleId: string, action: string, resource: string, resourcePolicy?: unknown, context: Record<string, string> = {}): Promise<Decision> {
  const response = await runSimulation(
    {
      identityPolicies: identityPolicies(resources, roleId).map((policy, i) => ({ name: `policy-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicy === undefined ? undefined : resolve(resources, resourcePolicy),
      request: { principal: arnOf(resources, roleId, 'Arn'), action, resource: { resource, accountId: ACCOUNT }, contextVariables: { 'aws:PrincipalArn': arnOf(resources, roleId, 'Arn'), 'aws:PrincipalAccount': ACCOUNT, ...context } },
    } as never,
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`simulation of ${action} on ${resource}: ${JSON.stringify(response.errors).slice(0, 600)}`);
  }
  return response.overallResult as Decision;
}

/** The engine's decision on `sts:AssumeRole` of a template role by `principalArn`, from the role's trust policy alone. */
export async function decideAssumeRole(resources: Resources, roleId: string, principalArn: string): Promise<Decision> {
  const response = await runSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resolve(resources, resources[roleId].Properties.AssumeRolePolicyDocument),
      request: { principal: principalArn, action: 'sts:AssumeRole', resource: { resource: arnOf(resources, roleId, 'Arn'), accountId: ACCOUNT }, contextVariables: { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': principalArn.split(':')[4] } },
    } as never,
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`simulation of sts:AssumeRole on ${roleId}: ${JSON.stringify(response.errors).slice(0, 600)}`);
  }
  return response.overallResult as Decision;
}
