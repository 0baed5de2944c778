import { Template } from 'aws-cdk-lib/assertions';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp, tenantStackProps } from '../helpers/app';

/**
 * Crypto-shredding (GDPR right to erasure): scheduling deletion of a tenant's key must make every piece of tenant data
 * that outlives its stack unreadable. This proves, on the synthesized template, that every data-bearing resource is
 * encrypted with the tenant key, and lists the one documented exception (docs/data-protection.md).
 */
const KEY_PROPERTY: Record<string, (p: any) => unknown> = {
  'AWS::S3::Bucket': (p) => p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID,
  'AWS::DynamoDB::Table': (p) => p.SSESpecification?.KMSMasterKeyId,
  'AWS::RDS::DBInstance': (p) => p.KmsKeyId,
  'AWS::SecretsManager::Secret': (p) => p.KmsKeyId,
  'AWS::Logs::LogGroup': (p) => p.KmsKeyId,
  'AWS::Backup::BackupVault': (p) => p.EncryptionKeyArn,
  'AWS::EC2::LaunchTemplate': (p) => p.LaunchTemplateData?.BlockDeviceMappings?.map((m: any) => m.Ebs?.KmsKeyId),
};
/** Stores that AWS cannot encrypt under a customer key; each is documented and deleted explicitly at offboarding. */
const DOCUMENTED_EXCEPTIONS = [/^BucketAccessLogs/, /^DataExportBucketAccessLogs/];

describe('crypto-shredding: deleting the tenant key erases the tenant', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', tenantStackProps({ id: 'acme', number: 0 }, { cidr: '10.0.0.0/16' }));
  const template = Template.fromStack(stack).toJSON();
  const keyId = stack.resolve((stack.key.key.node.defaultChild as any).logicalId);
  const tenantKey = { 'Fn::GetAtt': [keyId, 'Arn'] };

  test('THEN every data-bearing resource is encrypted with the tenant key (or is a documented exception)', () => {
    const seen: string[] = [];
    for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
      const keyOf = KEY_PROPERTY[resource.Type];
      if (!keyOf || DOCUMENTED_EXCEPTIONS.some((re) => re.test(logicalId))) continue;
      seen.push(resource.Type);
      for (const key of [keyOf(resource.Properties)].flat()) {
        expect({ logicalId, key }).toEqual({ logicalId, key: tenantKey });
      }
    }
    expect(new Set(seen)).toEqual(new Set(Object.keys(KEY_PROPERTY)));
  });

  test('THEN the rotated database secret and Performance Insights are under the tenant key too', () => {
    const db = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::RDS::DBInstance');
    expect(db.Properties.PerformanceInsightsKMSKeyId).toEqual(tenantKey);
    const rotation = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::SecretsManager::RotationSchedule');
    expect(rotation.Properties.HostedRotationLambda.KmsKeyArn).toEqual(tenantKey);
  });

  test('THEN the key survives the stack (RETAIN) so that erasure is a deliberate, separate act with a 30-day window', () => {
    expect(template.Resources[keyId]).toEqual(expect.objectContaining({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }));
    expect(template.Resources[keyId].Properties.PendingWindowInDays).toBe(30);
  });

  test('THEN the only stores outside the key are the S3 access-log buckets (data and export bucket), which hold request metadata and expire it', () => {
    const exceptions = Object.entries<any>(template.Resources).filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && DOCUMENTED_EXCEPTIONS.some((re) => re.test(id)));
    expect(exceptions).toHaveLength(2);
    for (const [, bucket] of exceptions) {
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
      expect(bucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(365);
    }
  });
});
