import { NagMessageLevel } from 'cdk-nag';
import { ADMIN_ENDPOINT, plannedApiOf, PRIVATE_ADMIN_API_NAME, PRIVATE_ADMIN_TRAFFIC_ALARM } from '../../config/private-admin-api-plan';
import { PLATFORM_PREFIX } from '../../naming';
import { methodPath } from './api-methods-authorized';
import { apiVisibilityOf, executeApiEndpoints, isExecuteApiEndpoint } from './admin-endpoint';
import { resourcesOfType } from './memo';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { subnetReach } from './subnets';
import { asList, referencedId, referencedResource, sameJson, text } from './template';

/** The interface endpoint's policy resource: every API of the deploying account, and nothing else. */
const OWN_ACCOUNT_APIS = 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*';

const TYPES = { api: 'AWS::ApiGateway::RestApi', endpoint: 'AWS::EC2::VPCEndpoint', method: 'AWS::ApiGateway::Method' } as const;

/** The two statements of the private API's resource policy, for the endpoint of logical id `endpoint`. */
function plannedStatements(endpoint: string): Record<string, unknown>[] {
  const invoke = { Action: 'execute-api:Invoke', Principal: { AWS: '*' }, Resource: 'execute-api:/*' };
  return [
    { ...invoke, Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpce': { Ref: endpoint } } } },
    { ...invoke, Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: endpoint } } } },
  ];
}

/** The private API's resource policy: exactly the planned Allow through the endpoint and the Deny of every other source. */
function policyProblems(policy: any, endpoint: string | undefined): string[] {
  if (endpoint === undefined) {
    return ['Policy::NoExecuteApiEndpoint'];
  }
  const planned = plannedStatements(endpoint);
  const actual = asList<Record<string, unknown>>(policy?.Statement);
  const problems = actual.flatMap((s, i) => (planned.some((p) => sameJson(p, s)) ? [] : [`Policy::Unplanned::${text(s?.Effect)}#${i}`]));
  for (const p of planned) {
    if (actual.filter((s) => sameJson(p, s)).length !== 1) {
      problems.push(`Policy::Missing::${p.Effect}`);
    }
  }
  if (policy?.Version !== '2012-10-17') {
    problems.push(`Policy::Version::${text(policy?.Version ?? 'unset')}`);
  }
  return problems;
}

function apiProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const privateAdminApi = context.topology.config.controlPlane.privateAdminApi;
  const visibility = apiVisibilityOf(context, { Ref: context.logicalId });
  if (visibility === undefined) {
    return [`Unplanned::Name::${text(p.Name)}`];
  }
  const types = asList(p.EndpointConfiguration?.Types).map(text).join(',');
  const sameName = resourcesOfType(context, TYPES.api).filter(([id]) => apiVisibilityOf(context, { Ref: id }) === visibility).length;
  const problems = sameName === 1 ? [] : [`Count::${visibility}::${sameName}`];
  if (visibility === 'public') {
    if (types !== 'REGIONAL') {
      problems.push(`EndpointType::${types || 'unset'}`);
    }
    if (p.Policy !== undefined) {
      problems.push('Policy::Unplanned');
    }
    const privateApis = resourcesOfType(context, TYPES.api).filter(([id]) => apiVisibilityOf(context, { Ref: id }) === 'private').length;
    if (privateAdminApi !== undefined && privateApis === 0) {
      problems.push('Missing::PrivateAdminApi');
    }
    return problems;
  }
  const endpoints = executeApiEndpoints(context);
  const endpoint = endpoints.length === 1 ? endpoints[0] : undefined;
  if (types !== 'PRIVATE') {
    problems.push(`EndpointType::${types || 'unset'}`);
  }
  const associated = asList(p.EndpointConfiguration?.VpcEndpointIds);
  if (endpoint === undefined || associated.length !== 1 || !sameJson(associated[0], { Ref: endpoint })) {
    problems.push(`VpcEndpointIds::${associated.map(text).join(',') || 'unset'}`);
  }
  // Its traffic alarm (settings: AlarmsAsPlanned) must exist: API Gateway counts requests per API name.
  const alarms = resourcesOfType(context, 'AWS::CloudWatch::Alarm').filter(([, r]) => text(r.Properties?.AlarmName) === `${PLATFORM_PREFIX}-${PRIVATE_ADMIN_TRAFFIC_ALARM.id}`);
  if (alarms.length !== 1 || !alarms.every(([, r]) => asList<any>(r.Properties?.Dimensions).some((d) => text(d?.Name) === 'ApiName' && text(d?.Value) === PRIVATE_ADMIN_API_NAME))) {
    problems.push('Missing::TrafficAlarm');
  }
  return [...problems, ...policyProblems(p.Policy, endpoint)];
}

