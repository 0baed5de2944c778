import { NagMessageLevel } from 'cdk-nag';
import { CONTROL_PLANE_PARAMETERS } from '../../../contracts/ssm-parameters';
import { tenantApiKeyName } from '../../config/parameter-plan';
import { CONTROL_PLANE_API_STAGE, PLATFORM_PREFIX } from '../../naming';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, RuleContext, StackTemplate, TemplateResource, TemplateRule } from './rule';
import { asList, referencedResource, ssmParameterName, text } from './template';

const resourcesOf = (template: StackTemplate, type: string) =>
  Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .sort(([a], [b]) => a.localeCompare(b));

/** The secret a key's value must come from: the tenant's own, named for the key, under a key of this stack. */
const secretName = (tenantId: string, keyName: string) => `${PLATFORM_PREFIX}/tenants/${tenantId}/api-keys/${keyName}`;

function judgeUsagePlan(resource: TemplateResource, context: RuleContext, tenantId: string): string[] {
  const { apiAccess } = tenantConfig(context.topology, tenantId);
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  if (resourcesOf(context.template, resource.Type)[0]?.[0] !== context.logicalId) problems.push('UsagePlan::more-than-one');
  if (text(p.UsagePlanName) !== `${PLATFORM_PREFIX}-${tenantId}`) problems.push(`UsagePlanName::${text(p.UsagePlanName)}`);
  if (p.Throttle?.RateLimit !== apiAccess.rateLimit || p.Throttle?.BurstLimit !== apiAccess.burstLimit || Object.keys(p.Throttle ?? {}).length !== 2) {
    problems.push(`Throttle::${JSON.stringify(p.Throttle ?? null)}`);
  }
  // One stage: the control-plane API's, named through its published id; no per-method throttle that would raise a route.
  const stages = asList<Record<string, unknown>>(p.ApiStages);
  const stageOk = stages.length === 1 && ssmParameterName(context.template, stages[0]?.ApiId) === CONTROL_PLANE_PARAMETERS.apiId && stages[0]?.Stage === CONTROL_PLANE_API_STAGE && Object.keys(stages[0]).length === 2;
  if (!stageOk) problems.push(`ApiStages::${JSON.stringify(stages)}`);
  // Every planned key is in the template (the keys' own checks say whether each is in this plan).
  const present = new Set(resourcesOf(context.template, 'AWS::ApiGateway::ApiKey').map(([, r]) => text(r.Properties?.Name)));
  for (const keyName of apiAccess.keys) {
    if (!present.has(tenantApiKeyName(tenantId, keyName))) problems.push(`MissingKey::${keyName}`);
  }
  return problems;
}

function judgeApiKey(resource: TemplateResource, context: RuleContext, tenantId: string): string[] {
  const { apiAccess } = tenantConfig(context.topology, tenantId);
  const p = resource.Properties ?? {};
  const name = text(p.Name);
  const keyName = apiAccess.keys.find((k) => tenantApiKeyName(tenantId, k) === name);
  if (keyName === undefined) return [`Unplanned::${name}`];
  const problems: string[] = [];
  if (p.Enabled !== true) problems.push(`NotEnabled::${keyName}`);
  if (p.StageKeys !== undefined || p.GenerateDistinctId !== undefined) problems.push(`StageKeys::${keyName}`);
  // The value is the tenant's secret for this key, resolved by CloudFormation: never a literal in the template.
  const match = /^\{\{resolve:secretsmanager:\$\{([A-Za-z0-9]+)\}:SecretString:::\}\}$/.exec(text(p.Value));
  const secret = match ? context.template.Resources?.[match[1]] : undefined;
  const keyRef = secret?.Properties?.KmsKeyId;
  const underStackKey = referencedResource(context.template, keyRef)?.resource.Type === 'AWS::KMS::Key';
  if (secret?.Type !== 'AWS::SecretsManager::Secret' || text(secret.Properties?.Name) !== secretName(tenantId, keyName) || !underStackKey) {
    problems.push(`Value::${keyName}::not-the-tenant-secret`);
  }
  const attachments = resourcesOf(context.template, 'AWS::ApiGateway::UsagePlanKey').filter(([, r]) => referencedResource(context.template, r.Properties?.KeyId)?.logicalId === context.logicalId);
  if (attachments.length !== 1) problems.push(`UsagePlanKeys::${keyName}::${attachments.length}`);
  return problems;
}

