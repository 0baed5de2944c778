/**
 * controlPlane.privateAdminApi: the VPN ranges that may reach the private admin API, validated before any stack is
 * built; every bad value is a named error (field, rule, value). And the plan that follows from it: which routes are on
 * which API, which stage carries which throttle entry, and the private subnets' ACL entries for the VPN.
 */
import { PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { controlPlaneFirewallSpecs } from '../../lib/config/control-plane-firewall';
import { plannedApiOf, throttledRoutesOn, visibilityOfApiName, PRIVATE_ADMIN_API_NAME, MAX_PRIVATE_ADMIN_CIDRS } from '../../lib/config/private-admin-api-plan';
import { DEFAULT_THROTTLING } from '../../lib/config/defaults';
import { CONTROL_PLANE_API_NAME } from '../../lib/naming';
import { TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 'c.json';
const AT = 'controlPlane.privateAdminApi';
const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const raw = (privateAdminApi: unknown, extra: Record<string, unknown> = { identityProvider: IDP }) => ({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', ...extra, privateAdminApi }, tenants: [] });
function problemsOf(privateAdminApi: unknown, extra?: Record<string, unknown>): readonly string[] {
  try {
    validatePlatformConfig(raw(privateAdminApi, extra), W);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.problems;
    throw error;
  }
  return [];
}
const problem = (field: string, rule: string, value: string) => `${W}: '${field}' must ${rule}, got ${value}`;

describe('controlPlane.privateAdminApi', () => {
  test('GIVEN no privateAdminApi THEN the configuration has none; GIVEN VPN ranges THEN they are kept as given', () => {
    expect(validatePlatformConfig(raw(undefined), W).controlPlane.privateAdminApi).toBeUndefined();
    expect(validatePlatformConfig(raw({ allowedCidrs: ['10.8.0.0/22', '192.168.50.0/24'] }), W).controlPlane.privateAdminApi).toEqual({ allowedCidrs: ['10.8.0.0/22', '192.168.50.0/24'] });
  });

  test('GIVEN a private admin API and a custom domain THEN both are kept (the domain serves the public API)', () => {
    const config = validatePlatformConfig(raw({ allowedCidrs: ['10.8.0.0/22'] }, { identityProvider: IDP, domain: { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' } }), W);
    expect(config.controlPlane.domain?.apiName).toBe('api.example.com');
    expect(config.controlPlane.privateAdminApi).toEqual({ allowedCidrs: ['10.8.0.0/22'] });
  });

  test('GIVEN no identity provider THEN it is refused by name', () => {
    expect(problemsOf({ allowedCidrs: ['10.8.0.0/22'] }, {})).toEqual([problem(AT, 'be set only with controlPlane.identityProvider (without it there is no admin API to make private)', '{"allowedCidrs":["10.8.0.0/22"]}')]);
  });

  test.each([
    { value: [], shown: '[]' },
    { value: ['10.8.0.0/24', '10.8.1.0/24', '10.8.2.0/24', '10.8.3.0/24', '10.8.4.0/24', '10.8.5.0/24'], shown: '["10.8.0.0/24","10.8.1.0/24","10.8.2.0/24","10.8.3.0/24","10.8.4.0/24","10.8....' },
    { value: '10.8.0.0/22', shown: '"10.8.0.0/22"' },
    { value: undefined, shown: 'nothing' },
  ])('GIVEN allowedCidrs $shown THEN the list is refused', ({ value, shown }) => {
    expect(problemsOf({ allowedCidrs: value })).toEqual([problem(`${AT}.allowedCidrs`, `be a list of 1..${MAX_PRIVATE_ADMIN_CIDRS} IPv4 CIDR blocks (the VPN's address ranges)`, shown)]);
  });

  test.each([
    { entry: '172.15.0.0/16', rule: 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16' },
    { entry: '203.0.113.0/24', rule: 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16' },
    { entry: '10.100.0.0/16', rule: 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255 (the control plane admits nothing from there)' },
    { entry: '10.96.0.0/11', rule: 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255 (the control plane admits nothing from there)' },
    { entry: '10.8.0.1/22', rule: 'have no host bits set (did you mean 10.8.0.0/22?)' },
  ])('GIVEN the range $entry THEN it is refused: $rule', ({ entry, rule }) => {
    expect(problemsOf({ allowedCidrs: [entry] })).toEqual([problem(`${AT}.allowedCidrs[0]`, rule, JSON.stringify(entry))]);
  });

  test('GIVEN 0.0.0.0/0 THEN it is refused as public and as covering the tenant address space', () => {
    expect(problemsOf({ allowedCidrs: ['0.0.0.0/0'] })).toEqual([
      problem(`${AT}.allowedCidrs[0]`, 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16', '"0.0.0.0/0"'),
      problem(`${AT}.allowedCidrs[0]`, 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255 (the control plane admits nothing from there)', '"0.0.0.0/0"'),
    ]);
  });

  test('GIVEN a repeated range, an unknown key, and a range outside the WAF allow list THEN each is reported', () => {
    expect(problemsOf({ allowedCidrs: ['10.8.0.0/22', '10.8.0.0/22'] })).toEqual([problem(`${AT}.allowedCidrs[1]`, 'not repeat an earlier entry', '"10.8.0.0/22"')]);
    expect(problemsOf({ allowedCidrs: ['10.8.0.0/22'], sourceVpc: 'vpc-1' })).toEqual([expect.stringContaining(`'${AT}.sourceVpc' must not be present: unknown key`)]);
    const waf = { identityProvider: IDP, waf: { allowList: ['10.8.0.0/16', '198.51.100.0/24'] } };
    expect(problemsOf({ allowedCidrs: ['10.8.4.0/22'] }, waf)).toEqual([]);
    expect(problemsOf({ allowedCidrs: ['172.16.0.0/22'] }, waf)).toEqual([problem(`${AT}.allowedCidrs[0]`, 'lie inside controlPlane.waf.allowList (the web ACL in front of both APIs would block the VPN otherwise)', '"172.16.0.0/22"')]);
  });
});

describe('the private admin API plan', () => {
  const VPN = { allowedCidrs: ['10.8.0.0/22'] };

  test('GIVEN a private admin API THEN the data-plane routes stay public and every other route (admin, CORS preflight) is private; without it all are public', () => {
    expect(['GET /health-check', 'GET /.well-known/jwks.json', 'POST /heartbeats'].map((r) => plannedApiOf(r.split(' ')[0], r.split(' ')[1], VPN))).toEqual(['public', 'public', 'public']);
    expect(['GET /tenants', 'POST /tenants/{tenantId}/plans', 'OPTIONS /tenants', 'GET /tenants/{tenantId}/exports/{exportId}'].map((r) => plannedApiOf(r.split(' ')[0], r.split(' ')[1], VPN))).toEqual(['private', 'private', 'private', 'private']);
    expect(plannedApiOf('GET', '/tenants', undefined)).toBe('public');
    expect(visibilityOfApiName(CONTROL_PLANE_API_NAME, VPN)).toBe('public');
    expect(visibilityOfApiName(PRIVATE_ADMIN_API_NAME, VPN)).toBe('private');
    expect(visibilityOfApiName(PRIVATE_ADMIN_API_NAME, undefined)).toBeUndefined();
  });

  test('GIVEN the default route limits THEN each stage carries the limits of its own routes only', () => {
    expect(Object.keys(throttledRoutesOn('public', DEFAULT_THROTTLING, VPN)).sort()).toEqual(['GET /.well-known/jwks.json', 'GET /health-check']);
    expect(Object.keys(throttledRoutesOn('private', DEFAULT_THROTTLING, VPN))).toEqual(['POST /tenants/{tenantId}/plans']);
    expect(throttledRoutesOn('public', DEFAULT_THROTTLING, undefined)).toEqual(DEFAULT_THROTTLING.routes);
  });

  test('GIVEN VPN ranges THEN the private tier admits 443 from each and answers on the ephemeral ports, before the tenant rules; other tiers are unchanged', () => {
    const without = controlPlaneFirewallSpecs('10.0.0.0/16');
    const withVpn = controlPlaneFirewallSpecs('10.0.0.0/16', ['10.8.0.0/22', '192.168.50.0/24']);
    expect(withVpn.private.inbound.slice(2, 4)).toEqual([
      { action: 'allow', cidr: '10.8.0.0/22', tcpPorts: { from: 443, to: 443 }, name: 'AllowVpnHttpsToAdminEndpoint0' },
      { action: 'allow', cidr: '192.168.50.0/24', tcpPorts: { from: 443, to: 443 }, name: 'AllowVpnHttpsToAdminEndpoint1' },
    ]);
    expect(withVpn.private.outbound.slice(2, 4)).toEqual([
      { action: 'allow', cidr: '10.8.0.0/22', tcpPorts: { from: 1024, to: 65535 }, name: 'AllowReturnTrafficToVpn0' },
      { action: 'allow', cidr: '192.168.50.0/24', tcpPorts: { from: 1024, to: 65535 }, name: 'AllowReturnTrafficToVpn1' },
    ]);
    expect([...withVpn.private.inbound.slice(0, 2), ...withVpn.private.inbound.slice(4)]).toEqual(without.private.inbound);
    expect({ public: withVpn.public, transit: withVpn.transit }).toEqual({ public: without.public, transit: without.transit });
    // The default ACL quota is 20 entries per direction: the most VPN ranges still fit.
    const most = controlPlaneFirewallSpecs('10.0.0.0/16', Array.from({ length: MAX_PRIVATE_ADMIN_CIDRS }, (_, i) => `10.8.${i}.0/24`));
    expect(Math.max(most.private.inbound.length, most.private.outbound.length)).toBeLessThanOrEqual(20);
  });
});
