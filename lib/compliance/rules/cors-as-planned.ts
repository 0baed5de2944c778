import { NagMessageLevel } from 'cdk-nag';
import { LIST_SEPARATOR, PLAN_SIGNER_ENV } from '../../../contracts/environment';
import { CORS_FORBIDDEN_HEADERS, corsOriginTemplate, corsPreflightHeaders, corsResponseHeaders, corsRoute } from '../../config/cors-plan';
import { CorsConfig } from '../../config/types';
import { methodPath } from './api-methods-authorized';
import { findings, RuleContext, TemplateResource, TemplateRule } from './rule';
import { text } from './template';

const METHOD_HEADER = 'method.response.header.';
const isCorsHeader = (name: string) => /^access-control-/i.test(name);

/** Whether a mapping template is a JSON document without template code (`$` references, `#` directives). */
function isStaticJson(template: string): boolean {
  try {
    JSON.parse(template);
  } catch {
    return false;
  }
  return !/[$#]/.test(template);
}

/** What one MOCK answer must carry: exact CORS headers (plain values) and the template's required prefix, or none. */
interface Expected {
  readonly headers: Readonly<Record<string, string>>;
  readonly template?: { readonly exact: boolean; readonly text: string };
}

/** The CORS a method of this path may answer with, by the plan: nothing unless it is a CORS route's method or preflight. */
function expectedFor(resource: TemplateResource, context: RuleContext, cors: CorsConfig): Expected | 'not-planned' {
  const method = text(resource.Properties?.HttpMethod);
  const on = cors.allowedOrigins.length > 0;
  const route = context.role.kind === 'control-plane' ? corsRoute(methodPath(context, resource.Properties?.ResourceId)) : undefined;
  if (method === 'OPTIONS') {
    return route && on ? { headers: corsPreflightHeaders(cors, route.methods), template: { exact: true, text: corsOriginTemplate(cors) } } : 'not-planned';
  }
  // A mock answer of a CORS route: the planned echo (none while CORS is off), then static JSON only, CORS on or off.
  if (route?.methods.includes(method) && text(resource.Properties?.Integration?.Type) === 'MOCK') {
    return on ? { headers: corsResponseHeaders(cors), template: { exact: false, text: corsOriginTemplate(cors) } } : { headers: {}, template: { exact: false, text: '' } };
  }
  return { headers: {} };
}

function methodProblems(resource: TemplateResource, context: RuleContext, cors: CorsConfig): string[] {
  const expected = expectedFor(resource, context, cors);
  if (expected === 'not-planned') {
    return [`Options::${methodPath(context, resource.Properties?.ResourceId) ?? 'unreadable-path'}`];
  }
  const responses: Record<string, any>[] = Array.isArray(resource.Properties?.Integration?.IntegrationResponses) ? resource.Properties!.Integration.IntegrationResponses : [];
  return responses.flatMap((response, i) => {
    const parameters: Record<string, unknown> = response?.ResponseParameters ?? {};
    const problems: string[] = [];
    for (const [header, value] of Object.entries(expected.headers)) {
      if (parameters[`${METHOD_HEADER}${header}`] !== `'${value}'`) {
        problems.push(`IntegrationResponse${i}::${header}::${text(parameters[`${METHOD_HEADER}${header}`])}`);
      }
    }
    for (const key of Object.keys(parameters)) {
      const header = key.startsWith(METHOD_HEADER) ? key.slice(METHOD_HEADER.length) : key;
      if ((isCorsHeader(header) && !(header in expected.headers)) || CORS_FORBIDDEN_HEADERS.some((h) => h.toLowerCase() === header.toLowerCase())) {
        problems.push(`IntegrationResponse${i}::NotPlanned::${header}`);
      }
    }
    const templates = Object.values(response?.ResponseTemplates ?? {}).map((t) => text(t));
    if (expected.template && (templates.length === 0 || templates.some((t) => (expected.template!.exact ? t !== expected.template!.text : !t.startsWith(expected.template!.text))))) {
      problems.push(`IntegrationResponse${i}::Template`);
    }
    // Beyond the planned origin echo, no template may set a CORS header (a response override would bypass the list),
    // and after the echo of a CORS route's answer comes static JSON only: no further template code to set headers with.
    const rest = templates.map((t) => (expected.template && t.startsWith(expected.template.text) ? t.slice(expected.template.text.length) : t));
    if (rest.some((t) => /access-control-/i.test(t))) {
      problems.push(`IntegrationResponse${i}::TemplateSetsCors`);
    } else if (expected.template && !expected.template.exact && rest.some((t) => !isStaticJson(t))) {
      problems.push(`IntegrationResponse${i}::TemplateNotStaticJson`);
    }
    return problems;
  });
}

function functionProblems(resource: TemplateResource, cors: CorsConfig): string[] {
  const variables = resource.Properties?.Environment?.Variables ?? {};
  const value = variables[PLAN_SIGNER_ENV.corsAllowedOrigins];
  const planned = cors.allowedOrigins.join(LIST_SEPARATOR);
  if (value === undefined) {
    return cors.allowedOrigins.length > 0 && variables.POWERTOOLS_SERVICE_NAME === 'plan-signer' ? [`${PLAN_SIGNER_ENV.corsAllowedOrigins}::unset`] : [];
  }
  return cors.allowedOrigins.length === 0 || text(value) !== planned ? [`${PLAN_SIGNER_ENV.corsAllowedOrigins}::${text(value)}`] : [];
}

/**
 * CORS is exactly the plan of lib/config/cors-plan.ts: with no origin configured, no CORS header and no OPTIONS method
 * anywhere; with origins, OPTIONS only on the planned admin routes, each CORS header exactly planned (the configured
 * origins, never `*`, never credentials), the origin echoed only by the planned template, and the plan signer's list of
 * origins equal to the configuration's.
 */
export const CorsAsPlanned: TemplateRule = {
  id: 'CorsAsPlanned',
  resourceTypes: ['AWS::ApiGateway::Method', 'AWS::ApiGateway::GatewayResponse', 'AWS::Lambda::Function'],
  judges: {
    'AWS::ApiGateway::Method': ['Integration.IntegrationResponses.*.ResponseParameters.*', 'Integration.IntegrationResponses.*.ResponseTemplates.*'],
    'AWS::Lambda::Function': [`Environment.Variables.${PLAN_SIGNER_ENV.corsAllowedOrigins}`],
  },
  info: 'A response carries a CORS header, an OPTIONS route or an allowed origin that the configuration does not plan.',
  explanation: 'Seed 004: CORS deny-all by default, configurable per origin; a wildcard or an unplanned origin lets other sites read admin answers in a browser.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.6'],
  check(resource, context) {
    const cors = context.topology.config.controlPlane.cors;
    if (resource.Type === 'AWS::ApiGateway::Method') {
      return findings(methodProblems(resource, context, cors));
    }
    if (resource.Type === 'AWS::Lambda::Function') {
      return findings(functionProblems(resource, cors));
    }
    const parameters = resource.Properties?.ResponseParameters ?? {};
    return findings(Object.keys(parameters).filter((k) => /^gatewayresponse\.header\.access-control-/i.test(k)).map((k) => `NotPlanned::${k.slice('gatewayresponse.header.'.length)}`));
  },
};
