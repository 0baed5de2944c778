import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TenantBackup } from '../../lib/data/tenant-backup';
import { TenantBucket } from '../../lib/data/tenant-bucket';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { resourcesOfType, testApp } from '../helpers/app';

const KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };

describe('tenant data stores', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', { tenant: { id: 'acme', number: 0 }, controlPlane: { cidr: '10.0.0.0/16' } });
  const template = Template.fromStack(stack);
  const dataBucketId = stack.resolve((stack.bucket.bucket.node.defaultChild as any).logicalId);
  const logBucketId = stack.resolve((stack.bucket.accessLogBucket.node.defaultChild as any).logicalId);
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket');

  describe('TenantBucket', () => {
    test('THEN objects are encrypted with SSE-KMS under the tenant key, bucket keys on', () => {
      expect(buckets[dataBucketId].Properties!.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } } }],
      });
    });

    test.each(['data', 'access-log'])('THEN the %s bucket blocks all public access, enforces object ownership and versioning', (which) => {
      const props = buckets[which === 'data' ? dataBucketId : logBucketId].Properties!;
      expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    });

    test.each(['data', 'access-log'])('THEN the %s bucket policy denies plain HTTP and TLS below 1.2 to everyone', (which) => {
      const id = which === 'data' ? dataBucketId : logBucketId;
      const policy = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy')).find((p) => p.Properties!.Bucket.Ref === id)!;
      const statements = policy.Properties!.PolicyDocument.Statement;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      );
      for (const s of statements.filter((x: any) => x.Effect === 'Allow')) {
        // The only allow is the S3 logging service writing this tenant's access logs.
        expect(s.Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
        expect(s.Condition.ArnLike['aws:SourceArn']).toEqual({ 'Fn::GetAtt': [dataBucketId, 'Arn'] });
      }
    });

    test('THEN server access logs go to the tenant log bucket and noncurrent versions expire', () => {
      const props = buckets[dataBucketId].Properties!;
      expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'data/' });
      expect(props.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]);
    });

    test('THEN both buckets are retained when the stack is deleted', () => {
      for (const id of [dataBucketId, logBucketId]) {
        expect(template.toJSON().Resources[id]).toEqual(expect.objectContaining({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }));
      }
    });

    test.each([
      [{ noncurrentVersionRetentionDays: 0 }, "'noncurrentVersionRetentionDays' must be an integer in 1..3650, got 0"],
      [{ accessLogRetentionDays: 1.5 }, "'accessLogRetentionDays' must be an integer in 1..3650, got 1.5"],
    ])('GIVEN %p THEN construction fails naming the prop, the rule and the value', (override, message) => {
      const s = new Stack(testApp(), 'S');
      expect(() => new TenantBucket(s, 'B', { encryptionKey: new kms.Key(s, 'K'), ...override })).toThrow(message);
    });
  });

  describe('TenantTable', () => {
    test('THEN it is encrypted with the tenant key, has point-in-time recovery and deletion protection, on-demand billing', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
      });
      template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    });
  });

  describe('TenantBackup', () => {
    test('THEN recovery points go to a vault under the tenant key, retained, daily with a finite retention, covering the table', () => {
      template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: KEY });
      template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
      template.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
      });
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'Arn'] }] }),
      });
    });

    test.each([6, 3651, 7.5])('GIVEN retentionDays %p THEN construction fails', (retentionDays) => {
      const s = new Stack(testApp(), 'S');
      expect(() => new TenantBackup(s, 'B', { encryptionKey: new kms.Key(s, 'K'), resources: [], retentionDays })).toThrow(`'retentionDays' must be an integer in 7..3650, got ${retentionDays}`);
    });
  });
});
