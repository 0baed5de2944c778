import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cidr, cidrContains, cidrsOverlap, parseCidr } from '../../lib/config/cidr';
import {
  DEFAULT_THROTTLING,
  loadPlatformConfig,
  PlatformConfigError,
  selectTenants,
  TENANT_ADDRESS_SPACE,
  TENANT_NUMBER_MAX,
  TENANT_NUMBER_MIN,
  tenantCidr,
  validatePlatformConfig,
} from '../../lib/config/platform-config';
import { configProblems, exampleConfig, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

const W = 'test.json';

/** What the loader fills in for a tenant that names no options (the documented defaults, written out here). */
const TENANT_DEFAULTS = {
  runtime: { minHosts: 1, maxHosts: 2, instanceType: 't4g.medium' },
  database: { multiAz: true, instanceType: 't4g.medium', backupRetentionDays: 14, appUser: 'app', migrationPrincipalArns: [] },
  backup: { restoreTestSchedule: 'cron(0 5 1 * ? *)' },
  apiAccess: { keys: ['initial'], active: 'initial', rateLimit: 10, burstLimit: 20 },
  retention: { transientHours: 24 },
  logRetentionDays: 365,
  state: 'active',
  allowedRegions: [],
};

function config(tenants: unknown[], controlPlane: unknown = { cidr: '10.0.0.0/16' }) {
  return { accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane, tenants };
}

/** The problems validation reports for a configuration it must refuse (test/helpers/app.ts). */
const problemsOf = (raw: unknown): readonly string[] => configProblems(raw, W);

describe('tenant number N', () => {
  test.each([0, 1, 77, 155])('GIVEN N = %p WHEN validated THEN it is accepted with VPC 10.(100+N).0.0/16', (n) => {
    const result = validatePlatformConfig(config([{ id: 'acme', number: n }]), W);
    expect(result.tenants).toEqual([{ id: 'acme', number: n, ...TENANT_DEFAULTS }]);
    expect(tenantCidr(n)).toBe(`10.${100 + n}.0.0/16`);
  });

  test.each([
    [-1, '-1'],
    [156, '156'],
    [1.5, '1.5'],
    ['7', '"7"'],
    [null, 'null'],
    [Number.NaN, 'null'],
    [undefined, 'nothing'],
  ])('GIVEN N = %p WHEN validated THEN it is refused naming the field, the rule and the value', (n, shown) => {
    expect(problemsOf(config([{ id: 'acme', number: n }]))).toEqual([
      `${W}: 'tenants[0].number' must be an integer in ${TENANT_NUMBER_MIN}..${TENANT_NUMBER_MAX} (the VPC is 10.(100+N).0.0/16), got ${shown}`,
    ]);
  });
});

describe('tenant id', () => {
  test.each(['abc', 'acme', 'a1-b2', 'x'.repeat(32), 'tenant-155'])('GIVEN id %p THEN it is accepted', (id) => {
    expect(validatePlatformConfig(config([{ id, number: 0 }]), W).tenants[0].id).toBe(id);
  });

  test.each(['', 'ab', 'Acme', '1acme', 'acme-', 'ac--me', 'ac_me', 'ac.me', 'x'.repeat(33), ' acme', 'acme\n', 42])(
    'GIVEN id %p THEN it is refused as not a DNS-safe slug',
    (id) => {
      const problems = problemsOf(config([{ id, number: 0 }]));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`'tenants[0].id' must be a DNS-safe slug`);
      expect(problems[0]).toContain(`got ${JSON.stringify(id)}`);
    },
  );
});

