/** The GDPR handler calls a tenant in another account by its export function's ARN, any other tenant by name. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaTenantExports, tenantExportArns } from '../../lambda/gdpr-requests/exports';

const TENANTS = ['acme', 'globex', 'initech', 'hooli'];

test('GIVEN TENANT_EXPORT_ACCOUNTS THEN each listed tenant maps to its export function ARN in that account and the region', () => {
  expect([...tenantExportArns('222222222222=1.3,333333333333=2', TENANTS, 'eu-west-1')]).toEqual([
    ['globex', 'arn:aws:lambda:eu-west-1:222222222222:function:tenant-baseline-globex-export'],
    ['hooli', 'arn:aws:lambda:eu-west-1:222222222222:function:tenant-baseline-hooli-export'],
    ['initech', 'arn:aws:lambda:eu-west-1:333333333333:function:tenant-baseline-initech-export'],
  ]);
  expect(tenantExportArns('222222222222=1', TENANTS, 'cn-north-1').get('globex')).toBe('arn:aws-cn:lambda:cn-north-1:222222222222:function:tenant-baseline-globex-export');
});

test('GIVEN a tenant in another account THEN its export is invoked by ARN; a hub-account tenant by name', async () => {
  const called: string[] = [];
  const lambda = { send: async (c: InvokeCommand) => (called.push(c.input.FunctionName!), { StatusCode: 202 }) } as unknown as LambdaClient;
  const exports = lambdaTenantExports(lambda, tenantExportArns('222222222222=1', TENANTS, 'eu-west-1'));
  await exports.start('globex', { action: 'export', exportId: 'e1' } as never);
  await exports.start('acme', { action: 'export', exportId: 'e2' } as never);
  expect(called).toEqual(['arn:aws:lambda:eu-west-1:222222222222:function:tenant-baseline-globex-export', 'tenant-baseline-acme-export']);
});

test.each([['2222=1'], ['222222222222=9'], ['222222222222=x'], ['222222222222='], ['222222222222=1=2']])('GIVEN TENANT_EXPORT_ACCOUNTS %s THEN it is refused by name', (value) => {
  expect(() => tenantExportArns(value, TENANTS, 'eu-west-1')).toThrow(`environment: 'TENANT_EXPORT_ACCOUNTS' must be <12-digit account>=<positions in TENANT_IDS joined by .> entries, got ${JSON.stringify(value)}`);
});

test('GIVEN no TENANT_EXPORT_ACCOUNTS THEN every tenant is called by name', () => {
  expect(tenantExportArns(undefined, TENANTS, 'eu-west-1')).toEqual(new Map());
});
