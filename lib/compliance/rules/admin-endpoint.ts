/** The private admin API's parts as the template holds them: its interface endpoint, and which API a REST API is. */
import { ApiVisibility, visibilityOfApiName } from '../../config/private-admin-api-plan';
import { RuleContext } from './rule';
import { remembered, resourcesOfType } from './memo';
import { asList, referencedId, referencedResource, text } from './template';

type Source = Pick<RuleContext, 'template' | 'memo' | 'topology'>;

/** Whether a VPC endpoint resource is one of API Gateway's (`com.amazonaws.<region>.execute-api`). */
export function isExecuteApiEndpoint(properties: Record<string, any> | undefined): boolean {
  return /\.execute-api$/.test(text(properties?.ServiceName));
}

/** The logical ids of the template's `execute-api` interface endpoints. */
export function executeApiEndpoints(source: Source): readonly string[] {
  return remembered(source, 'execute-api endpoints', () => resourcesOfType(source, 'AWS::EC2::VPCEndpoint').filter(([, r]) => isExecuteApiEndpoint(r.Properties)).map(([id]) => id));
}

/** The security groups the `execute-api` endpoints name (logical ids of this template). */
export function executeApiEndpointGroups(source: Source): ReadonlySet<string> {
  return remembered(source, 'execute-api endpoint groups', () => new Set(executeApiEndpoints(source).flatMap((id) => asList(source.template.Resources?.[id]?.Properties?.SecurityGroupIds).map(referencedId).filter((g): g is string => g !== undefined))));
}

/** Which planned API the REST API a value points at is (by its name), or undefined when it is no REST API of the plan. */
export function apiVisibilityOf(source: Source, value: unknown): ApiVisibility | undefined {
  const api = referencedResource(source.template, value);
  if (api?.resource.Type !== 'AWS::ApiGateway::RestApi') {
    return undefined;
  }
  return visibilityOfApiName(text(api.resource.Properties?.Name), source.topology.config.controlPlane.privateAdminApi);
}
