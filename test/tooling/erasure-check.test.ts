/**
 * The erasure hand-off check (scripts/erasure-check.ts) against a ledger the GDPR handler's own code wrote, on dynalite
 * on loopback: an offboarding names a request the ledger holds as confirmed by two admins, or the check fails.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LedgerTable, startLedgerTable } from '../helpers/gdpr-ledger';
import { createErasureLedger } from '../../lambda/gdpr-requests/erasure';
import { judgeHandOff, ledgerReader, PASSING } from '../../scripts/erasure/handoff';

const TABLE = 'gdpr-ledger';
let ledgerTable: LedgerTable;
let ddb: DynamoDBClient;

beforeAll(async () => {
  ledgerTable = await startLedgerTable(TABLE);
  ddb = ledgerTable.ddb;
});
afterAll(() => ledgerTable.stop());

const ledger = () => createErasureLedger({ dynamodb: ddb, tableName: TABLE, tenantIds: ['acme', 'globex', 'initech'], windowHours: 24 });
const offboarding = (id: string, erasureRequestId?: string) => ({ id, state: 'offboarding' as const, ...(erasureRequestId ? { erasureRequestId } : {}) });

test('GIVEN a request confirmed by a second admin THEN confirmed; an offboarding that names none passes as such; active tenants are not judged', async () => {
  const { requestId } = await ledger().request('acme', 'alice');
  await ledger().confirm('acme', requestId, 'bob');
  const verdicts = await judgeHandOff([offboarding('acme', requestId), offboarding('globex'), { id: 'initech', state: 'active' }], ledgerReader(ddb, TABLE));
  expect(verdicts).toEqual([
    { tenantId: 'acme', requestId, verdict: 'confirmed' },
    { tenantId: 'globex', verdict: 'no-request-named' },
  ]);
  expect(verdicts.every((v) => PASSING.has(v.verdict))).toBe(true);
});

test('GIVEN a pending request, another tenant\'s request, an unknown id, or a record confirmed by its requester THEN each fails with its verdict', async () => {
  const pending = (await ledger().request('globex', 'alice')).requestId;
  const acmes = (await ledger().request('acme', 'alice')).requestId;
  await ledger().confirm('acme', acmes, 'bob');
  // The handler never writes this (SAME_ADMIN); a record edited by hand in the table must still not pass.
  const forged = '0b7a6c9e-1d2f-4a3b-8c4d-5e6f7a8b9c0d';
  await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { tenantId: { S: 'initech' }, requestKey: { S: `erasure#${forged}` }, status: { S: 'CONFIRMED' }, requestedBy: { S: 'mallory' }, confirmedBy: { S: 'mallory' }, requestedAt: { N: '1' }, confirmBy: { N: '2' } } }));
  const verdicts = await judgeHandOff(
    [offboarding('globex', pending), offboarding('acme', '6f1c1f9e-8a51-4f7a-9a43-0a6cb1f7c0de'), offboarding('initech', forged)],
    ledgerReader(ddb, TABLE),
  );
  expect(verdicts.map((v) => v.verdict)).toEqual(['not-confirmed', 'not-in-ledger', 'same-admin']);
  const crossed = await judgeHandOff([offboarding('globex', acmes)], ledgerReader(ddb, TABLE));
  expect(crossed.map((v) => v.verdict)).toEqual(['not-in-ledger']);
});
