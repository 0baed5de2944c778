import { APP_DATABASE, appUserProblem, DATABASE_MASTER_USER } from '../../contracts/database-user';

/** Thrown when a user name could not be provisioned safely; nothing was sent to the database. */
export class AppUserRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppUserRefused';
  }
}

/** A PostgreSQL identifier, always double-quoted, inner quotes doubled (quote_ident without its shortcut). */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new AppUserRefused('an identifier cannot contain NUL');
  return `"${name.replace(/"/g, '""')}"`;
}

/** A PostgreSQL string literal, single quotes doubled (standard_conforming_strings is on by default since 9.1). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new AppUserRefused('a literal cannot contain NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The statements that make `appUser` exist exactly as the platform plans it, whatever it was before: a login role
 * that is not a superuser and cannot create roles or databases, replicate or bypass row security; with no password
 * (`PASSWORD NULL`) and a member of `rds_iam`, so RDS lets it in only with an IAM authentication token; allowed to
 * connect and to read and write rows in schema `public` (today's tables and sequences, and those the master user,
 * who runs the migrations, creates later), never to change the schema. Every statement is safe to run again.
 */
export function appUserStatements(appUser: string, masterUser = DATABASE_MASTER_USER, database = APP_DATABASE): string[] {
  const problem = appUserProblem(appUser);
  if (problem) throw new AppUserRefused(`app user: '${appUser}' must ${problem}`);
  const user = quoteIdent(appUser);
  const master = quoteIdent(masterUser);
  return [
    // CREATE ROLE has no IF NOT EXISTS; the check and the create run in one block.
    `DO $provision$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(appUser)}) THEN CREATE ROLE ${user}; END IF; END $provision$`,
    `ALTER ROLE ${user} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD NULL`,
    `GRANT rds_iam TO ${user}`,
    `REVOKE rds_superuser FROM ${user}`,
    `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${user}`,
    `GRANT USAGE ON SCHEMA public TO ${user}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${user}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${user}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${master} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${user}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${master} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${user}`,
  ];
}
