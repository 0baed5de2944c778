/**
 * CorsAsPlanned on real constructs: the shipped control plane (example config: one allowed origin) and a deny-all one
 * are compliant, and every way to widen CORS, through the L2 or an override, is reported.
 */
import { App, CfnResource } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { PACK, shipped } from '../helpers/pack';

const { CONFIG } = PACK;
const DENY_ALL: PlatformConfig = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: CONFIG.controlPlane.identityProvider }, tenants: [{ id: 'acme', number: 0 }] });

function controlPlane(config: PlatformConfig = CONFIG) {
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: config.controlPlane, tenantIds: ['acme'] });
  return { app, stack, api: stack.edge!.adminApi.api };
}

/** The findings of one rule against `config`'s plan, as finding ids. */
function found(app: App, rule: string, config: PlatformConfig = CONFIG): string[] {
  const pack = new TenantBaselineChecks(platformTopology(config));
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === `TenantBaseline-${rule}` && e.status === 'non-compliant').flatMap((e) => e.findings);
}

const l1Method = (resource: apigw.IResource, method: string) => (resource as apigw.Resource).node.findChild(method).node.defaultChild as CfnResource;

describe('CorsAsPlanned', () => {
  test('GIVEN the shipped control plane (one allowed origin) THEN compliant', () => {
    expect(CONFIG.controlPlane.cors.allowedOrigins).toEqual(['https://admin.example.com']);
    shipped('CorsAsPlanned', () => controlPlane().app);
  });

  test('GIVEN the deny-all default THEN compliant, and an OPTIONS route added through the L2 is reported (and is public)', () => {
    const { app, api } = controlPlane(DENY_ALL);
    expect(found(app, 'CorsAsPlanned', DENY_ALL)).toEqual([]);
    api.adminRouteRoot().addCorsPreflight({ allowOrigins: ['https://admin.example.com'] });
    expect(found(app, 'CorsAsPlanned', DENY_ALL)).toEqual(['TenantBaseline-CorsAsPlanned[Options::/tenants]']);
    expect(found(app, 'ApiMethodsAuthorized', DENY_ALL)).toEqual(['TenantBaseline-ApiMethodsAuthorized[Public::OPTIONS /tenants]']);
  });

  test('GIVEN deny-all and a CORS header added to a gateway response (L2) THEN it is reported', () => {
    const { app, api } = controlPlane(DENY_ALL);
    api.api.addGatewayResponse('Cors4xx', { type: apigw.ResponseType.BAD_REQUEST_BODY, responseHeaders: { 'Access-Control-Allow-Origin': "'*'" } });
    expect(found(app, 'CorsAsPlanned', DENY_ALL)).toEqual(['TenantBaseline-CorsAsPlanned[NotPlanned::Access-Control-Allow-Origin]']);
  });

  test('GIVEN deny-all and template code, or no template, in the GET /tenants answer (overrides) THEN each is reported', () => {
    const code = controlPlane(DENY_ALL);
    l1Method(code.api.adminRouteRoot(), 'GET').addPropertyOverride('Integration.IntegrationResponses.0.ResponseTemplates.application/json', '#set($o = $input.params().header.get("Origin")){"tenants":[]}');
    expect(found(code.app, 'CorsAsPlanned', DENY_ALL)).toEqual(['TenantBaseline-CorsAsPlanned[IntegrationResponse0::TemplateNotStaticJson]']);
    const none = controlPlane(DENY_ALL);
    l1Method(none.api.adminRouteRoot(), 'GET').addPropertyDeletionOverride('Integration.IntegrationResponses.0.ResponseTemplates');
    expect(found(none.app, 'CorsAsPlanned', DENY_ALL)).toEqual(['TenantBaseline-CorsAsPlanned[IntegrationResponse0::Template]']);
  });

  test('GIVEN the preflight opened to * (override) THEN it is reported', () => {
    const { app, api } = controlPlane();
    l1Method(api.adminRouteRoot(), 'OPTIONS').addPropertyOverride('Integration.IntegrationResponses.0.ResponseParameters.method\\.response\\.header\\.Access-Control-Allow-Origin', "'*'");
    expect(found(app, 'CorsAsPlanned')).toEqual(["TenantBaseline-CorsAsPlanned[IntegrationResponse0::Access-Control-Allow-Origin::'*']"]);
  });

  test('GIVEN credentials allowed on GET /tenants (override) THEN it is reported', () => {
    const { app, api } = controlPlane();
    l1Method(api.adminRouteRoot(), 'GET').addPropertyOverride('Integration.IntegrationResponses.0.ResponseParameters.method\\.response\\.header\\.Access-Control-Allow-Credentials', "'true'");
    expect(found(app, 'CorsAsPlanned')).toEqual(['TenantBaseline-CorsAsPlanned[IntegrationResponse0::NotPlanned::Access-Control-Allow-Credentials]']);
  });

  test('GIVEN the preflight template echoing any Origin (override) THEN it is reported', () => {
    const { app, api } = controlPlane();
    l1Method(api.adminRouteRoot(), 'OPTIONS').addPropertyOverride(
      'Integration.IntegrationResponses.0.ResponseTemplates.application/json',
      '#set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params().header.get("Origin"))',
    );
    expect(found(app, 'CorsAsPlanned')).toEqual(['TenantBaseline-CorsAsPlanned[IntegrationResponse0::Template]', 'TenantBaseline-CorsAsPlanned[IntegrationResponse0::TemplateSetsCors]']);
  });

  test('GIVEN an echo appended to the GET /tenants template after the planned one (override) THEN it is reported', () => {
    const { app, stack, api } = controlPlane();
    const method = l1Method(api.adminRouteRoot(), 'GET');
    const planned = (stack.resolve((method as unknown as apigw.CfnMethod).integration) as any).integrationResponses[0].responseTemplates['application/json'];
    method.addPropertyOverride('Integration.IntegrationResponses.0.ResponseTemplates.application/json', `${planned}#set($context.responseOverride.header.Access-Control-Allow-Origin = "https://evil.example")`);
    expect(found(app, 'CorsAsPlanned')).toEqual(['TenantBaseline-CorsAsPlanned[IntegrationResponse0::TemplateSetsCors]']);
  });

  test('GIVEN template code after the planned echo of GET /tenants (override) THEN it is reported', () => {
    const { app, stack, api } = controlPlane();
    const method = l1Method(api.adminRouteRoot(), 'GET');
    const planned = (stack.resolve((method as unknown as apigw.CfnMethod).integration) as any).integrationResponses[0].responseTemplates['application/json'];
    method.addPropertyOverride('Integration.IntegrationResponses.0.ResponseTemplates.application/json', `${planned}#set($h = "Access-" + "Control")`);
    expect(found(app, 'CorsAsPlanned')).toEqual(['TenantBaseline-CorsAsPlanned[IntegrationResponse0::TemplateNotStaticJson]']);
  });

  test("GIVEN another origin in the plan signer's list (L2) THEN it is reported", () => {
    const { app, stack } = controlPlane();
    stack.edge!.signedPlans.planSigner.function.addEnvironment('CORS_ALLOWED_ORIGINS', 'https://admin.example.com,https://evil.example');
    expect(found(app, 'CorsAsPlanned')).toEqual(['TenantBaseline-CorsAsPlanned[CORS_ALLOWED_ORIGINS::https://admin.example.com,https://evil.example]']);
  });
});