describe('configuration as a whole', () => {
  test('GIVEN the shipped example THEN it holds three valid tenants', () => {
    expect(exampleConfig().tenants.map((t) => t.id)).toEqual(['acme', 'globex', 'initech']);
  });

  test('GIVEN duplicate ids and numbers THEN both are reported, pointing at the first holder', () => {
    expect(problemsOf(config([{ id: 'acme', number: 1 }, { id: 'acme', number: 2 }, { id: 'globex', number: 1 }]))).toEqual([
      `${W}: 'tenants[1].id' must be unique (tenants[0] has it already), got "acme"`,
      `${W}: 'tenants[2].number' must be unique (tenants[0] has it already, and two tenants would share 10.101.0.0/16), got 1`,
    ]);
  });

  test('GIVEN unknown keys at every level THEN each typo is reported, nothing passes silently', () => {
    const problems = problemsOf({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', cdir: 'x' }, tenants: [{ id: 'acme', number: 0, numbr: 1 }], tenant: [] });
    expect(problems).toEqual([
      `${W}: 'tenant' must not be present: unknown key (allowed here: controlPlane, tenants, accountBaseline, guardrails, sidecar, placement, delivery), got []`,
      `${W}: 'controlPlane.cdir' must not be present: unknown key (allowed here: cidr, identityProvider, waf, planSigning, sidecarKeyValidityDays, erasureWindowHours, exportRetentionDays, cors, throttling, domain, privateAdminApi), got "x"`,
      `${W}: 'tenants[0].numbr' must not be present: unknown key (allowed here: id, number, runtime, database, backup, apiAccess, retention, logRetentionDays, state, keyDeletionWindowDays, erasureRequestId, allowedRegions, account, region), got 1`,
    ]);
  });

  test('GIVEN many problems THEN every one is reported in a single error', () => {
    const raw = config(
      [
        { id: 'Bad', number: 156 },
        { id: 'ok-one', number: -1 },
        { id: 'ok-two', number: 3 },
        { id: 'ok-two', number: 3 },
      ],
      { cidr: '10.100.0.0/16' },
    );
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(6);
    expect(() => validatePlatformConfig(raw, W)).toThrow(/invalid platform configuration \(6 problems\)/);
  });

  test('GIVEN a root that is not an object THEN it is refused', () => {
    expect(problemsOf([])).toEqual([`${W}: '(root)' must be a JSON object with controlPlane and tenants, got []`]);
  });

  test('GIVEN missing sections THEN each is reported', () => {
    expect(problemsOf({})).toEqual([
      // No default: every alert tier must reach someone or say why not.
      `${W}: 'accountBaseline.subscriptions' must be an object with one entry per tier (critical, high, medium, low): a list of { protocol, endpoint }, or { "optOut": "<reason>" }; alerts must reach someone, got nothing`,
      `${W}: 'controlPlane' must be an object with a cidr, got nothing`,
      `${W}: 'tenants' must be an array of { id, number }, got nothing`,
    ]);
  });

  test('GIVEN an empty fleet THEN it is valid (the hub and control plane can be deployed first)', () => {
    expect(validatePlatformConfig(config([]), W).tenants).toEqual([]);
  });
});

describe('control-plane CIDR', () => {
  test.each(['10.0.0.0/16', '10.99.0.0/16', '172.16.0.0/16', '192.168.0.0/20'])('GIVEN %p THEN it is accepted', (value) => {
    expect(validatePlatformConfig(config([], { cidr: value }), W).controlPlane.cidr).toBe(value);
  });

  test.each([
    ['10.100.0.0/16', 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255'],
    ['10.255.0.0/16', 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255'],
    ['10.96.0.0/12', 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255'],
    ['10.0.0.1/16', 'have no host bits set (did you mean 10.0.0.0/16?)'],
    ['10.0.0.0/8', 'have a prefix length in /16../24'],
    ['10.0.0.0/28', 'have a prefix length in /16../24'],
    ['8.8.0.0/16', 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16'],
    ['10.0.0.0', 'be an IPv4 CIDR block like 10.0.0.0/16'],
    ['10.0.256.0/24', 'be an IPv4 CIDR block with octets 0..255 and a prefix 0..32'],
  ])('GIVEN %p THEN it is refused: must %s', (value, rule) => {
    expect(problemsOf(config([], { cidr: value }))).toContain(`${W}: 'controlPlane.cidr' must ${rule}, got "${value}"`);
  });

  test('GIVEN a control-plane CIDR inside the tenant space THEN it is refused even with no tenant configured there', () => {
    // A tenant added later must never collide with the control plane, so the whole tenant space is reserved.
    expect(problemsOf(config([{ id: 'acme', number: 0 }], { cidr: '10.200.0.0/16' }))).toHaveLength(1);
  });
});

describe('tenant address space', () => {
  test('GIVEN the four reserved blocks THEN they cover exactly tenants 0..155 and nothing else', () => {
    const blocks = TENANT_ADDRESS_SPACE.map(cidr);
    for (let n = TENANT_NUMBER_MIN; n <= TENANT_NUMBER_MAX; n++) {
      expect(blocks.filter((b) => cidrContains(b, cidr(tenantCidr(n))))).toHaveLength(1);
    }
    const total = blocks.reduce((sum, b) => sum + 2 ** (32 - b.prefix), 0);
    expect(total).toBe((TENANT_NUMBER_MAX - TENANT_NUMBER_MIN + 1) * 2 ** 16);
    expect(blocks.some((b) => cidrsOverlap(b, cidr('10.99.0.0/16')))).toBe(false);
  });

  test('parseCidr refuses malformed input with a reason instead of throwing', () => {
    expect(parseCidr('not a cidr')).toBe('be an IPv4 CIDR block like 10.0.0.0/16');
    expect(parseCidr('10.0.0.0/33')).toBe('be an IPv4 CIDR block with octets 0..255 and a prefix 0..32');
  });
});

describe('tenant selection from context', () => {
  const cfg = validatePlatformConfig(config([{ id: 'acme', number: 0 }, { id: 'globex', number: 1 }]), W);

  test('GIVEN no context value THEN the whole fleet is selected', () => {
    expect(selectTenants(cfg, undefined)).toBe(cfg.tenants);
  });

  test('GIVEN a known tenant THEN only that tenant is selected', () => {
    expect(selectTenants(cfg, 'globex')).toEqual([{ id: 'globex', number: 1, ...TENANT_DEFAULTS }]);
  });

  test.each([['nope', '"nope"'], ['', '""'], [5, '5'], [true, 'true']])('GIVEN %p THEN it is refused naming the known tenants', (value, shown) => {
    expect(() => selectTenants(cfg, value)).toThrow(`context: 'tenant' must name a configured tenant (acme, globex), got ${shown}`);
  });
});

describe('loading a file', () => {
  const dir = scratch('platform-config-');

  test('GIVEN a file that is not JSON THEN the error names the file', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "controlPlane": ');
    expect(() => loadPlatformConfig(path)).toThrow(`${path}: the file must be valid JSON`);
  });

  test('GIVEN a missing file THEN the error names the file and the cause', () => {
    expect(() => loadPlatformConfig(join(dir, 'missing.json'))).toThrow(`missing.json: the file must be readable, got ENOENT`);
  });

  test('GIVEN a valid file THEN problems carry its path as the location', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(config([{ id: 'acme', number: 156 }])));
    expect(() => loadPlatformConfig(path)).toThrow(`${path}: 'tenants[0].number' must be an integer in 0..155`);
  });
});

describe('per-tenant options', () => {
  const tenant = (extra: Record<string, unknown>) => config([{ id: 'acme', number: 0, ...extra }]);

  test('GIVEN valid options THEN they are kept', () => {
    const options = { runtime: { minHosts: 2, maxHosts: 4, instanceType: 'm7g.large' }, database: { multiAz: false, instanceType: 'r7g.large', backupRetentionDays: 35, appUser: 'workflow', migrationPrincipalArns: ['arn:aws:iam::123456789012:role/deploy'] }, backup: { restoreTestSchedule: 'cron(30 2 ? * SUN#1 *)' }, logRetentionDays: 90 };
    expect(validatePlatformConfig(tenant(options), W).tenants[0]).toEqual({ id: 'acme', number: 0, ...options, apiAccess: TENANT_DEFAULTS.apiAccess, retention: TENANT_DEFAULTS.retention, state: 'active', allowedRegions: [] });
  });

  test('GIVEN some options THEN the others get their defaults, field by field', () => {
    expect(validatePlatformConfig(tenant({ runtime: { maxHosts: 5 }, database: { multiAz: false } }), W).tenants[0]).toEqual({
      id: 'acme',
      number: 0,
      runtime: { minHosts: 1, maxHosts: 5, instanceType: 't4g.medium' },
      database: { multiAz: false, instanceType: 't4g.medium', backupRetentionDays: 14, appUser: 'app', migrationPrincipalArns: [] },
      backup: { restoreTestSchedule: 'cron(0 5 1 * ? *)' },
      apiAccess: TENANT_DEFAULTS.apiAccess,
      retention: TENANT_DEFAULTS.retention,
      logRetentionDays: 365,
      state: 'active',
      allowedRegions: [],
    });
  });

  test('GIVEN a minimal file THEN the loader returns every section fully defaulted', () => {
    const loaded = validatePlatformConfig(config([{ id: 'acme', number: 0 }]), W);
    expect(loaded).toEqual({
      controlPlane: { cidr: '10.0.0.0/16', waf: { ratePerFiveMinutes: 1000, allowList: [], heartbeatRatePerFiveMinutes: 500, botControl: true }, planSigning: { keys: ['initial'], active: 'initial', jwksMaxAgeSeconds: 300 }, sidecarKeyValidityDays: 90, erasureWindowHours: 24, exportRetentionDays: 3, cors: { allowedOrigins: [] }, throttling: DEFAULT_THROTTLING },
      tenants: [{ id: 'acme', number: 0, ...TENANT_DEFAULTS }],
      accountBaseline: { guardDutyDetector: 'create', subscriptions: { critical: { subscribers: TEST_SUBSCRIPTIONS.critical }, high: { subscribers: TEST_SUBSCRIPTIONS.high }, medium: { subscribers: TEST_SUBSCRIPTIONS.medium }, low: { subscribers: TEST_SUBSCRIPTIONS.low } }, auditRetentionDays: 365, securityHub: true, configRecorder: 'create', deployTimeGate: true, configRules: true, accessAnalysis: true, networkProofs: { intervalHours: 24 } },
      guardrails: { deployRoleArns: [], organizationTargetIds: [], allowedRegions: [] },
      placement: {},
    });
  });

  test('GIVEN impossible options THEN each is reported with its field, rule and value, all at once', () => {
    const problems = problemsOf(
      tenant({
        runtime: { minHosts: 0, maxHosts: 21, instanceType: 'm7i.large', size: 3 },
        database: { multiAz: 'yes', instanceType: 'db.t4g.medium', backupRetentionDays: 3 },
        logRetentionDays: 100,
      }),
    );
    expect(problems).toEqual([
      `${W}: 'tenants[0].runtime.size' must not be present: unknown key (allowed here: minHosts, maxHosts, instanceType), got 3`,
      `${W}: 'tenants[0].runtime.minHosts' must be an integer in 1..20, got 0`,
      `${W}: 'tenants[0].runtime.maxHosts' must be an integer in 1..20, got 21`,
      `${W}: 'tenants[0].runtime.instanceType' must be a Graviton (arm64) instance type like "t4g.medium" or "m7g.large" (the runtime AMI is arm64), got "m7i.large"`,
      `${W}: 'tenants[0].database.multiAz' must be true or false, got "yes"`,
      `${W}: 'tenants[0].database.instanceType' must be an RDS instance class without the "db." prefix, like "t4g.medium" or "r7g.large", got "db.t4g.medium"`,
      `${W}: 'tenants[0].database.backupRetentionDays' must be an integer in 7..35, got 3`,
      `${W}: 'tenants[0].logRetentionDays' must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (the values CloudWatch Logs accepts), got 100`,
    ]);
  });

  test('GIVEN minHosts above maxHosts THEN it is refused', () => {
    expect(problemsOf(tenant({ runtime: { minHosts: 3, maxHosts: 2 } }))).toEqual([`${W}: 'tenants[0].runtime.minHosts' must not exceed maxHosts (2), got 3`]);
  });

  test('GIVEN an infinite log retention (9999) THEN it is refused: logs must expire', () => {
    expect(problemsOf(tenant({ logRetentionDays: 9999 }))).toHaveLength(1);
  });
});

describe('the tenant database app user and migration principals', () => {
  const problems = (database: Record<string, unknown>) => {
    try {
      validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, database }] }, W);
      return [];
    } catch (error) {
      return [...(error as PlatformConfigError).problems];
    }
  };
  const IDENTIFIER = 'be a PostgreSQL identifier: 1-63 characters of a-z, 0-9 and _, starting with a letter or _';
  const RESERVED = 'not be a reserved role or word (tenant_admin, postgres, rdsadmin, public, pg_*, rds_*, SQL reserved words)';

  test.each([['app'], ['_svc'], ['workflow_1'], ['a'.repeat(63)]])('GIVEN appUser %p THEN it is accepted', (appUser) => {
    expect(problems({ appUser })).toEqual([]);
  });

  test.each([['App'], ['1app'], ['a-b'], ['a b'], ['a"b'], [''], ['a'.repeat(64)], [42]])('GIVEN appUser %p THEN a named error: not an identifier', (appUser) => {
    expect(problems({ appUser })).toEqual([`${W}: 'tenants[0].database.appUser' must ${IDENTIFIER}, got ${JSON.stringify(appUser)}`]);
  });

  test.each([['postgres'], ['rdsadmin'], ['rds_iam'], ['rds_superuser'], ['pg_read_all_data'], ['public'], ['tenant_admin'], ['user'], ['select'], ['current_user']])('GIVEN appUser %p THEN a named error: reserved', (appUser) => {
    expect(problems({ appUser })).toEqual([`${W}: 'tenants[0].database.appUser' must ${RESERVED}, got ${JSON.stringify(appUser)}`]);
  });

  test('GIVEN migration principals with a wildcard, a user, duplicates or too many THEN each is named', () => {
    const role = 'arn:aws:iam::123456789012:role/deploy';
    expect(problems({ migrationPrincipalArns: [role, 'arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:user/bob', role] })).toEqual([
      `${W}: 'tenants[0].database.migrationPrincipalArns[1]' must be an exact IAM role ARN (arn:aws:iam::<12 digits>:role/<name>, no wildcards), got "arn:aws:iam::123456789012:role/*"`,
      `${W}: 'tenants[0].database.migrationPrincipalArns[2]' must be an exact IAM role ARN (arn:aws:iam::<12 digits>:role/<name>, no wildcards), got "arn:aws:iam::123456789012:user/bob"`,
      `${W}: 'tenants[0].database.migrationPrincipalArns' must be unique, got ["arn:aws:iam::123456789012:role/deploy","arn:aws:iam::123456789012:role/*","...`,
    ]);
    expect(problems({ migrationPrincipalArns: Array.from({ length: 11 }, (_, i) => `${role}${i}`) })).toHaveLength(1);
  });
});

