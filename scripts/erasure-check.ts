/**
 * Checks that every offboarding tenant of a configuration that names a GDPR erasure request (`erasureRequestId`) names
 * one the control plane's ledger holds as confirmed by two different admins (docs/data-protection.md). Run it on the
 * change that offboards a tenant, before merging; it reads the ledger and changes nothing.
 *
 *   npx tsx scripts/erasure-check.ts --config config/platform.json --table <the ControlPlane stack's Edge/Gdpr/Ledger table>
 *
 * Needs: dynamodb:GetItem on the ledger table (and kms:Decrypt on the control-plane key through DynamoDB).
 * Exit 0: every named request is confirmed; 1: one is not (each tenant's verdict is printed); 2: usage.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { loadPlatformConfig } from '../lib/config/load';
import { judgeHandOff, ledgerReader, PASSING } from './erasure/handoff';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { config: { type: 'string', default: 'config/platform.json' }, table: { type: 'string' } } });
  if (!values.table) {
    process.stderr.write('usage: erasure-check --config <platform.json> --table <GDPR ledger table name>\n');
    return 2;
  }
  const config = loadPlatformConfig(values.config!);
  const dynamodb = new DynamoDBClient({});
  try {
    const verdicts = await judgeHandOff(config.tenants, ledgerReader(dynamodb, values.table));
    for (const v of verdicts) process.stdout.write(`${PASSING.has(v.verdict) ? 'ok  ' : 'FAIL'} ${v.tenantId}${v.requestId ? ` ${v.requestId}` : ''}: ${v.verdict}\n`);
    if (verdicts.length === 0) process.stdout.write('no tenant is offboarding\n');
    return verdicts.every((v) => PASSING.has(v.verdict)) ? 0 : 1;
  } finally {
    dynamodb.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`erasure-check: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
