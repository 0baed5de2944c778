/**
 * The admin identity controls and the JWKS trust bounds, from the configuration to the handlers: validated with named
 * errors, written into the functions' environment, and read back by the handlers' own environment parsers (the code
 * that runs in Lambda), so a field the configuration accepts is one the authorizer enforces.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { verifierOptionsFromEnv } from '../../lambda/admin-authorizer/config';
import { PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';

const W = 'test.json';
const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };

function problemsOf(identityProvider: Record<string, unknown>, planSigning?: Record<string, unknown>): string[] {
  try {
    validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: { ...IDP, ...identityProvider }, ...(planSigning ? { planSigning } : {}) }, tenants: [] }, W);
    return [];
  } catch (error) {
    if (error instanceof PlatformConfigError) {
      return [...error.problems];
    }
    throw error;
  }
}

/** The environment of the synthesized function whose service name is `service`. */
function environmentOf(template: Template, service: string): Record<string, string> {
  const fn = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).find((f) => f.Properties!.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service);
  return fn!.Properties!.Environment.Variables;
}

describe('identity provider controls', () => {
  test('GIVEN only the provider THEN the secure defaults: MFA required, 1 h tokens, 12 h sessions, keys trusted 5 minutes, no ci-cd role', () => {
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP }, tenants: [] }, W);
    expect(config.controlPlane.identityProvider).toEqual({ ...IDP, requireMfa: true, allowedEmailDomains: [], maxTokenLifetimeSeconds: 3600, maxAuthAgeSeconds: 43_200, jwksMaxAgeSeconds: 300 });
    expect(config.controlPlane.planSigning.jwksMaxAgeSeconds).toBe(300);
  });

  test('GIVEN every kind of bad control THEN each is named with its field, rule and value, all at once', () => {
    expect(
      problemsOf(
        { requireMfa: 'yes', allowedEmailDomains: ['example.com', 'not a domain'], maxTokenLifetimeSeconds: 86_401, maxAuthAgeSeconds: 59, jwksMaxAgeSeconds: 3601, ciCdGroup: 'platform-admins', mfa: true },
        { keys: ['initial'], active: 'initial', jwksMaxAgeSeconds: 10 },
      ),
    ).toEqual([
      `${W}: 'controlPlane.planSigning.jwksMaxAgeSeconds' must be an integer number of seconds in 30..3600 (the bound on revoking a signing key), got 10`,
      `${W}: 'controlPlane.identityProvider.mfa' must not be present: unknown key (allowed here: jwksUrl, issuer, audience, requireMfa, allowedEmailDomains, maxTokenLifetimeSeconds, maxAuthAgeSeconds, jwksMaxAgeSeconds, ciCdGroup), got true`,
      `${W}: 'controlPlane.identityProvider.requireMfa' must be true or false, got "yes"`,
      `${W}: 'controlPlane.identityProvider.allowedEmailDomains[1]' must be a DNS domain name like example.com, got "not a domain"`,
      `${W}: 'controlPlane.identityProvider.maxTokenLifetimeSeconds' must be an integer number of seconds in 60..86400, got 86401`,
      `${W}: 'controlPlane.identityProvider.maxAuthAgeSeconds' must be an integer number of seconds in 60..604800, got 59`,
      `${W}: 'controlPlane.identityProvider.jwksMaxAgeSeconds' must be an integer number of seconds in 30..3600, got 3601`,
      `${W}: 'controlPlane.identityProvider.ciCdGroup' must be a group name that grants no human role (not platform-viewers, platform-deployers, platform-ops, platform-admins), got "platform-admins"`,
    ]);
  });

  test('GIVEN controls in the configuration THEN the synthesized authorizer environment carries each, and the authorizer reads back exactly them', () => {
    const controls = { requireMfa: false, allowedEmailDomains: ['example.com', 'ops.example.org'], maxTokenLifetimeSeconds: 900, maxAuthAgeSeconds: 3600, jwksMaxAgeSeconds: 120, ciCdGroup: 'pipelines' };
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: { ...IDP, ...controls }, planSigning: { keys: ['initial'], active: 'initial', jwksMaxAgeSeconds: 60 } }, tenants: [{ id: 'acme', number: 0 }] }, W);
    const stacks = buildPlatform(testApp(), config);
    const env = environmentOf(Template.fromStack(stacks.controlPlane!), 'admin-authorizer');
    expect(verifierOptionsFromEnv(env)).toEqual({ jwksUrl: IDP.jwksUrl, issuer: IDP.issuer, audience: IDP.audience, ...controls });
    expect(environmentOf(Template.fromStack(stacks.tenants[0]), 'plan-verifier').JWKS_MAX_AGE_SECONDS).toBe('60');
  });

  test('GIVEN the defaults THEN every control is written out (none left to the handler\'s fallback) and reads back as the defaults', () => {
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP }, tenants: [] }, W);
    const env = environmentOf(Template.fromStack(controlPlaneOf(config)), 'admin-authorizer');
    expect(env).toMatchObject({ REQUIRE_MFA: 'true', MAX_TOKEN_LIFETIME_SECONDS: '3600', MAX_AUTH_AGE_SECONDS: '43200', JWKS_MAX_AGE_SECONDS: '300' });
    expect(env).not.toHaveProperty('CI_CD_GROUP');
    expect(verifierOptionsFromEnv(env)).toMatchObject({ requireMfa: true, allowedEmailDomains: [], ciCdGroup: undefined });
  });
});
