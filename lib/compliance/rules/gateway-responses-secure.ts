import { NagMessageLevel } from 'cdk-nag';
import { SECURITY_HEADERS } from '../../../contracts/security-headers';
import { findings, TemplateRule, TemplateResource } from './rule';
import { referencedId, text } from './template';

/** The responses API Gateway produces itself that every API must override with the security headers. */
const PLANNED_RESPONSE_TYPES = ['DEFAULT_4XX', 'DEFAULT_5XX'];

/** The security headers missing from, or different in, `parameters` (keys `<prefix><header>`, values quoted literals). */
function missingHeaders(parameters: Record<string, unknown> | undefined, prefix: string): string[] {
  return Object.entries(SECURITY_HEADERS)
    .filter(([header, value]) => parameters?.[`${prefix}${header}`] !== `'${value}'`)
    .map(([header]) => header);
}

/** A MOCK integration answers from the template alone: each of its responses must set every header itself. */
function mockIntegrationProblems(resource: TemplateResource): string[] {
  const integration = resource.Properties?.Integration;
  if (text(integration?.Type) !== 'MOCK') {
    return [];
  }
  const responses: unknown[] = Array.isArray(integration.IntegrationResponses) ? integration.IntegrationResponses : [];
  if (responses.length === 0) {
    return ['IntegrationResponses::none'];
  }
  return responses.flatMap((r, i) =>
    missingHeaders((r as Record<string, any>)?.ResponseParameters, 'method.response.header.').map((h) => `IntegrationResponse${i}::Header::${h}`),
  );
}

/**
 * Every response API Gateway produces itself (gateway responses, and answers of MOCK integrations) carries every
 * security header of contracts/security-headers.ts with exactly its value, and every REST API overrides at least the
 * default 4xx and 5xx responses (which cover every other response type), so no error page leaves without them.
 */
export const GatewayResponsesSecure: TemplateRule = {
  id: 'GatewayResponsesSecure',
  resourceTypes: ['AWS::ApiGateway::GatewayResponse', 'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Method'],
  judges: {
    'AWS::ApiGateway::GatewayResponse': ['ResponseParameters', 'ResponseParameters.*', 'RestApiId|foreign-literal'],
    'AWS::ApiGateway::Method': ['Integration.IntegrationResponses.*.ResponseParameters.*'],
  },
  info: 'A gateway response or a mock integration response lacks a security header or carries another value, or an API leaves its default 4xx or 5xx response without them.',
  explanation: 'Seed 002: security headers (HSTS, CSP, nosniff, frame denial, XSS auditor off, no referrer, no caching) on every API response, errors included.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.6'],
  check(resource, context) {
    if (resource.Type === 'AWS::ApiGateway::Method') {
      return findings(mockIntegrationProblems(resource));
    }
    if (resource.Type === 'AWS::ApiGateway::RestApi') {
      const covered = new Set(
        Object.values(context.template.Resources ?? {})
          .filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse' && referencedId(r.Properties?.RestApiId) === context.logicalId)
          .map((r) => text(r.Properties?.ResponseType)),
      );
      return findings(PLANNED_RESPONSE_TYPES.filter((t) => !covered.has(t)).map((t) => `MissingResponse::${t}`));
    }
    const p = resource.Properties ?? {};
    const problems = missingHeaders(p.ResponseParameters, 'gatewayresponse.header.').map((header) => `Header::${header}`);
    if (referencedId(p.RestApiId) === undefined || context.template.Resources?.[referencedId(p.RestApiId)!]?.Type !== 'AWS::ApiGateway::RestApi') {
      problems.push(`RestApiId::${text(p.RestApiId)}`);
    }
    return findings(problems);
  },
};
