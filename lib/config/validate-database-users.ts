import { appUserProblem } from '../../contracts/database-user';
import { Problem } from './problems';

/** An exact IAM role ARN, the pattern of validate-guardrails' deploy roles: no wildcard, no user or root. */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const MAX_MIGRATION_PRINCIPALS = 10;

/** The tenant database's app user and migration principals (already defaulted in `database`). */
export function checkDatabaseUsers(database: Record<string, unknown>, at: string, fail: Problem): void {
  const rule = appUserProblem(database.appUser);
  if (rule) {
    fail(`${at}.appUser`, rule, database.appUser);
  }
  const principals = database.migrationPrincipalArns;
  if (!Array.isArray(principals) || principals.length > MAX_MIGRATION_PRINCIPALS) {
    fail(`${at}.migrationPrincipalArns`, `be an array of at most ${MAX_MIGRATION_PRINCIPALS} IAM role ARNs`, principals);
    return;
  }
  principals.forEach((arn: unknown, i: number) => {
    if (typeof arn !== 'string' || !ROLE_ARN.test(arn)) {
      fail(`${at}.migrationPrincipalArns[${i}]`, 'be an exact IAM role ARN (arn:aws:iam::<12 digits>:role/<name>, no wildcards)', arn);
    }
  });
  if (Array.isArray(principals) && new Set(principals).size !== principals.length) {
    fail(`${at}.migrationPrincipalArns`, 'be unique', principals);
  }
}
