/** Per-route throttling (seed 000: per-endpoint rate limits): configuration, the stage's method settings, the gate. */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_THROTTLING, PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { DEFAULT_ROUTE_THROTTLES, THROTTLE_BOUNDS } from '../../lib/config/throttle-plan';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';
import { findingsOf, PACK } from '../helpers/pack';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const load = (throttling: unknown) => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, throttling }, tenants: [{ id: 'acme', number: 0 }] }, 'c.json');
function problemsOf(throttling: unknown): readonly string[] {
  try {
    load(throttling);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.problems;
    throw error;
  }
  return [];
}
const methodSettings = (throttling?: unknown) => {
  const config = throttling === undefined ? validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP }, tenants: [] }) : load(throttling);
  const t = Template.fromStack(controlPlaneOf(config));
  return Object.values(resourcesOfType(t, 'AWS::ApiGateway::Stage'))[0].Properties!.MethodSettings as any[];
};
const limitOf = (settings: any[], path: string, method: string) => settings.find((s) => s.ResourcePath === path && s.HttpMethod === method);

describe('throttling configuration', () => {
  test('GIVEN nothing THEN 100 rps / 200 burst for the stage and the route defaults', () => {
    expect(validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] }).controlPlane.throttling).toEqual({ rateLimit: 100, burstLimit: 200, routes: DEFAULT_ROUTE_THROTTLES });
  });

  test('GIVEN a route limit THEN it is added to (or replaces) the defaults; a partial one keeps the other default', () => {
    expect(load({ routes: { 'POST /heartbeats': { rateLimit: 50, burstLimit: 100 }, 'GET /health-check': { rateLimit: 5 } } }).controlPlane.throttling.routes).toEqual({
      ...DEFAULT_ROUTE_THROTTLES,
      'POST /heartbeats': { rateLimit: 50, burstLimit: 100 },
      'GET /health-check': { rateLimit: 5, burstLimit: 20 },
    });
  });

  test.each([
    [{ rateLimit: 0 }, `c.json: 'controlPlane.throttling.rateLimit' must be an integer number of requests per second in 1..10000, got 0`],
    [{ rateLimit: 1.5 }, `c.json: 'controlPlane.throttling.rateLimit' must be an integer number of requests per second in 1..10000, got 1.5`],
    [{ burstLimit: THROTTLE_BOUNDS.burstLimit.max + 1 }, `c.json: 'controlPlane.throttling.burstLimit' must be an integer in 1..5000, got 5001`],
    [{ routes: { 'DELETE /tenants': { rateLimit: 1 } } }, `c.json: 'controlPlane.throttling.routes["DELETE /tenants"]' must name a route of the API (GET /health-check, GET /tenants, POST /tenants/{tenantId}/plans, GET /.well-known/jwks.json, POST /heartbeats, POST /tenants/{tenantId}/erasure, POST /tenants/{tenantId}/erasure/{requestId}/confirm), got "DELETE /tenants"`],
    [{ routes: { 'POST /heartbeats': { rateLimit: 10001 } } }, `c.json: 'controlPlane.throttling.routes["POST /heartbeats"].rateLimit' must be an integer number of requests per second in 1..10000, got 10001`],
    [{ routes: { 'POST /heartbeats': 50 } }, `c.json: 'controlPlane.throttling.routes["POST /heartbeats"]' must be an object with rateLimit and burstLimit, got 50`],
    [{ rate: 5 }, `c.json: 'controlPlane.throttling.rate' must not be present: unknown key (allowed here: rateLimit, burstLimit, routes), got 5`],
  ])('GIVEN %p THEN a named error', (throttling, message) => {
    expect(problemsOf(throttling)).toEqual([message]);
  });

  test('boundaries: 1 and 10000 rps, 1 and 5000 burst are accepted', () => {
    expect(problemsOf({ rateLimit: 1, burstLimit: 1 })).toEqual([]);
    expect(problemsOf({ rateLimit: 10000, burstLimit: 5000 })).toEqual([]);
  });
});

describe('the stage method settings', () => {
  test('THEN the stage-wide entry and one per default route, each logging errors without bodies', () => {
    const settings = methodSettings();
    expect(settings).toHaveLength(1 + Object.keys(DEFAULT_THROTTLING.routes).length);
    expect(limitOf(settings, '/*', '*')).toEqual(expect.objectContaining({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }));
    expect(limitOf(settings, '/~1health-check', 'GET')).toEqual({ ResourcePath: '/~1health-check', HttpMethod: 'GET', ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20, LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true });
    expect(limitOf(settings, '/~1tenants~1{tenantId}~1plans', 'POST')).toEqual(expect.objectContaining({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 }));
    for (const s of settings) expect(s).toEqual(expect.objectContaining({ LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true }));
  });

  test('GIVEN a configured route THEN its own limit', () => {
    expect(limitOf(methodSettings({ routes: { 'POST /heartbeats': { rateLimit: 50, burstLimit: 100 } } }), '/~1heartbeats', 'POST')).toEqual(expect.objectContaining({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }));
  });
});

describe('ApiThrottlingAsPlanned', () => {
  function stage() {
    const app = testApp();
    const cp = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: PACK.CONFIG.controlPlane, tenantIds: ['acme'] });
    const cfnStage = cp.edge!.adminApi.api.api.deploymentStage.node.defaultChild as CfnResource;
    return { app, cfnStage, ids: () => findingsOf(app, 'ApiThrottlingAsPlanned').map((f) => f.split(' @ ')[0]) };
  }

  test('GIVEN the shipped stage THEN compliant', () => {
    const { ids, app } = stage();
    expect(ids()).toEqual([]);
    expect(findingsOf(app, 'ApiThrottlingAsPlanned')).toEqual([]);
  });

  test("GIVEN the health check's limit raised and the plan route's body logging switched on (overrides) THEN both are reported", () => {
    const { cfnStage, ids } = stage();
    cfnStage.addPropertyOverride('MethodSettings.1.ThrottlingRateLimit', 10000);
    cfnStage.addPropertyOverride('MethodSettings.3.DataTraceEnabled', true);
    expect(ids().sort()).toEqual([
      expect.stringMatching(/^TenantBaseline-ApiThrottlingAsPlanned\[MethodSettings::\/~1health-check GET::.*"ThrottlingRateLimit":10000/),
      expect.stringMatching(/^TenantBaseline-ApiThrottlingAsPlanned\[MethodSettings::\/~1tenants~1\{tenantId\}~1plans POST::.*"DataTraceEnabled":true/),
    ]);
  });

  test('GIVEN the route entries replaced by an unplanned one (override) THEN each missing and the extra one are reported', () => {
    const { cfnStage, ids } = stage();
    cfnStage.addPropertyOverride('MethodSettings', [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true }, { ResourcePath: '/~1tenants', HttpMethod: 'GET', ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 5000 }]);
    expect(ids().sort()).toEqual([
      'TenantBaseline-ApiThrottlingAsPlanned[MethodSettings::/~1.well-known~1jwks.json GET::missing]',
      'TenantBaseline-ApiThrottlingAsPlanned[MethodSettings::/~1health-check GET::missing]',
      'TenantBaseline-ApiThrottlingAsPlanned[MethodSettings::/~1tenants GET::unplanned]',
      'TenantBaseline-ApiThrottlingAsPlanned[MethodSettings::/~1tenants~1{tenantId}~1plans POST::missing]',
    ]);
  });
});
