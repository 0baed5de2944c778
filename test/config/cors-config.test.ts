import { CORS_MAX_ORIGINS, DEFAULT_CORS, PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { isHttpsOrigin } from '../../lib/config/validate-cors';
import { TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 'c.json';
const load = (cors: unknown) => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', cors }, tenants: [] }, W);
function problemsOf(cors: unknown): readonly string[] {
  try {
    load(cors);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('controlPlane.cors', () => {
  test('GIVEN no cors section THEN CORS is deny-all: no origin allowed', () => {
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] }, W);
    expect(config.controlPlane.cors).toEqual({ allowedOrigins: [] });
    expect(DEFAULT_CORS.allowedOrigins).toEqual([]);
  });

  test('GIVEN https origins, with and without a port THEN they are kept as written', () => {
    expect(load({ allowedOrigins: ['https://admin.example.com', 'https://ops.example.com:8443'] }).controlPlane.cors).toEqual({ allowedOrigins: ['https://admin.example.com', 'https://ops.example.com:8443'] });
  });

  test.each([
    ['*', `c.json: 'controlPlane.cors.allowedOrigins[0]' must name one origin exactly: a wildcard would let any site read admin responses, got "*"`],
    ['https://*.example.com', `c.json: 'controlPlane.cors.allowedOrigins[0]' must name one origin exactly: a wildcard would let any site read admin responses, got "https://*.example.com"`],
    ['http://admin.example.com', `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got "http://admin.example.com"`],
    ['https://admin.example.com/', `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got "https://admin.example.com/"`],
    ['https://admin.example.com/app', `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got "https://admin.example.com/app"`],
    ['https://Admin.example.com', `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got "https://Admin.example.com"`],
    ['https://admin.example.com:443', `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got "https://admin.example.com:443"`],
    ['null', `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got "null"`],
    [42, `c.json: 'controlPlane.cors.allowedOrigins[0]' must be an https origin, https://host[:port] in lowercase with no path, query or trailing slash, got 42`],
  ])('GIVEN the origin %p THEN it is refused with a named error', (origin, message) => {
    expect(problemsOf({ allowedOrigins: [origin] })).toEqual([message]);
  });

  test('GIVEN an origin twice, too many origins, a non-list or an unknown key THEN each is a named error', () => {
    expect(problemsOf({ allowedOrigins: ['https://a.example.com', 'https://a.example.com'] })).toEqual([`c.json: 'controlPlane.cors.allowedOrigins[1]' must appear once, got "https://a.example.com"`]);
    const many = Array.from({ length: CORS_MAX_ORIGINS + 1 }, (_, i) => `https://a${i}.example.com`);
    expect(problemsOf({ allowedOrigins: many })[0]).toMatch(/^c\.json: 'controlPlane\.cors\.allowedOrigins' must be an array of at most 10 https origins, got /);
    expect(problemsOf({ allowedOrigins: 'https://a.example.com' })).toEqual([`c.json: 'controlPlane.cors.allowedOrigins' must be an array of at most 10 https origins, got "https://a.example.com"`]);
    expect(problemsOf({ allowedOrigins: [], allowCredentials: true })).toEqual([`c.json: 'controlPlane.cors.allowCredentials' must not be present: unknown key (allowed here: allowedOrigins), got true`]);
    expect(problemsOf('https://a.example.com')).toEqual([`c.json: 'controlPlane.cors' must be an object with allowedOrigins, got "https://a.example.com"`]);
  });

  test.each([
    ['https://a.example.com:1', true],
    ['https://a.example.com:65535', true],
    ['https://a.example.com:65536', false],
    ['https://a.example.com:0', false],
    ['https://a.example.com:08443', false],
    ['https://a-.example.com', false],
    ['https://a.example.com?x=1', false],
    ['https://user@a.example.com', false],
  ])('boundary: isHttpsOrigin(%p) is %p', (origin, expected) => {
    expect(isHttpsOrigin(origin)).toBe(expected);
  });
});
