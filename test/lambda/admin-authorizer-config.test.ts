import { ADMIN_AUTHORIZER_ENV as E } from '../../contracts/environment';
import { verifierOptionsFromEnv } from '../../lambda/admin-authorizer/config';

const base = { [E.jwksUrl]: 'https://idp.example.com/jwks.json', [E.issuer]: 'https://idp.example.com/', [E.audience]: 'admin' };

describe('admin authorizer configuration from the environment', () => {
  test('GIVEN only the required variables THEN the secure defaults', () => {
    expect(verifierOptionsFromEnv(base)).toEqual({
      jwksUrl: base[E.jwksUrl], issuer: base[E.issuer], audience: 'admin',
      jwksMaxAgeSeconds: 300, requireMfa: true, allowedEmailDomains: [], maxTokenLifetimeSeconds: 3600, maxAuthAgeSeconds: 43_200, ciCdGroup: undefined,
    });
  });

  test('GIVEN every variable set THEN each is read', () => {
    const env = { ...base, [E.jwksMaxAgeSeconds]: '120', [E.requireMfa]: 'false', [E.allowedEmailDomains]: 'example.com, Example.org', [E.maxTokenLifetimeSeconds]: '900', [E.maxAuthAgeSeconds]: '3600', [E.ciCdGroup]: ' platform-ci ' };
    expect(verifierOptionsFromEnv(env)).toMatchObject({ jwksMaxAgeSeconds: 120, requireMfa: false, allowedEmailDomains: ['example.com', 'Example.org'], maxTokenLifetimeSeconds: 900, maxAuthAgeSeconds: 3600, ciCdGroup: 'platform-ci' });
  });

  test.each([
    [E.requireMfa, 'yes', `environment: '${E.requireMfa}' must be true or false, got yes`],
    [E.requireMfa, '', `environment: '${E.requireMfa}' must be true or false, got an empty string`],
    [E.jwksMaxAgeSeconds, '5', `environment: '${E.jwksMaxAgeSeconds}' must be an integer in 30..3600, got 5`],
    [E.maxTokenLifetimeSeconds, '1h', `environment: '${E.maxTokenLifetimeSeconds}' must be an integer in 60..86400, got 1h`],
    [E.maxAuthAgeSeconds, '604801', `environment: '${E.maxAuthAgeSeconds}' must be an integer in 60..604800, got 604801`],
    [E.jwksUrl, 'http://idp.example.com/jwks.json', `environment: '${E.jwksUrl}' must be an https URL (http only to a loopback address) without credentials, got http://idp.example.com/jwks.json`],
    [E.allowedEmailDomains, 'example.com,@evil,*.example.com', `environment: '${E.allowedEmailDomains}' must be DNS domain names, got @evil, *.example.com`],
  ])('GIVEN %s=%j THEN a ConfigurationError naming the variable, the rule and the value', (name, value, message) => {
    expect(() => verifierOptionsFromEnv({ ...base, [name]: value })).toThrow(expect.objectContaining({ name: 'ConfigurationError', message }));
  });
});