describe('the tenant restore test schedule', () => {
  const problems = (restoreTestSchedule: unknown) => {
    try {
      validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, backup: { restoreTestSchedule } }] }, W);
      return [];
    } catch (error) {
      return [...(error as PlatformConfigError).problems];
    }
  };

  test.each([['cron(0 5 1 * ? *)'], ['cron(0 5 1 */3 ? *)'], ['cron(15 23 ? * MON-FRI *)'], ['cron(0 0 L * ? *)'], ['cron(0 12 ? JAN,APR,JUL,OCT 2#1 2027)'], ['cron(0/30 1-3 15W * ? *)']])('GIVEN %p THEN it is accepted', (cron) => {
    expect(problems(cron)).toEqual([]);
  });

  test.each([
    ['rate(30 days)', 'be an AWS cron expression: cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)'],
    ['0 5 1 * ?', 'be an AWS cron expression: cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)'],
    ['cron(0 5 1 * ?)', 'be an AWS cron expression: cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)'],
    ['cron(60 5 1 * ? *)', 'be an AWS cron expression with valid fields (invalid: minutes)'],
    ['cron(0 24 32 13 ? *)', 'be an AWS cron expression with valid fields (invalid: hours, day-of-month, month)'],
    ['cron(0 5 0 * ? *)', 'be an AWS cron expression with valid fields (invalid: day-of-month)'],
    ['cron(0 5 1 * MON *)', 'be an AWS cron expression with ? in exactly one of day-of-month and day-of-week'],
    ['cron(0 5 ? * ? *)', 'be an AWS cron expression with ? in exactly one of day-of-month and day-of-week'],
    [42, 'be an AWS cron expression: cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)'],
  ])('GIVEN %p THEN a named error', (cron, rule) => {
    expect(problems(cron)).toEqual([`${W}: 'tenants[0].backup.restoreTestSchedule' must ${rule}, got ${JSON.stringify(cron)}`]);
  });
});

