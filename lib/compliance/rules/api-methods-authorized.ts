import { NagMessageLevel } from 'cdk-nag';
import { plannedPublicRoutes } from '../../config/public-routes';
import { referencedResource, text } from './template';
import { COMPLIANT, RuleContext, TemplateRule } from './rule';

const AUTHORIZED = new Set(['CUSTOM', 'COGNITO_USER_POOLS', 'AWS_IAM']);

/** The method's resource path from the API root (`/a/b`), following the template's resources; undefined if unreadable. */
export function methodPath(context: RuleContext, resourceId: unknown): string | undefined {
  const parts: string[] = [];
  let current = resourceId;
  for (let depth = 0; depth < 32; depth++) {
    const getAtt = (current as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[1] === 'RootResourceId' && context.template.Resources?.[String(getAtt[0])]?.Type === 'AWS::ApiGateway::RestApi') {
      return `/${parts.reverse().join('/')}`;
    }
    const resource = referencedResource(context.template, current);
    if (resource?.resource.Type !== 'AWS::ApiGateway::Resource') {
      return undefined;
    }
    parts.push(text(resource.resource.Properties?.PathPart));
    current = resource.resource.Properties?.ParentId;
  }
  return undefined;
}

/**
 * Every API Gateway method requires authorization: a Lambda authorizer (with its id), Cognito or IAM; the one
 * exception is a route of the plan's public routes (lib/config/public-routes.ts: health check, JWKS, signed
 * heartbeats, each protected otherwise, and the CORS preflights when origins are configured), by method and path, in the control plane. Any other public method is a
 * finding, and so is a planned one moved to another path or stack, or a route the plan says needs an API key
 * (`POST /heartbeats`) without `ApiKeyRequired`.
 */
export const ApiMethodsAuthorized: TemplateRule = {
  id: 'ApiMethodsAuthorized',
  resourceTypes: ['AWS::ApiGateway::Method'],
  judges: { 'AWS::ApiGateway::Method': ['AuthorizationType|remove,set:NONE', 'AuthorizerId', 'ApiKeyRequired'] },
  info: 'The API method does not require authorization.',
  explanation: 'DESIGN.md: admin tokens validated on every route; an unauthorized method is an open door unless the plan names it as public, with the control that protects it.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.1', 'HIPAA-164.312(d)', 'HIPAA-164.312(a)(1)'],
  check(resource, context) {
    const props = resource.Properties ?? {};
    const type = String(props.AuthorizationType ?? 'NONE');
    if (!AUTHORIZED.has(type)) {
      const path = methodPath(context, props.ResourceId);
      const method = text(props.HttpMethod);
      const planned = context.role.kind === 'control-plane' ? plannedPublicRoutes(context.topology.config.controlPlane.cors).find((r) => r.method === method && r.path === path) : undefined;
      if (!planned || type !== 'NONE') {
        return [`Public::${method} ${path ?? 'unreadable-path'}`];
      }
      // A route data planes call requires the tenant's API key (its usage plan and tenant binding); without it the
      // route is open to anyone's requests at the stage's rate.
      return (planned.apiKeyRequired ?? false) && props.ApiKeyRequired !== true ? [`ApiKeyNotRequired::${method} ${path}`] : COMPLIANT;
    }
    if (type === 'AWS_IAM') {
      return COMPLIANT;
    }
    // The authorizer must be one this template declares (whose function and token source the stack defines), not a
    // literal id that could name any authorizer, or none.
    return referencedResource(context.template, props.AuthorizerId)?.resource.Type === 'AWS::ApiGateway::Authorizer' ? COMPLIANT : ['AuthorizerId::not-in-template'];
  },
};
