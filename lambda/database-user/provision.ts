import { appUserStatements } from './sql';

/** The part of a PostgreSQL client the provisioning uses (node-postgres' Client has it). */
export interface SqlClient {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  end(): Promise<unknown>;
}

/**
 * Runs the app user's statements in one transaction (all or nothing) and closes the connection whatever happens.
 * The name is checked before the connection is opened, so a bad name never reaches the database.
 */
export async function provisionAppUser(client: SqlClient, appUser: string, masterUser?: string): Promise<{ appUser: string; statements: number }> {
  const statements = appUserStatements(appUser, masterUser);
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      for (const statement of statements) {
        await client.query(statement);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await client.end();
  }
  return { appUser, statements: statements.length };
}
