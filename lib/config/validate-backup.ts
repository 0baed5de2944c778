import { DEFAULT_BACKUP_RETENTION_DAYS, DEFAULT_TENANT_BACKUP } from './defaults';
import { checkKeys, isIntegerIn, isPlainObject, Problem } from './problems';
import { TenantBackupConfig, VaultLockConfig } from './backup-types';

const LOCK_DAYS = { min: 1, max: 36500 } as const;

const LIST = (item: string) => new RegExp(`^(\\*|${item}(-${item})?)(/\\d{1,2})?(,(${item}(-${item})?)(/\\d{1,2})?)*$`);
const NUMBER = (max: number) => (v: string) => v.split(/[,/-]/).every((n) => n === '*' || (/^\d{1,4}$/.test(n) && Number(n) <= max));
const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

/** The six fields of an AWS cron expression, each a pattern and a range check. */
const FIELDS: readonly { name: string; test: (v: string) => boolean }[] = [
  { name: 'minutes', test: (v) => LIST('\\d{1,2}').test(v) && NUMBER(59)(v) },
  { name: 'hours', test: (v) => LIST('\\d{1,2}').test(v) && NUMBER(23)(v) },
  { name: 'day-of-month', test: (v) => v === '?' || v === 'L' || /^([1-9]|[12]\d|3[01])W$/.test(v) || (LIST('\\d{1,2}').test(v) && NUMBER(31)(v) && !/(^|[,-])0(?!\d)/.test(v)) },
  { name: 'month', test: (v) => (LIST(`(\\d{1,2}|${MONTHS})`).test(v) && v.split(/[,/-]/).every((n) => n === '*' || new RegExp(`^(${MONTHS})$`).test(n) || (/^\d{1,2}$/.test(n) && Number(n) >= 1 && Number(n) <= 12))) },
  { name: 'day-of-week', test: (v) => v === '?' || /^[1-7]L$/.test(v) || new RegExp(`^([1-7]|${DAYS})#[1-5]$`).test(v) || (LIST(`([1-7]|${DAYS})`).test(v)) },
  { name: 'year', test: (v) => LIST('\\d{4}').test(v) && v.split(/[,/-]/).every((n) => n === '*' || (Number(n) >= 1970 && Number(n) <= 2199) || /^\d{1,2}$/.test(n)) },
];

/** Why `value` is not an AWS cron expression, or undefined when it is. */
export function cronProblem(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^cron\(([^()]*)\)$/.exec(value) : null;
  const parts = match ? match[1].trim().split(/\s+/) : [];
  if (!match || parts.length !== FIELDS.length) {
    return 'be an AWS cron expression: cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)';
  }
  const bad = FIELDS.filter((f, i) => !f.test(parts[i])).map((f) => f.name);
  if (bad.length > 0) {
    return `be an AWS cron expression with valid fields (invalid: ${bad.join(', ')})`;
  }
  if ((parts[2] === '?') === (parts[4] === '?')) {
    return 'be an AWS cron expression with ? in exactly one of day-of-month and day-of-week';
  }
  return undefined;
}

/** The tenant's `backup` section, defaulted. */
export function checkBackup(raw: unknown, at: string, fail: Problem): TenantBackupConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_TENANT_BACKUP;
  }
  if (!isPlainObject(raw)) {
    fail(at, 'be an object with restoreTestSchedule', raw);
    return undefined;
  }
  checkKeys(raw, `${at}.`, ['restoreTestSchedule', 'vaultLock'], fail);
  const backup = { ...DEFAULT_TENANT_BACKUP, ...raw } as Record<string, unknown>;
  const problem = cronProblem(backup.restoreTestSchedule);
  if (problem) {
    fail(`${at}.restoreTestSchedule`, problem, backup.restoreTestSchedule);
  }
  const lockOk = backup.vaultLock === undefined || checkVaultLock(backup.vaultLock, `${at}.vaultLock`, fail);
  return problem || !lockOk ? undefined : (backup as unknown as TenantBackupConfig);
}

/** A vault lock's bounds: integers in range, min <= max, both admitting the plan's retention. */
function checkVaultLock(raw: unknown, at: string, fail: Problem): raw is VaultLockConfig {
  if (!isPlainObject(raw)) {
    fail(at, 'be an object with minRetentionDays and maxRetentionDays', raw);
    return false;
  }
  checkKeys(raw, `${at}.`, ['minRetentionDays', 'maxRetentionDays'], fail);
  const { minRetentionDays: min, maxRetentionDays: max } = raw;
  let ok = true;
  if (!isIntegerIn(min, LOCK_DAYS.min, DEFAULT_BACKUP_RETENTION_DAYS)) {
    fail(`${at}.minRetentionDays`, `be an integer number of days in ${LOCK_DAYS.min}..${DEFAULT_BACKUP_RETENTION_DAYS} (the backup plan keeps recovery points ${DEFAULT_BACKUP_RETENTION_DAYS} days; a longer minimum fails every backup job)`, min);
    ok = false;
  }
  if (!isIntegerIn(max, DEFAULT_BACKUP_RETENTION_DAYS, LOCK_DAYS.max) || (typeof min === 'number' && max < min)) {
    fail(`${at}.maxRetentionDays`, `be an integer number of days in ${DEFAULT_BACKUP_RETENTION_DAYS}..${LOCK_DAYS.max}, at least minRetentionDays (the backup plan keeps recovery points ${DEFAULT_BACKUP_RETENTION_DAYS} days)`, max);
    ok = false;
  }
  return ok;
}
