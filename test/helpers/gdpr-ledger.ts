/** dynalite on loopback, and the GDPR request ledger's table on it, for the tests of the handlers and of the hand-off check. */
import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GDPR_LEDGER_KEYS } from '../../contracts/gdpr';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite');

export interface LedgerTable {
  readonly ddb: DynamoDBClient;
  readonly stop: () => Promise<void>;
}

/** Starts dynalite on 127.0.0.1, with a client for it. */
export async function startDynalite(): Promise<LedgerTable> {
  const server: Server = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const ddb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-1', credentials: { accessKeyId: 't', secretAccessKey: 't' }, maxAttempts: 1 });
  return {
    ddb,
    stop: async () => {
      ddb.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Starts dynalite on 127.0.0.1 and creates the ledger table `tableName` with the ledger's keys. */
export async function startLedgerTable(tableName: string): Promise<LedgerTable> {
  const { ddb, stop } = await startDynalite();
  const K = GDPR_LEDGER_KEYS;
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: K.partition, AttributeType: 'S' }, { AttributeName: K.sort, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: K.partition, KeyType: 'HASH' }, { AttributeName: K.sort, KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return { ddb, stop };
}
