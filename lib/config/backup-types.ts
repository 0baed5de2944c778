/** A tenant's backup recovery settings: restore testing (seed 001: test disaster recovery quarterly). */
export interface TenantBackupConfig {
  /**
   * When AWS Backup restores the latest recovery points of the tenant's database and table into its isolated data
   * subnets, under its key, validates them and deletes them: an AWS cron expression, `cron(<min> <hour> <day-of-month>
   * <month> <day-of-week> <year>)`, UTC, with `?` in exactly one of the day fields.
   * @default "cron(0 5 1 * ? *)" (monthly, the 1st at 05:00 UTC; the seed asks for at least quarterly)
   */
  readonly restoreTestSchedule: string;
  /**
   * AWS Backup Vault Lock on the tenant's vault in compliance mode: after a 3-day grace period nobody, root included,
   * can delete a recovery point before `minRetentionDays`, shorten the retention or remove the lock. Both bounds must
   * admit the backup plan's retention (35 days). Crypto-shredding still erases the locked points (their key is deleted).
   * @default - no vault lock
   */
  readonly vaultLock?: VaultLockConfig;
}

export interface VaultLockConfig {
  /** The shortest retention a recovery point may have, 1..36500 days, at most the plan's 35. */
  readonly minRetentionDays: number;
  /** The longest, minRetentionDays..36500 days, at least the plan's 35. */
  readonly maxRetentionDays: number;
}
