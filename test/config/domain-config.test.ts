/**
 * controlPlane.domain: a hosted zone (id and name) and the API's name in it, validated before any stack is built; every
 * bad value is a named error (field, rule, value).
 */
import { DEFAULT_API_HOST_LABEL, PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { DNS_NAME_MAX_LENGTH } from '../../lib/config/validate-domain';
import { TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 'c.json';
const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const ZONE = { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' };
const load = (domain: unknown, identityProvider: unknown = IDP) =>
  validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', ...(identityProvider ? { identityProvider } : {}), domain }, tenants: [] }, W);
function problemsOf(domain: unknown, identityProvider: unknown = IDP): readonly string[] {
  try {
    load(domain, identityProvider);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.problems;
    throw error;
  }
  return [];
}
const NAME_RULE = 'be a DNS name of at least two labels, each 1..63 lower-case letters, digits or hyphens, not starting or ending with a hyphen, without a trailing dot (RFC 1035)';

describe('controlPlane.domain', () => {
  test('GIVEN no domain THEN the control plane has none (the API keeps its execute-api URL)', () => {
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP }, tenants: [] }, W);
    expect(config.controlPlane.domain).toBeUndefined();
  });

  test('GIVEN a zone without apiName THEN the API is named api.<zone>', () => {
    expect(DEFAULT_API_HOST_LABEL).toBe('api');
    expect(load(ZONE).controlPlane.domain).toEqual({ ...ZONE, apiName: 'api.example.com' });
  });

  test('GIVEN an apiName inside the zone, or the zone apex THEN it is kept', () => {
    expect(load({ ...ZONE, apiName: 'control.eu.example.com' }).controlPlane.domain!.apiName).toBe('control.eu.example.com');
    expect(load({ ...ZONE, apiName: 'example.com' }).controlPlane.domain!.apiName).toBe('example.com');
  });

  test('GIVEN a domain without a hosted zone id THEN a named error says the domain needs its hosted zone', () => {
    expect(problemsOf({ zoneName: 'example.com' })).toEqual([
      `${W}: 'controlPlane.domain.hostedZoneId' must be a Route 53 hosted zone id: 'Z' then upper-case letters or digits, at most 32 characters (a domain needs its hosted zone), got nothing`,
    ]);
  });

  test.each([
    ['z0example', '"z0example"'],
    ['Z', '"Z"'],
    ['/hostedzone/Z0EXAMPLE', '"/hostedzone/Z0EXAMPLE"'],
    [`Z${'A'.repeat(32)}`, `"Z${'A'.repeat(32)}"`],
    [42, '42'],
  ])('GIVEN the hosted zone id %p THEN it is refused with a named error', (id, shown) => {
    expect(problemsOf({ ...ZONE, hostedZoneId: id })).toEqual([
      `${W}: 'controlPlane.domain.hostedZoneId' must be a Route 53 hosted zone id: 'Z' then upper-case letters or digits, at most 32 characters (a domain needs its hosted zone), got ${shown}`,
    ]);
  });

  test.each([
    ['Example.com', NAME_RULE],
    ['example.com.', NAME_RULE],
    ['com', NAME_RULE],
    ['-bad.example.com', NAME_RULE],
    ['bad-.example.com', NAME_RULE],
    ['a..example.com', NAME_RULE],
    ['under_score.example.com', NAME_RULE],
    [`${'a'.repeat(64)}.example.com`, NAME_RULE],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.com`, `be a DNS name of at most ${DNS_NAME_MAX_LENGTH} characters (RFC 1035)`],
  ])('GIVEN the zone name %p THEN it is refused with a named error', (zoneName, rule) => {
    expect(problemsOf({ ...ZONE, zoneName })).toEqual([`${W}: 'controlPlane.domain.zoneName' must ${rule}, got ${JSON.stringify(zoneName).length > 80 ? `${JSON.stringify(zoneName).slice(0, 77)}...` : JSON.stringify(zoneName)}`]);
  });

  test('GIVEN the longest names RFC 1035 allows (labels of 63, 253 characters in all) THEN they are accepted', () => {
    const zoneName = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    const apiName = `${'a'.repeat(63)}.${zoneName}`;
    expect(zoneName.length).toBe(253 - 64);
    expect(apiName.length).toBe(DNS_NAME_MAX_LENGTH);
    expect(load({ ...ZONE, zoneName, apiName }).controlPlane.domain!.apiName).toBe(apiName);
  });

  test.each([
    ['api.example.org', `be example.com or a name inside it (ending in .example.com): the certificate is validated and the alias created in that zone`],
    ['apiexample.com', `be example.com or a name inside it (ending in .example.com): the certificate is validated and the alias created in that zone`],
    ['*.example.com', NAME_RULE],
    ['API.example.com', NAME_RULE],
  ])('GIVEN the API name %p THEN it is refused with a named error', (apiName, rule) => {
    expect(problemsOf({ ...ZONE, apiName })).toEqual([`${W}: 'controlPlane.domain.apiName' must ${rule}, got ${JSON.stringify(apiName)}`]);
  });

  test('GIVEN a domain without an identity provider THEN a named error says there is no API to serve on it', () => {
    expect(problemsOf(ZONE, null)).toEqual([
      `${W}: 'controlPlane.domain' must be set only with controlPlane.identityProvider (without it there is no API to serve on the domain), got {"hostedZoneId":"Z0EXAMPLE00000000000","zoneName":"example.com"}`,
    ]);
  });

  test('GIVEN a domain that is not an object, or has an unknown key THEN each is a named error', () => {
    expect(problemsOf('api.example.com')).toEqual([`${W}: 'controlPlane.domain' must be an object with hostedZoneId and zoneName, got "api.example.com"`]);
    expect(problemsOf({ ...ZONE, certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' })).toEqual([
      `${W}: 'controlPlane.domain.certificateArn' must not be present: unknown key (allowed here: hostedZoneId, zoneName, apiName), got "arn:aws:acm:eu-west-1:111122223333:certificate/x"`,
    ]);
  });

  test('GIVEN every field wrong at once THEN every problem is reported together', () => {
    expect(problemsOf({ hostedZoneId: 'nope', zoneName: 'Example.com', apiName: 'x' })).toHaveLength(3);
  });
});
