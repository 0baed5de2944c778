import { DEFAULT_TENANT_API_ACCESS, DEFAULT_TENANT_RETENTION, PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 't.json';
const load = (extra: Record<string, unknown>) => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, ...extra }] }, W).tenants[0];
function problemsOf(extra: Record<string, unknown>): readonly string[] {
  try {
    load(extra);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('tenants[].apiAccess (seed 004: API keys per tenant, 10 requests/s per key by default)', () => {
  test('GIVEN no apiAccess THEN one key "initial" and a usage plan of 10 rps, burst 20', () => {
    expect(load({}).apiAccess).toEqual({ keys: ['initial'], active: 'initial', rateLimit: 10, burstLimit: 20 });
    expect(DEFAULT_TENANT_API_ACCESS).toEqual({ keys: ['initial'], active: 'initial', rateLimit: 10, burstLimit: 20 });
  });

  test('GIVEN a rotation overlap and own limits THEN they are kept; one key alone is active without saying so', () => {
    expect(load({ apiAccess: { keys: ['k2026a', 'k2026b'], active: 'k2026b', rateLimit: 50, burstLimit: 100 } }).apiAccess).toEqual({ keys: ['k2026a', 'k2026b'], active: 'k2026b', rateLimit: 50, burstLimit: 100 });
    expect(load({ apiAccess: { keys: ['k2027'] } }).apiAccess).toEqual({ keys: ['k2027'], active: 'k2027', rateLimit: 10, burstLimit: 20 });
  });

  test.each([1, 10000])('GIVEN rateLimit %p (a bound) THEN accepted', (rateLimit) => {
    expect(load({ apiAccess: { rateLimit } }).apiAccess.rateLimit).toBe(rateLimit);
  });

  test.each([
    [{ rateLimit: 0 }, `t.json: 'tenants[0].apiAccess.rateLimit' must be an integer number of requests per second in 1..10000, got 0`],
    [{ rateLimit: 10001 }, `t.json: 'tenants[0].apiAccess.rateLimit' must be an integer number of requests per second in 1..10000, got 10001`],
    [{ rateLimit: 1.5 }, `t.json: 'tenants[0].apiAccess.rateLimit' must be an integer number of requests per second in 1..10000, got 1.5`],
    [{ burstLimit: -1 }, `t.json: 'tenants[0].apiAccess.burstLimit' must be an integer in 1..5000, got -1`],
    [{ burstLimit: 5001 }, `t.json: 'tenants[0].apiAccess.burstLimit' must be an integer in 1..5000, got 5001`],
    [{ rateLimit: '10' }, `t.json: 'tenants[0].apiAccess.rateLimit' must be an integer number of requests per second in 1..10000, got "10"`],
    [{ keys: [] }, `t.json: 'tenants[0].apiAccess.keys' must be one or two distinct key names (a-z, 0-9, -; 1-32 characters; two only during a rotation), got []`],
    [{ keys: ['a', 'b', 'c'] }, `t.json: 'tenants[0].apiAccess.keys' must be one or two distinct key names (a-z, 0-9, -; 1-32 characters; two only during a rotation), got ["a","b","c"]`],
    [{ keys: ['same', 'same'] }, `t.json: 'tenants[0].apiAccess.keys' must be one or two distinct key names (a-z, 0-9, -; 1-32 characters; two only during a rotation), got ["same","same"]`],
    [{ keys: ['Upper'] }, `t.json: 'tenants[0].apiAccess.keys' must be one or two distinct key names (a-z, 0-9, -; 1-32 characters; two only during a rotation), got ["Upper"]`],
    [{ keys: ['a', 'b'] }, `t.json: 'tenants[0].apiAccess.active' must name one of the keys (a, b), got "initial"`],
    [{ keys: ['a', 'b'], active: 'c' }, `t.json: 'tenants[0].apiAccess.active' must name one of the keys (a, b), got "c"`],
    [{ rate: 10 }, `t.json: 'tenants[0].apiAccess.rate' must not be present: unknown key (allowed here: keys, active, rateLimit, burstLimit), got 10`],
  ])('GIVEN apiAccess %j THEN a named error', (apiAccess, message) => {
    expect(problemsOf({ apiAccess })).toEqual([message]);
  });

  test('GIVEN several bad fields THEN every problem is reported at once', () => {
    expect(problemsOf({ apiAccess: { rateLimit: 0, burstLimit: 0 } })).toHaveLength(2);
    expect(problemsOf({ apiAccess: 'on' })).toEqual([`t.json: 'tenants[0].apiAccess' must be an object with keys, active, rateLimit and burstLimit, got "on"`]);
  });
});

describe('tenants[].retention (seed 004: transient data kept 24 hours, configurable)', () => {
  test('GIVEN no retention THEN 24 hours', () => {
    expect(load({}).retention).toEqual({ transientHours: 24 });
    expect(DEFAULT_TENANT_RETENTION).toEqual({ transientHours: 24 });
  });

  test.each([1, 36, 2160])('GIVEN transientHours %p (in bounds) THEN kept', (transientHours) => {
    expect(load({ retention: { transientHours } }).retention).toEqual({ transientHours });
  });

  test.each([0, -1, 2161, 1.5, '24'])('GIVEN transientHours %p THEN a named error', (transientHours) => {
    expect(problemsOf({ retention: { transientHours } })).toEqual([`t.json: 'tenants[0].retention.transientHours' must be an integer number of hours in 1..2160 (how long transient records are kept), got ${JSON.stringify(transientHours)}`]);
  });

  test('GIVEN an unknown retention key or not an object THEN a named error', () => {
    expect(problemsOf({ retention: { days: 1 } })).toEqual([`t.json: 'tenants[0].retention.days' must not be present: unknown key (allowed here: transientHours), got 1`]);
    expect(problemsOf({ retention: 24 })).toEqual([`t.json: 'tenants[0].retention' must be an object with transientHours, got 24`]);
  });
});
