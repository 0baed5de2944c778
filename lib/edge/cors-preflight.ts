import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { corsOriginTemplate, corsPreflightHeaders, corsResponseHeaders } from '../config/cors-plan';
import { CorsConfig } from '../config/types';

/** Header values as API Gateway wants them in integration and gateway responses: single-quoted literals. */
function quoted(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, `'${v}'`]));
}

/** `{ 'method.response.header.<name>': <value> }` for an integration response, and the method response declaring them. */
export function methodResponseHeaders(headers: Readonly<Record<string, string>>) {
  const parameters = Object.fromEntries(Object.entries(quoted(headers)).map(([k, v]) => [`method.response.header.${k}`, v]));
  return { integration: parameters, declared: Object.fromEntries(Object.keys(parameters).map((k) => [k, true])) };
}

/** The CORS headers (plain values) a MOCK answer of a CORS route adds to the security headers; none when CORS is off. */
export function corsHeadersFor(cors: CorsConfig): Record<string, string> {
  return cors.allowedOrigins.length === 0 ? {} : corsResponseHeaders(cors);
}

/** The origin-echo template a MOCK answer of a CORS route starts with; empty when CORS is off. */
export function corsTemplateFor(cors: CorsConfig): string {
  return cors.allowedOrigins.length === 0 ? '' : corsOriginTemplate(cors);
}

/**
 * OPTIONS on `resource`, answered by API Gateway itself (MOCK, 204): the security headers, the preflight headers of
 * lib/config/cors-plan.ts and the request's Origin echoed only when allowed. Public, as a browser's preflight carries no
 * token; it reaches no function and returns no data. Only called when origins are configured.
 */
export function addCorsPreflight(resource: apigw.IResource, cors: CorsConfig, methods: readonly string[]): apigw.Method {
  const headers = methodResponseHeaders({ ...SECURITY_HEADERS, ...corsPreflightHeaders(cors, methods) });
  const method = resource.addMethod(
    'OPTIONS',
    new apigw.MockIntegration({
      requestTemplates: { 'application/json': '{"statusCode": 204}' },
      integrationResponses: [{ statusCode: '204', responseParameters: headers.integration, responseTemplates: { 'application/json': corsOriginTemplate(cors) } }],
    }),
    { authorizationType: apigw.AuthorizationType.NONE, authorizer: { authorizerId: '', authorizationType: apigw.AuthorizationType.NONE }, methodResponses: [{ statusCode: '204', responseParameters: headers.declared }] },
  );
  // No acknowledgement needed: cdk-nag's authorization rules (APIG4, COG4) exempt OPTIONS; CorsAsPlanned judges it.
  return method;
}
