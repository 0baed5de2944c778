/** A tenant's backup recovery settings: restore testing (seed 001: test disaster recovery quarterly). */
export interface TenantBackupConfig {
  /**
   * When AWS Backup restores the latest recovery points of the tenant's database and table into its isolated data
   * subnets, under its key, validates them and deletes them: an AWS cron expression, `cron(<min> <hour> <day-of-month>
   * <month> <day-of-week> <year>)`, UTC, with `?` in exactly one of the day fields.
   * @default "cron(0 5 1 * ? *)" (monthly, the 1st at 05:00 UTC; the seed asks for at least quarterly)
   */
  readonly restoreTestSchedule: string;
}
