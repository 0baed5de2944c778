/** The GDPR handler calls a tenant in another account by its export function's ARN, any other tenant by name. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaTenantExports, parseTenantExportArns } from '../../lambda/gdpr-requests/exports';

const GLOBEX = 'arn:aws:lambda:eu-west-1:222222222222:function:tenant-baseline-globex-export';

test('GIVEN a tenant in another account THEN its export is invoked by ARN; a hub-account tenant by name', async () => {
  const called: string[] = [];
  const lambda = { send: async (c: InvokeCommand) => (called.push(c.input.FunctionName!), { StatusCode: 202 }) } as unknown as LambdaClient;
  const exports = lambdaTenantExports(lambda, parseTenantExportArns(`globex=${GLOBEX}`));
  await exports.start('globex', { action: 'export', exportId: 'e1' } as never);
  await exports.start('acme', { action: 'export', exportId: 'e2' } as never);
  expect(called).toEqual([GLOBEX, 'tenant-baseline-acme-export']);
});

test.each([['globex=tenant-baseline-globex-export'], ['=arn:aws:lambda:eu-west-1:222222222222:function:x'], ['globex=arn:aws:lambda:eu-west-1:2222:function:x']])('GIVEN TENANT_EXPORT_ARNS %s THEN it is refused by name', (value) => {
  expect(() => parseTenantExportArns(value)).toThrow(`environment: 'TENANT_EXPORT_ARNS' must be <tenant id>=<lambda function ARN> entries, got ${JSON.stringify(value)}`);
});

test('GIVEN no TENANT_EXPORT_ARNS THEN every tenant is called by name', () => {
  expect(parseTenantExportArns(undefined)).toEqual(new Map());
});
