import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Client } from 'pg';
import { DATABASE_USER_ENV } from '../../contracts/environment';
import { APP_DATABASE } from '../../contracts/database-user';
import { integerEnv, requiredEnv } from '../shared/env';
import { provisionAppUser, SqlClient } from './provision';

/** The master secret as RDS writes it (the fields the connection needs). */
interface MasterSecret {
  readonly username: string;
  readonly password: string;
}

/**
 * Creates or corrects the tenant database's app user (docs/data-protection.md), as the master user, over TLS verified
 * against the RDS CA bundle the Lambda runtime carries (NODE_EXTRA_CA_CERTS) with the host name checked: the
 * equivalent of sslmode=verify-full. Invoked after each deploy by the pipeline or an operator through the migration
 * role; idempotent. Returns the user and the number of statements run, never the secret.
 */
export function createHandler(secrets: Pick<SecretsManagerClient, 'send'>, connect: (secret: MasterSecret) => SqlClient, env: NodeJS.ProcessEnv = process.env) {
  const secretArn = requiredEnv(DATABASE_USER_ENV.masterSecretArn, env);
  const appUser = requiredEnv(DATABASE_USER_ENV.appUser, env);
  return async (): Promise<{ appUser: string; statements: number }> => {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const secret = JSON.parse(SecretString ?? '{}') as MasterSecret;
    return provisionAppUser(connect(secret), appUser, secret.username);
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = () => {
  instance ??= createHandler(new SecretsManagerClient({}), (secret) =>
    new Client({
      host: requiredEnv(DATABASE_USER_ENV.host),
      port: integerEnv(DATABASE_USER_ENV.port, { min: 1, max: 65535 }),
      database: APP_DATABASE,
      user: secret.username,
      password: secret.password,
      ssl: { rejectUnauthorized: true },
      connectionTimeoutMillis: 10_000,
    }),
  );
  return instance();
};