function endpointProblems(resource: TemplateResource, context: RuleContext): string[] {
  if (context.topology.config.controlPlane.privateAdminApi === undefined) {
    return ['Unplanned::ExecuteApiEndpoint'];
  }
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  const count = executeApiEndpoints(context).length;
  if (count !== 1) {
    problems.push(`Count::${count}`);
  }
  if (p.VpcEndpointType !== 'Interface') {
    problems.push(`VpcEndpointType::${text(p.VpcEndpointType ?? 'unset')}`);
  }
  if (p.PrivateDnsEnabled !== ADMIN_ENDPOINT.privateDnsEnabled) {
    problems.push(`PrivateDnsEnabled::${text(p.PrivateDnsEnabled ?? 'unset')}`);
  }
  // Every one of the control plane's private subnets (NAT egress), where the ACL with the VPN entries is: one interface
  // per AZ, none public or transit.
  const subnets = asList(p.SubnetIds);
  const privateSubnets = resourcesOfType(context, 'AWS::EC2::Subnet').filter(([id]) => subnetReach(context, { Ref: id }) === 'egress').length;
  if (subnets.length !== privateSubnets || new Set(subnets.map(text)).size !== subnets.length || subnets.some((s) => subnetReach(context, s) !== 'egress')) {
    problems.push(`SubnetIds::${subnets.map(text).join(',') || 'unset'}`);
  }
  // Its own policy: invoking this account's APIs only (without one, the endpoint reaches any account's private API).
  const statements = asList<Record<string, unknown>>(p.PolicyDocument?.Statement);
  const own = { Action: 'execute-api:Invoke', Effect: 'Allow', Principal: { AWS: '*' } };
  const ownAccountOnly = (st: Record<string, unknown>) => sameJson({ ...st, Resource: undefined }, { ...own, Resource: undefined }) && text(st.Resource) === OWN_ACCOUNT_APIS;
  if (statements.length !== 1 || !ownAccountOnly(statements[0]) || p.PolicyDocument?.Version !== '2012-10-17') {
    problems.push(`PolicyDocument::${statements.length === 0 ? 'unset' : statements.map((st) => `${text(st?.Effect)}:${text(st?.Resource)}`).join(',')}`);
  }
  const groups = asList(p.SecurityGroupIds);
  if (groups.length !== 1 || referencedResource(context.template, groups[0])?.resource.Type !== 'AWS::EC2::SecurityGroup') {
    problems.push(`SecurityGroupIds::${groups.map(text).join(',') || 'unset'}`);
  }
  return problems;
}

function methodProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const method = text(p.HttpMethod);
  const path = methodPath(context, p.ResourceId) ?? 'unreadable-path';
  const actual = apiVisibilityOf(context, p.RestApiId);
  const planned = plannedApiOf(method, path, context.topology.config.controlPlane.privateAdminApi);
  const problems: string[] = [];
  if (actual === undefined) {
    problems.push(`RestApiId::${text(p.RestApiId)}`);
  } else if (actual !== planned) {
    problems.push(`${planned === 'private' ? 'AdminRouteOnPublicApi' : 'PublicRouteOnPrivateApi'}::${method} ${path}`);
  }
  // An authorizer guards only its own API's methods: one of the other API would not be this API's admin authorizer.
  const authorizer = referencedResource(context.template, p.AuthorizerId);
  if (authorizer !== undefined && referencedId(authorizer.resource.Properties?.RestApiId) !== referencedId(p.RestApiId)) {
    problems.push(`AuthorizerOfAnotherApi::${method} ${path}`);
  }
  return problems;
}

/**
 * The private admin API exactly as controlPlane.privateAdminApi plans it (lib/config/private-admin-api-plan.ts): the
 * public REST API regional and without a resource policy; with the option, one PRIVATE REST API associated with the one
 * `execute-api` interface endpoint (interface, private DNS off, in the private subnets, one security group, a policy
 * admitting only this account's APIs), whose
 * resource policy is exactly an Allow of `execute-api:Invoke` through that endpoint (`aws:SourceVpce`) and a Deny of
 * every other source, and its traffic alarm present; the control plane's other VPC endpoints gateways (S3, DynamoDB); every method on the API the plan puts its route on (the data-plane routes public, every other
 * route private), each authorizer its own API's. Without the option, neither the private API nor the endpoint.
 */
export const PrivateAdminApiAsPlanned: TemplateRule = {
  id: 'PrivateAdminApiAsPlanned',
  resourceTypes: [TYPES.api, TYPES.endpoint, TYPES.method],
  // The endpoint's properties are not declared here: `judges` is per resource type across every stack, and the tenants'
  // interface endpoints (KMS, STS, ...) are no business of this rule. The escape-hatch tests break each of them.
  judges: {
    [TYPES.api]: ['Name', 'EndpointConfiguration.Types', 'EndpointConfiguration.VpcEndpointIds', 'Policy.Statement', 'Policy.Statement.*.Effect', 'Policy.Statement.*.Condition', 'Policy.Statement.*.Principal', 'Policy.Statement.*.Action', 'Policy.Statement.*.Resource', 'Policy.Version'],
    [TYPES.method]: ['RestApiId', 'AuthorizerId'],
  },
  info: 'An admin route is on the public API although a private admin API is configured, or the private API, its resource policy or its interface endpoint differs from the plan.',
  explanation: 'Issue 19: with a private admin API the admin routes must be reachable only through the interface endpoint in the control-plane VPC, from the VPN; a route left public, or a policy that admits another source, reopens them to the internet.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'NET-2', 'SOC2-CC6.1', 'SOC2-CC6.6'],
  check(resource, context) {
    if (context.role.kind !== 'control-plane') {
      return NOT_APPLICABLE;
    }
    switch (resource.Type) {
      case TYPES.api:
        return findings(apiProblems(resource, context));
      case TYPES.endpoint:
        if (isExecuteApiEndpoint(resource.Properties)) {
          return findings(endpointProblems(resource, context));
        }
        // The control plane's other endpoints are its S3 and DynamoDB gateways: no interface endpoint but execute-api.
        return findings(resource.Properties?.VpcEndpointType === 'Gateway' ? [] : [`VpcEndpointType::${text(resource.Properties?.VpcEndpointType ?? 'unset')}`]);
      default:
        return findings(methodProblems(resource, context));
    }
  },
};
