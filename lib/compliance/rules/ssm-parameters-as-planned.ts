import { NagMessageLevel } from 'cdk-nag';
import { PlannedParameter, plannedParameters, PlannedValue } from '../../config/parameter-plan';
import { CONTROL_PLANE_API_STAGE, PROTECTION_TAG_VALUE, TAG_KEYS } from '../../naming';
import { findings, NOT_APPLICABLE, RuleContext, StackTemplate, TemplateResource, TemplateRule } from './rule';
import { asList, referencedId, referencedResource, text } from './template';
import { apiVisibilityOf } from './admin-endpoint';
import { resourcesOfType } from './memo';

const parametersOf = (template: StackTemplate) =>
  Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::SSM::Parameter')
    .sort(([a], [b]) => a.localeCompare(b));

const nameTag = (resource: TemplateResource) => text(asList<any>(resource.Properties?.Tags).find((t) => text(t?.Key) === 'Name')?.Value ?? '');

/** Whether `value` is exactly a `Ref` to a resource of the template of the planned type (and Name tag or topic name). */
function isPlannedRef(template: StackTemplate, value: unknown, planned: Extract<PlannedValue, { kind: 'ref' }>): boolean {
  const target = referencedResource(template, value);
  if (!target || (value as Record<string, unknown>).Ref === undefined || target.resource.Type !== planned.type) {
    return false;
  }
  return (
    (planned.nameTag === undefined || nameTag(target.resource) === planned.nameTag) &&
    (planned.topicName === undefined || text(target.resource.Properties?.TopicName) === planned.topicName) &&
    (planned.name === undefined || text(target.resource.Properties?.Name) === planned.name)
  );
}

/**
 * Whether `value` is the URL of the template's one public REST API, on the platform's stage, followed by `path`. The region is
 * the stack's own (`AWS::Region`), or, in a stack pinned by residency or placed, one of the regions the plan allows or places it in.
 */
function isApiUrl(context: RuleContext, value: unknown, path: string): boolean {
  // The public API (by its planned name): with a private admin API beside it, the URLs still name the public one.
  const apis = resourcesOfType(context, 'AWS::ApiGateway::RestApi').filter(([id]) => apiVisibilityOf(context, { Ref: id }) === 'public');
  const { guardrails, tenants, placement } = context.topology.config;
  const regions = ['${AWS::Region}', ...guardrails.allowedRegions, ...tenants.flatMap((t) => t.allowedRegions), ...(placement.region !== undefined ? [placement.region] : [])];
  return apis.length === 1 && regions.some((region) => text(value) === `https://\${${apis[0][0]}}.execute-api.${region}.\${AWS::URLSuffix}/${CONTROL_PLANE_API_STAGE}/${path}`);
}

/** Whether `value` is the ARN of the key that encrypts the bucket the parameter `bucketParameter` names. */
function isKeyOfBucket(template: StackTemplate, value: unknown, bucketParameter: string): boolean {
  const publisher = parametersOf(template).find(([, r]) => text(r.Properties?.Name) === bucketParameter)?.[1];
  const bucket = referencedResource(template, publisher?.Properties?.Value);
  const sse = asList<any>(bucket?.resource.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration)[0]?.ServerSideEncryptionByDefault;
  const getAtt = (value as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
  return sse !== undefined && referencedId(sse.KMSMasterKeyID) !== undefined && referencedId(value) === referencedId(sse.KMSMasterKeyID) && Array.isArray(getAtt) && getAtt[1] === 'Arn';
}

function valueMatches(context: RuleContext, value: unknown, planned: PlannedParameter): boolean {
  const { template } = context;
  const v = planned.value;
  switch (v.kind) {
    case 'ref':
      return isPlannedRef(template, value, v);
    case 'api-url':
      return isApiUrl(context, value, v.path);
    case 'key-of-bucket':
      return isKeyOfBucket(template, value, v.bucketParameter);
    default:
      return value === v.value;
  }
}

/** Whether the stack is the one the plan puts the parameter in (for a tenant's parameter: that tenant's stack). */
function inPlannedStack(planned: PlannedParameter, context: RuleContext): boolean {
  return planned.stack === context.role.kind && (context.role.kind !== 'tenant' || planned.tenantId === context.role.tenantId);
}

/** The first parameter of the template answers for the ones the plan has there and the template lacks. */
function missing(context: RuleContext, plan: ReadonlyMap<string, PlannedParameter>): string[] {
  const parameters = parametersOf(context.template);
  if (parameters[0]?.[0] !== context.logicalId) {
    return [];
  }
  const present = new Set(parameters.map(([, r]) => text(r.Properties?.Name)));
  return [...plan].filter(([name, p]) => inPlannedStack(p, context) && !present.has(name)).map(([name]) => `Missing::${name}`);
}

/**
 * Every SSM parameter of a platform stack is one the plan has (lib/config/parameter-plan.ts), in the kind of stack
 * the plan puts it, a plain String, tagged as protected, with exactly the planned value: the hub's ids reference its
 * transit gateway and the route table of that name (swapped, every tenant would be associated with the table that
 * reaches all tenants), the alert topics the topics of those names, the control plane's URLs its API on the platform's
 * stage, the sidecar hashes the configured SHA-256. Each planned parameter is present. Other stacks and the runtime
 * hosts trust these values without checking them again.
 */
export const SsmParametersAsPlanned: TemplateRule = {
  id: 'SsmParametersAsPlanned',
  resourceTypes: ['AWS::SSM::Parameter'],
  judges: { 'AWS::SSM::Parameter': ['Name', 'Value', 'Type', 'Tags.tenant-baseline:protected'] },
  info: 'An SSM parameter through which the stacks find each other is not planned, not protected, not a plain String, or holds another value than planned; or a planned one is missing.',
  explanation: 'The tenants associate with the route table, verify plans against the issuer and keys, and run the sidecar whose hash these parameters name; a changed value changes all of that without a finding anywhere else.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'DATA-3', 'SOC2-CC6.1', 'SOC2-CC8.1'],
  check(resource, context) {
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    const plan = plannedParameters(context.topology.config);
    const p = resource.Properties ?? {};
    const name = text(p.Name);
    const planned = plan.get(name);
    const problems = missing(context, plan);
    if (!planned || !inPlannedStack(planned, context)) {
      return findings([...problems, `Unplanned::${name}`]);
    }
    if (p.Type !== 'String') {
      problems.push(`Type::${name}::${text(p.Type ?? 'unset')}`);
    }
    if (text(p.Tags?.[TAG_KEYS.protection]) !== PROTECTION_TAG_VALUE) {
      problems.push(`NotProtected::${name}`);
    }
    if (!valueMatches(context, p.Value, planned)) {
      problems.push(`Value::${name}::${text(p.Value)}`);
    }
    return findings(problems);
  },
};