/**
 * The stack's first KMS key (a tenant stack has exactly one, its tenant key) answers for API access that is missing
 * altogether: a tenant stack without its usage plan would otherwise give this rule nothing to judge.
 */
function judgeMissing(context: RuleContext, tenantId: string): string[] {
  if (resourcesOf(context.template, 'AWS::KMS::Key')[0]?.[0] !== context.logicalId || resourcesOf(context.template, 'AWS::ApiGateway::UsagePlan').length > 0) {
    return [];
  }
  const { apiAccess } = tenantConfig(context.topology, tenantId);
  const present = new Set(resourcesOf(context.template, 'AWS::ApiGateway::ApiKey').map(([, r]) => text(r.Properties?.Name)));
  return ['MissingUsagePlan', ...apiAccess.keys.filter((k) => !present.has(tenantApiKeyName(tenantId, k))).map((k) => `MissingKey::${k}`)];
}

function judgeUsagePlanKey(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  if (p.KeyType !== 'API_KEY') problems.push(`KeyType::${text(p.KeyType)}`);
  if (referencedResource(context.template, p.KeyId)?.resource.Type !== 'AWS::ApiGateway::ApiKey' || p.KeyId?.Ref === undefined) problems.push(`KeyId::${text(p.KeyId)}`);
  if (referencedResource(context.template, p.UsagePlanId)?.resource.Type !== 'AWS::ApiGateway::UsagePlan' || p.UsagePlanId?.Ref === undefined) problems.push(`UsagePlanId::${text(p.UsagePlanId)}`);
  return problems;
}

/**
 * A tenant's API keys and usage plan are exactly the plan (seed 004: API keys per tenant, 10 requests/s per key by
 * default, configurable per tenant): one usage plan named for the tenant on the control-plane API's stage (its id
 * from the published parameter) with the configured rate and burst and no per-method entry; one enabled key per
 * configured name, no other, each valued from the tenant's own secret of that name under this stack's key (never a
 * literal), each in that usage plan exactly once, with no stage keys outside it; a tenant stack without any of it is
 * reported on its tenant key.
 */
export const TenantApiKeysAsPlanned: TemplateRule = {
  id: 'TenantApiKeysAsPlanned',
  resourceTypes: ['AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlanKey', 'AWS::KMS::Key'],
  judges: {
    'AWS::ApiGateway::UsagePlan': ['UsagePlanName', 'Throttle.RateLimit', 'Throttle.BurstLimit', 'ApiStages', 'ApiStages.*.ApiId', 'ApiStages.*.Stage'],
    'AWS::ApiGateway::ApiKey': ['Name', 'Enabled', 'Value'],
    'AWS::ApiGateway::UsagePlanKey': ['KeyId', 'KeyType', 'UsagePlanId'],
  },
  info: "A tenant's usage plan or API keys differ from the plan: another rate or burst, another API or stage, a key not configured, disabled, valued otherwise than from the tenant's secret, or outside the usage plan.",
  explanation: "Seed 004: API keys per tenant with a per-key rate limit. A key outside the tenant's usage plan is not rate limited; a literal value is in every copy of the template; a raised limit lets one tenant take the route from the others.",
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.1', 'SOC2-CC6.6'],
  check(resource, context) {
    const role = context.role;
    if (role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::ApiGateway::UsagePlan') return findings(judgeUsagePlan(resource, context, role.tenantId));
    if (resource.Type === 'AWS::ApiGateway::ApiKey') return findings(judgeApiKey(resource, context, role.tenantId));
    if (resource.Type === 'AWS::KMS::Key') return findings(judgeMissing(context, role.tenantId));
    return findings(judgeUsagePlanKey(resource, context));
  },
};
