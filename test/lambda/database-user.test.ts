/**
 * The app user's provisioning: the SQL it builds (quoted, idempotent, least privilege, no password, rds_iam) and the
 * handler run against a fake PostgreSQL client that records every statement. Not run against a real PostgreSQL
 * (no database engine or Docker here): docs/data-protection.md says so.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { createHandler } from '../../lambda/database-user/handler';
import { provisionAppUser, SqlClient } from '../../lambda/database-user/provision';
import { appUserStatements, quoteIdent, quoteLiteral } from '../../lambda/database-user/sql';
import { DATABASE_USER_ENV } from '../../contracts/environment';

/** A PostgreSQL client that records what it is sent, and can fail on a statement matching `failOn`. */
function recordingClient(failOn?: RegExp) {
  const log: string[] = [];
  const client: SqlClient = {
    connect: async () => log.push('<connect>'),
    query: async (sql: string) => {
      log.push(sql);
      if (failOn?.test(sql)) throw new Error('permission denied');
    },
    end: async () => log.push('<end>'),
  };
  return { client, log };
}

describe('the SQL', () => {
  test('GIVEN identifiers and literals with quotes THEN they are quoted, inner quotes doubled; NUL is refused', () => {
    expect(quoteIdent('app')).toBe('"app"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteLiteral("o'brien")).toBe("'o''brien'");
    expect(() => quoteIdent('a\u0000b')).toThrow('an identifier cannot contain NUL');
  });

  test('GIVEN the app user THEN exactly the planned statements: create if missing, login without password or powers, rds_iam, rows in public only', () => {
    expect(appUserStatements('app')).toEqual([
      `DO $provision$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'app') THEN CREATE ROLE "app"; END IF; END $provision$`,
      'ALTER ROLE "app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD NULL',
      'GRANT rds_iam TO "app"',
      'REVOKE rds_superuser FROM "app"',
      'GRANT CONNECT ON DATABASE "postgres" TO "app"',
      'GRANT USAGE ON SCHEMA public TO "app"',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "app"',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "app"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "tenant_admin" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "app"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "tenant_admin" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "app"',
    ]);
  });

  test('GIVEN the statements THEN none gives a password, a superuser, schema changes or another role', () => {
    const sql = appUserStatements('app').join('\n');
    expect(sql).not.toMatch(/PASSWORD '|ENCRYPTED|\bSUPERUSER\b(?<!NOSUPERUSER)|GRANT (ALL|CREATE)|rds_superuser TO|WITH GRANT OPTION|WITH ADMIN/i);
  });

  test.each([['app"; DROP ROLE tenant_admin; --'], ["app' OR '1'='1"], ['App'], ['1app'], ['a'.repeat(64)], [''], ['postgres'], ['rds_iam'], ['pg_monitor'], ['public'], ['tenant_admin'], ['user'], ['select']])(
    'GIVEN the name %p THEN no statement is built and nothing is sent',
    async (name) => {
      const { client, log } = recordingClient();
      await expect(provisionAppUser(client, name)).rejects.toMatchObject({ name: 'AppUserRefused' });
      expect(log).toEqual([]);
    },
  );
});

describe('the provisioning', () => {
  test('GIVEN a database THEN one transaction runs every statement and the connection is closed', async () => {
    const { client, log } = recordingClient();
    await expect(provisionAppUser(client, 'app', 'tenant_admin')).resolves.toEqual({ appUser: 'app', statements: 10 });
    expect(log).toEqual(['<connect>', 'BEGIN', ...appUserStatements('app'), 'COMMIT', '<end>']);
  });

  test('GIVEN it runs twice THEN the second run sends the same idempotent statements (the role is created only if missing)', async () => {
    const first = recordingClient();
    const second = recordingClient();
    await provisionAppUser(first.client, 'app');
    await provisionAppUser(second.client, 'app');
    expect(second.log).toEqual(first.log);
    expect(second.log.filter((s) => s.includes('CREATE ROLE'))).toEqual([expect.stringContaining('IF NOT EXISTS')]);
  });

  test('GIVEN a statement fails THEN the transaction is rolled back, the connection closed and the error raised', async () => {
    const { client, log } = recordingClient(/^GRANT rds_iam/);
    await expect(provisionAppUser(client, 'app')).rejects.toThrow('permission denied');
    expect(log.slice(-3)).toEqual(['GRANT rds_iam TO "app"', 'ROLLBACK', '<end>']);
    expect(log).not.toContain('COMMIT');
  });

  test('GIVEN the handler THEN it reads the master secret by ARN, connects as its user and returns no secret', async () => {
    const { client, log } = recordingClient();
    const sent: unknown[] = [];
    const secrets = { send: async (command: unknown) => (sent.push(command), { SecretString: JSON.stringify({ username: 'tenant_admin', password: 's3cr3t-value' }) }) };
    let connectedAs: unknown;
    const env = { [DATABASE_USER_ENV.masterSecretArn]: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf', [DATABASE_USER_ENV.appUser]: 'app' };
    const result = await createHandler(secrets as never, (secret) => ((connectedAs = secret.username), client), env)();
    expect(result).toEqual({ appUser: 'app', statements: 10 });
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(GetSecretValueCommand);
    expect((sent[0] as GetSecretValueCommand).input).toEqual({ SecretId: env[DATABASE_USER_ENV.masterSecretArn] });
    expect(connectedAs).toBe('tenant_admin');
    expect(log).toContain('GRANT rds_iam TO "app"');
  });

  test('GIVEN no secret ARN in the environment THEN the handler refuses to start, naming the variable', () => {
    expect(() => createHandler({ send: jest.fn() } as never, () => recordingClient().client, { [DATABASE_USER_ENV.appUser]: 'app' })).toThrow(`environment: '${DATABASE_USER_ENV.masterSecretArn}' must be set, got nothing`);
  });
});
