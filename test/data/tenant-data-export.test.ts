/**
 * A tenant's GDPR export in its stack (lib/data/tenant-data-export.ts): the export bucket under the tenant key, expiring
 * exports and kept out of backups; the export function named for its tenant, invoked once per event; its role,
 * evaluated by a real IAM engine, reaching this tenant's table, bucket and key and nothing of another tenant. Breaks
 * through overrides and escape hatches are caught by the gate's DataExportAsPlanned.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EXPORT_QUEUE_SECONDS, exportFunctionName } from '../../contracts/gdpr';
import { TENANT_EXPORT_ENV } from '../../contracts/environment';
import { ACCOUNT, decideForRole, REGION, resolve } from '../helpers/iam-evaluator';
import { findingsOf, PACK, shipped, tenantApp } from '../helpers/pack';

const ids = (found: string[]) => [...new Set(found.map((f) => f.split(' @ ')[0]))].sort();
const l1 = (c: { node: { defaultChild?: unknown } }) => c.node.defaultChild as CfnResource;

describe('tenant data export: the stack', () => {
  const { stack } = tenantApp();
  const template = Template.fromStack(stack).toJSON();
  const resources = template.Resources as Record<string, any>;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(l1(c));
  const [fnId, exportBucketId, bucketId, tableId, keyId] = [id(stack.dataExport.function.function), id(stack.dataExport.bucket.bucket), id(stack.bucket.bucket), id(stack.table.table), id(stack.key.key)];
  const roleId = stack.getLogicalId(stack.dataExport.function.role.node.defaultChild as CfnResource);

  test('THEN the export function is named for its tenant and told exactly its own table, buckets and key', () => {
    const fn = resources[fnId].Properties;
    expect(fn.FunctionName).toBe(exportFunctionName('acme'));
    expect(fn.Environment.Variables).toEqual({
      POWERTOOLS_SERVICE_NAME: 'export',
      [TENANT_EXPORT_ENV.tenantId]: 'acme',
      [TENANT_EXPORT_ENV.tableName]: { Ref: tableId },
      [TENANT_EXPORT_ENV.dataBucket]: { Ref: bucketId },
      [TENANT_EXPORT_ENV.exportBucket]: { Ref: exportBucketId },
      [TENANT_EXPORT_ENV.keyArn]: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    const config = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && r.Properties.FunctionName?.Ref === fnId);
    expect(config.Properties).toEqual({ FunctionName: { Ref: fnId }, Qualifier: '$LATEST', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: EXPORT_QUEUE_SECONDS });
  });

  test('THEN the export bucket is under the tenant key, expires exports after controlPlane.exportRetentionDays, and is not backed up', () => {
    const bucket = resources[exportBucketId].Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual({ Id: 'ExpireExports', Prefix: 'exports/', ExpirationInDays: PACK.CONFIG.controlPlane.exportRetentionDays, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' });
    const selections = Object.values(resources).filter((r) => r.Type === 'AWS::Backup::BackupSelection');
    expect(JSON.stringify(selections)).not.toContain(exportBucketId);
  });

  describe('its role under a real IAM engine', () => {
    const own = {
      table: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableId}`,
      bucket: `arn:aws:s3:::${bucketId.toLowerCase()}`,
      exportBucket: `arn:aws:s3:::${exportBucketId.toLowerCase()}`,
      key: resolve(resources, { 'Fn::GetAtt': [keyId, 'Arn'] }) as string,
    };
    const other = { table: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/globex-table`, bucket: 'arn:aws:s3:::globex-bucket', exportBucket: 'arn:aws:s3:::globex-exports', key: `arn:aws:kms:${REGION}:${ACCOUNT}:key/globex-key` };
    const viaS3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };
    // KMS needs the key policy to allow too: the tenant key's own policy is the resource policy of every key request.
    const resourcePolicy = (action: string) => (action.startsWith('kms:') ? resources[keyId].Properties.KeyPolicy : undefined);
    // Every row has all three values: a row shorter than the test function's parameters makes jest pass `done` instead.
    const requests = (t: typeof own): Array<[string, string, Record<string, string>]> => [
      ['dynamodb:Scan', t.table, {}],
      ['s3:ListBucket', t.bucket, {}],
      ['s3:GetObject', `${t.bucket}/reports/q1.csv`, {}],
      ['s3:PutObject', `${t.exportBucket}/exports/0b9f3c1e-2d4a-4c8b-9e7f-1a2b3c4d5e6f/export.tar`, {}],
      ['s3:GetObject', `${t.exportBucket}/exports/0b9f3c1e-2d4a-4c8b-9e7f-1a2b3c4d5e6f/manifest.json`, {}],
      ['kms:Decrypt', t.key, viaS3],
      ['kms:GenerateDataKey', t.key, viaS3],
    ];

    test.each(requests(own))('GIVEN its own tenant THEN %s on %s is allowed', async (action, resource, context) => {
      expect(await decideForRole(resources, roleId, action, resource, resourcePolicy(action), context)).toBe('Allowed');
    });

    test.each(requests(other))('GIVEN another tenant THEN %s on %s is denied', async (action, resource, context) => {
      expect(await decideForRole(resources, roleId, action, resource, resourcePolicy(action), context)).toBe('ImplicitlyDenied');
    });

    test.each<[string, string, Record<string, string>]>([
      ['s3:DeleteObject', `${own.bucket}/reports/q1.csv`, {}],
      ['s3:PutObject', `${own.bucket}/reports/q1.csv`, {}],
      ['s3:PutObject', `${own.exportBucket}/elsewhere/x`, {}],
      ['dynamodb:PutItem', own.table, {}],
      ['kms:Decrypt', own.key, {}],
      ['kms:Decrypt', own.key, { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` }],
      ['lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${exportFunctionName('globex')}`, {}],
    ])('GIVEN anything but the export THEN %s on %s is denied (no write to the tenant\'s data, no key use outside S3 and DynamoDB)', async (action, resource, context) => {
      expect(await decideForRole(resources, roleId, action, resource, resourcePolicy(action), context)).toBe('ImplicitlyDenied');
    });
  });
});

describe('tenant data export under the gate (DataExportAsPlanned)', () => {
  test('GIVEN the shipped tenant stack THEN no finding, and the rule judged its export', () => shipped('DataExportAsPlanned', () => tenantApp().app));

  test('GIVEN the environment pointed at another bucket (override) THEN reported', () => {
    const { app, stack } = tenantApp();
    l1(stack.dataExport.function.function).addPropertyOverride(`Environment.Variables.${TENANT_EXPORT_ENV.dataBucket}`, 'globex-bucket');
    expect(ids(findingsOf(app, 'DataExportAsPlanned'))[0]).toMatch(/^TenantBaseline-DataExportAsPlanned\[Environment::/);
  });

  test('GIVEN the function renamed for another tenant (override) THEN reported, and the tenant has no export function', () => {
    const { app, stack } = tenantApp();
    l1(stack.dataExport.function.function).addPropertyOverride('FunctionName', exportFunctionName('globex'));
    expect(ids(findingsOf(app, 'DataExportAsPlanned'))).toEqual([
      'TenantBaseline-DataExportAsPlanned[ExportFunction::missing]',
      'TenantBaseline-DataExportAsPlanned[FunctionName::tenant-baseline-globex-export::only-the-export-function-has-a-fixed-name]',
    ]);
  });

  test('GIVEN a statement added to the export policy (escape hatch) THEN reported as unplanned', () => {
    const { app, stack } = tenantApp();
    stack.dataExport.function.policy.addStatements(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::*/*'] }));
    expect(ids(findingsOf(app, 'DataExportAsPlanned')).join(' ')).toMatch(/Statement::unplanned::.*s3:GetObject ON arn:aws:s3:::\*\/\*/);
  });

  test('GIVEN a second policy or a managed policy on the export role THEN reported', () => {
    const second = tenantApp();
    new iam.Policy(second.stack, 'Extra', { roles: [second.stack.dataExport.function.role], statements: [new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: ['*'] })] });
    expect(ids(findingsOf(second.app, 'DataExportAsPlanned')).join(' ')).toMatch(/Statement::unplanned::/);
    const managed = tenantApp();
    managed.stack.dataExport.function.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    expect(ids(findingsOf(managed.app, 'DataExportAsPlanned'))).toContain('TenantBaseline-DataExportAsPlanned[Role::policies-outside-the-plan]');
  });

  test('GIVEN retries allowed or a destination added to the export\'s invoke configuration (override) THEN reported', () => {
    const { app, stack } = tenantApp();
    (stack.dataExport.node.findChild('OneAttempt') as CfnResource).addPropertyOverride('MaximumRetryAttempts', 2);
    expect(ids(findingsOf(app, 'DataExportAsPlanned'))).toEqual(['TenantBaseline-DataExportAsPlanned[OneAttempt::{"Qualifier":"$LATEST","MaximumRetryAttempts":2,"MaximumEventAgeInSeconds":300}]']);
  });

  test('GIVEN another function of the tenant stack with a fixed name THEN reported: only the export function is invoked by name', () => {
    const { app, stack } = tenantApp();
    new lambda.Function(stack, 'Impostor', { functionName: 'tenant-baseline-globex-export', runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1') });
    expect(ids(findingsOf(app, 'DataExportAsPlanned'))).toContain('TenantBaseline-DataExportAsPlanned[FunctionName::tenant-baseline-globex-export::only-the-export-function-has-a-fixed-name]');
  });

  test('GIVEN the export bucket removed from the template (escape hatch) THEN reported on the tenant', () => {
    const { app, stack } = tenantApp();
    stack.dataExport.bucket.node.tryRemoveChild('Resource');
    stack.node.tryRemoveChild('DataExport');
    expect(ids(findingsOf(app, 'DataExportAsPlanned'))).toEqual(['TenantBaseline-DataExportAsPlanned[ExportBucket::0]', 'TenantBaseline-DataExportAsPlanned[ExportFunction::missing]']);
  });
});