describe('the tenant backup vault lock', () => {
  const problems = (vaultLock: unknown) => {
    try {
      return validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0, backup: { vaultLock } }] }, W).tenants[0].backup;
    } catch (error) {
      return [...(error as PlatformConfigError).problems];
    }
  };
  const MIN = "'tenants[0].backup.vaultLock.minRetentionDays' must be an integer number of days in 1..35 (the backup plan keeps recovery points 35 days; a longer minimum fails every backup job)";
  const MAX = "'tenants[0].backup.vaultLock.maxRetentionDays' must be an integer number of days in 35..36500, at least minRetentionDays (the backup plan keeps recovery points 35 days)";

  test('GIVEN bounds that admit the 35-day plan THEN they are kept (1..35 and 35..36500 at the edges)', () => {
    expect(problems({ minRetentionDays: 1, maxRetentionDays: 36500 })).toEqual({ restoreTestSchedule: 'cron(0 5 1 * ? *)', vaultLock: { minRetentionDays: 1, maxRetentionDays: 36500 } });
    expect(problems({ minRetentionDays: 35, maxRetentionDays: 35 })).toMatchObject({ vaultLock: { minRetentionDays: 35, maxRetentionDays: 35 } });
  });

  test.each([
    [{ minRetentionDays: 0, maxRetentionDays: 365 }, [`${W}: ${MIN}, got 0`]],
    [{ minRetentionDays: 36, maxRetentionDays: 365 }, [`${W}: ${MIN}, got 36`]],
    [{ minRetentionDays: 7, maxRetentionDays: 34 }, [`${W}: ${MAX}, got 34`]],
    [{ minRetentionDays: 7, maxRetentionDays: 36501 }, [`${W}: ${MAX}, got 36501`]],
    [{ minRetentionDays: 7.5, maxRetentionDays: 365 }, [`${W}: ${MIN}, got 7.5`]],
    [{ minRetentionDays: 7 }, [`${W}: ${MAX}, got nothing`]],
    [{ minRetentionDays: 7, maxRetentionDays: 365, mode: 'governance' }, [`${W}: 'tenants[0].backup.vaultLock.mode' must not be present: unknown key (allowed here: minRetentionDays, maxRetentionDays), got "governance"`]],
  ])('GIVEN %p THEN named errors', (lock, expected) => {
    expect(problems(lock)).toEqual(expected);
  });
});
