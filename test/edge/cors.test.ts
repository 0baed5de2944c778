/**
 * CORS on the control-plane API: deny-all unless origins are configured (seed 004), then exactly those origins on the
 * admin routes a browser calls, never `*`, never credentials.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { PLAN_SIGNER_ENV } from '../../contracts/environment';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { CORS_ROUTES, corsOriginTemplate } from '../../lib/config/cors-plan';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { resourcesOfType, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const ORIGINS = ['https://admin.example.com', 'https://ops.example.com:8443'];

function controlPlane(cors?: unknown) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, ...(cors ? { cors } : {}) }, tenants: [{ id: 'acme', number: 0 }] });
  return Template.fromStack(controlPlaneOf(config));
}

/** Each method with its full resource path. */
function methods(template: Template) {
  const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
  const pathOf = (ref: any): string => {
    const r = resources[ref?.Ref];
    return r ? `${pathOf(r.Properties!.ParentId)}/${r.Properties!.PathPart}` : '';
  };
  return Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).map((m) => ({ path: pathOf(m.Properties!.ResourceId), method: m.Properties!.HttpMethod as string, props: m.Properties! }));
}

describe('CORS deny-all by default', () => {
  const template = controlPlane();

  test('GIVEN no cors section THEN no OPTIONS method and no CORS header anywhere in the control plane', () => {
    expect(methods(template).filter((m) => m.method === 'OPTIONS')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/Access-Control-/i);
  });

  test('GIVEN no cors section THEN the plan signer gets no list of origins', () => {
    for (const f of Object.values(resourcesOfType(template, 'AWS::Lambda::Function'))) {
      expect(Object.keys(f.Properties!.Environment?.Variables ?? {})).not.toContain(PLAN_SIGNER_ENV.corsAllowedOrigins);
    }
  });
});

describe('CORS with allowed origins', () => {
  const template = controlPlane({ allowedOrigins: ORIGINS });
  const all = methods(template);

  test('THEN OPTIONS exists exactly on the planned admin routes, public and answered by API Gateway (mock)', () => {
    const options = all.filter((m) => m.method === 'OPTIONS');
    expect(options.map((m) => m.path).sort()).toEqual(CORS_ROUTES.map((r) => r.path).sort());
    for (const m of options) {
      expect(m.props).toEqual(expect.objectContaining({ AuthorizationType: 'NONE', Integration: expect.objectContaining({ Type: 'MOCK' }) }));
    }
  });

  test('THEN each preflight names the first origin, echoes only the listed ones, never * and never credentials, with the security headers', () => {
    for (const m of all.filter((x) => x.method === 'OPTIONS')) {
      const route = CORS_ROUTES.find((r) => r.path === m.path)!;
      const [response] = m.props.Integration.IntegrationResponses;
      expect(response.ResponseParameters).toEqual({
        ...Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [`method.response.header.${k}`, `'${v}'`])),
        'method.response.header.Access-Control-Allow-Origin': "'https://admin.example.com'",
        'method.response.header.Vary': "'Origin'",
        'method.response.header.Access-Control-Allow-Methods': `'${[...route.methods, 'OPTIONS'].join(',')}'`,
        'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type'",
        'method.response.header.Access-Control-Max-Age': "'600'",
      });
      expect(response.ResponseTemplates['application/json']).toBe(corsOriginTemplate({ allowedOrigins: ORIGINS }));
      expect(response.ResponseTemplates['application/json']).toContain('$origin == "https://admin.example.com" || $origin == "https://ops.example.com:8443"');
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/Access-Control-Allow-Credentials|Access-Control-Allow-Origin[^,]*'\*'/);
  });

  test('THEN GET /tenants answers with the CORS headers and the origin echo, and still requires the admin authorizer', () => {
    const get = all.find((m) => m.path === '/tenants' && m.method === 'GET')!;
    expect(get.props.AuthorizationType).toBe('CUSTOM');
    const [response] = get.props.Integration.IntegrationResponses;
    expect(response.ResponseParameters['method.response.header.Access-Control-Allow-Origin']).toBe("'https://admin.example.com'");
    expect(response.ResponseParameters['method.response.header.Vary']).toBe("'Origin'");
    expect(response.ResponseTemplates['application/json']).toBe(`${corsOriginTemplate({ allowedOrigins: ORIGINS })}{"tenants":["acme"]}`);
  });

  test('THEN the plan signer gets exactly the configured origins, and no machine route gets CORS', () => {
    const signer = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).find((f) => f.Properties!.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'plan-signer')!;
    expect(signer.Properties!.Environment.Variables[PLAN_SIGNER_ENV.corsAllowedOrigins]).toBe(ORIGINS.join(','));
    for (const m of all.filter((x) => ['/health-check', '/heartbeats', '/.well-known/jwks.json'].includes(x.path))) {
      expect(m.method).not.toBe('OPTIONS');
    }
  });
});
