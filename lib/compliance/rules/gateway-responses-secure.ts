import { NagMessageLevel } from 'cdk-nag';
import { SECURITY_HEADERS } from '../../../contracts/security-headers';
import { findings, TemplateRule } from './rule';
import { referencedId, text } from './template';

/** The responses API Gateway produces itself that every API must override with the security headers. */
const PLANNED_RESPONSE_TYPES = ['DEFAULT_4XX', 'DEFAULT_5XX'];

/**
 * Every response API Gateway produces itself carries every security header of contracts/security-headers.ts with
 * exactly its value, and every REST API overrides at least the default 4xx and 5xx responses (which cover every other
 * response type), so no error page leaves without them.
 */
export const GatewayResponsesSecure: TemplateRule = {
  id: 'GatewayResponsesSecure',
  resourceTypes: ['AWS::ApiGateway::GatewayResponse', 'AWS::ApiGateway::RestApi'],
  judges: { 'AWS::ApiGateway::GatewayResponse': ['ResponseParameters', 'ResponseParameters.*', 'RestApiId|foreign-literal'] },
  info: 'A gateway response lacks a security header or carries another value, or an API leaves its default 4xx or 5xx response without them.',
  explanation: 'Seed 002: security headers (HSTS, CSP, nosniff, frame denial, no referrer, no caching) on every API response, errors included.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.6'],
  check(resource, context) {
    if (resource.Type === 'AWS::ApiGateway::RestApi') {
      const covered = new Set(
        Object.values(context.template.Resources ?? {})
          .filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse' && referencedId(r.Properties?.RestApiId) === context.logicalId)
          .map((r) => text(r.Properties?.ResponseType)),
      );
      return findings(PLANNED_RESPONSE_TYPES.filter((t) => !covered.has(t)).map((t) => `MissingResponse::${t}`));
    }
    const p = resource.Properties ?? {};
    const parameters = p.ResponseParameters ?? {};
    const problems = Object.entries(SECURITY_HEADERS)
      .filter(([header, value]) => parameters[`gatewayresponse.header.${header}`] !== `'${value}'`)
      .map(([header]) => `Header::${header}`);
    if (referencedId(p.RestApiId) === undefined || context.template.Resources?.[referencedId(p.RestApiId)!]?.Type !== 'AWS::ApiGateway::RestApi') {
      problems.push(`RestApiId::${text(p.RestApiId)}`);
    }
    return findings(problems);
  },
};
