/**
 * The tenant database's application user: the rules its name must meet, shared by the configuration (which reports a
 * bad name as a named error before any construct exists) and the provisioning handler (which refuses one again before
 * any SQL is built). The SQL quotes the name as well; these rules keep it a plain, unsurprising role name.
 */

/** An unquoted PostgreSQL identifier in lower case: a letter or `_`, then letters, digits, `_`; at most 63 bytes (NAMEDATALEN - 1). */
export const POSTGRES_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Role names PostgreSQL or RDS own, or that name something else in a GRANT (`PUBLIC`, `CURRENT_USER`, ...). */
export const RESERVED_ROLE_NAMES: readonly string[] = ['postgres', 'rdsadmin', 'rdsrepladmin', 'rdsproxyadmin', 'rdstopmgr', 'public', 'none', 'current_role', 'current_user', 'session_user', 'system_user', 'all'];
/** Role name prefixes PostgreSQL (`pg_`) and RDS (`rds_`, e.g. `rds_iam`, `rds_superuser`) reserve for their own roles. */
export const RESERVED_ROLE_PREFIXES: readonly string[] = ['pg_', 'rds_'];
/** PostgreSQL's reserved key words (appendix C, "reserved" in PostgreSQL): not role names an application should carry. */
export const SQL_RESERVED_WORDS: readonly string[] = [
  'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check', 'collate', 'column', 'constraint',
  'create', 'current_catalog', 'current_date', 'current_time', 'current_timestamp', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else',
  'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into', 'lateral',
  'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references',
  'returning', 'select', 'some', 'symmetric', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when',
  'where', 'window', 'with',
];

/** The master user the database is created with (its credentials are the master secret). */
export const DATABASE_MASTER_USER = 'tenant_admin';
/** The application user when the configuration names none. */
export const DEFAULT_APP_USER = 'app';
/** The database the application uses (RDS for PostgreSQL creates `postgres`). */
export const APP_DATABASE = 'postgres';

/** Why a name cannot be the app user, or undefined when it can. */
export function appUserProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !POSTGRES_IDENTIFIER.test(name)) {
    return 'be a PostgreSQL identifier: 1-63 characters of a-z, 0-9 and _, starting with a letter or _';
  }
  if (name === DATABASE_MASTER_USER || RESERVED_ROLE_NAMES.includes(name) || RESERVED_ROLE_PREFIXES.some((p) => name.startsWith(p)) || SQL_RESERVED_WORDS.includes(name)) {
    return `not be a reserved role or word (${DATABASE_MASTER_USER}, postgres, rdsadmin, public, pg_*, rds_*, SQL reserved words)`;
  }
  return undefined;
}
