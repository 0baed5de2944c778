import { PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 'test.json';
const IDP = { jwksUrl: 'https://idp.example.com/jwks.json', issuer: 'https://idp.example.com/', audience: 'tb' };
const HASH = 'a'.repeat(64);

function problemsOf(sidecar: unknown, controlPlane: Record<string, unknown> = { cidr: '10.0.0.0/16', identityProvider: IDP }): string[] {
  try {
    validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane, tenants: [], sidecar }, W);
    return [];
  } catch (error) {
    if (error instanceof PlatformConfigError) {
      return [...error.problems];
    }
    throw error;
  }
}

describe('sidecar configuration', () => {
  test('GIVEN releases and the active one THEN they are kept and the Object Lock retention defaults to 365 days', () => {
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP }, tenants: [], sidecar: { releases: [{ version: '1.4.0', sha256: HASH }], active: '1.4.0' } }, W);
    expect(config.sidecar).toEqual({ releases: [{ version: '1.4.0', sha256: HASH }], active: '1.4.0', retentionDays: 365 });
  });

  test('GIVEN no sidecar section THEN the configuration has none (no release store, no user data)', () => {
    expect(validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] }, W).sidecar).toBeUndefined();
  });

  test('GIVEN a sidecar without an identity provider THEN it is refused: its heartbeats and alarms live on the edge', () => {
    const problems = problemsOf({ releases: [{ version: '1.4.0', sha256: HASH }], active: '1.4.0' }, { cidr: '10.0.0.0/16' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^test\.json: 'sidecar' must be set only with controlPlane\.identityProvider \(the sidecar reports to the control plane's heartbeats, where its alarms are\), got \{"releases":/);
  });

  test('GIVEN every kind of bad release THEN each is named with its field, rule and value, all at once', () => {
    const problems = problemsOf({
      releases: [
        { version: '1.4', sha256: HASH },
        { version: '1.5.0+build', sha256: HASH },
        { version: '1.6.0', sha256: HASH.toUpperCase() },
        { version: '1.7.0', sha256: 'a'.repeat(63) },
        { version: '1.8.0', sha256: HASH, url: 'https://x' },
        { version: '1.9.0', sha256: HASH },
        { version: '1.9.0', sha256: HASH },
      ],
      active: '2.0.0',
      retentionDays: 0,
      channel: 'beta',
    });
    expect(problems).toEqual([
      `${W}: 'sidecar.channel' must not be present: unknown key (allowed here: releases, active, retentionDays), got "beta"`,
      `${W}: 'sidecar.releases[0].version' must be a version like 1.4.0 or 1.5.0-rc.1 (digits, dots, an optional -prerelease of letters, digits and dots), got "1.4"`,
      `${W}: 'sidecar.releases[1].version' must be a version like 1.4.0 or 1.5.0-rc.1 (digits, dots, an optional -prerelease of letters, digits and dots), got "1.5.0+build"`,
      `${W}: 'sidecar.releases[2].sha256' must be the release binary's SHA-256 as 64 lowercase hex digits, got "${HASH.toUpperCase()}"`,
      `${W}: 'sidecar.releases[3].sha256' must be the release binary's SHA-256 as 64 lowercase hex digits, got "${'a'.repeat(63)}"`,
      `${W}: 'sidecar.releases[4].url' must not be present: unknown key (allowed here: version, sha256), got "https://x"`,
      `${W}: 'sidecar.releases[6].version' must be unique among sidecar.releases, got "1.9.0"`,
      `${W}: 'sidecar.active' must be the version of one of sidecar.releases (1.8.0, 1.9.0), got "2.0.0"`,
      `${W}: 'sidecar.retentionDays' must be an integer in 1..3650, got 0`,
    ]);
  });

  test.each([
    ['not an object', 'v1', `'sidecar' must be an object with releases and active, got "v1"`],
    ['no releases', { releases: [], active: '1.0.0' }, `'sidecar.releases' must be an array of 1..10 { version, sha256 } objects, got []`],
    ['eleven releases', { releases: Array.from({ length: 11 }, (_, i) => ({ version: `1.0.${i}`, sha256: HASH })), active: '1.0.0' }, `'sidecar.releases' must be an array of 1..10`],
  ])('GIVEN %s THEN it is refused', (_, sidecar, message) => {
    expect(problemsOf(sidecar).join('\n')).toContain(message);
  });
});

describe('sidecar key validity (controlPlane.sidecarKeyValidityDays)', () => {
  const validity = (days: unknown) => {
    try {
      return validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', sidecarKeyValidityDays: days }, tenants: [] }, W).controlPlane.sidecarKeyValidityDays;
    } catch (error) {
      if (error instanceof PlatformConfigError) return [...error.problems];
      throw error;
    }
  };

  test('GIVEN nothing THEN keys are valid 90 days (seed 001); 1 and 365 are accepted', () => {
    expect(validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] }, W).controlPlane.sidecarKeyValidityDays).toBe(90);
    expect(validity(1)).toBe(1);
    expect(validity(365)).toBe(365);
  });

  test.each([[0, '0'], [366, '366'], [1.5, '1.5'], [-1, '-1'], ['90', '"90"'], [null, 'null']])('GIVEN %p THEN a named error with the range and the value', (days, shown) => {
    expect(validity(days)).toEqual([`${W}: 'controlPlane.sidecarKeyValidityDays' must be an integer number of days in 1..365 (how long a sidecar heartbeat key is valid), got ${shown}`]);
  });
});
