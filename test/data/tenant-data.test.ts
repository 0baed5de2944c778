import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PlatformBackup } from '../../lib/data/platform-backup';
import { PlatformBucket } from '../../lib/data/platform-bucket';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { resourcesOfType, testApp, tenantStackProps } from '../helpers/app';

const KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };

describe('tenant data stores', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', tenantStackProps({ id: 'acme', number: 0 }, { cidr: '10.0.0.0/16' }));
  const template = Template.fromStack(stack);
  const dataBucketId = stack.resolve((stack.bucket.bucket.node.defaultChild as any).logicalId);
  const logBucketId = stack.resolve((stack.bucket.accessLogBucket.node.defaultChild as any).logicalId);
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket');

  describe('PlatformBucket', () => {
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
      // The second rule expires the transient prefix only (test/data/retention.test.ts).
      expect(props.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        expect.objectContaining({ Id: 'ExpireTransientRecords', Prefix: 'transient/', Status: 'Enabled' }),
      ]);
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
      expect(() => new PlatformBucket(s, 'B', { encryptionKey: new kms.Key(s, 'K'), ...override })).toThrow(message);
    });
  });

  describe('PlatformTable', () => {
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

  describe('PlatformBackup', () => {
    test('THEN recovery points go to a vault under the tenant key, retained, daily with a finite retention, covering the table', () => {
      template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: KEY });
      template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
      template.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
      });
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({ Resources: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'Arn'] }]) }),
      });
    });

    test.each([6, 3651, 7.5])('GIVEN retentionDays %p THEN construction fails', (retentionDays) => {
      const s = new Stack(testApp(), 'S');
      expect(() => new PlatformBackup(s, 'B', { encryptionKey: new kms.Key(s, 'K'), resources: [], retentionDays })).toThrow(`'retentionDays' must be an integer in 7..3650, got ${retentionDays}`);
    });
  });
});

describe('TenantDatabase', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', tenantStackProps({ id: 'acme', number: 0 }, { cidr: '10.0.0.0/16' }));
  const template = Template.fromStack(stack);
  const sgId = (sg: any) => stack.resolve(sg.securityGroupId);

  test('THEN it is PostgreSQL 18, private, encrypted with the tenant key, IAM auth on, deletion protection and backups on', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '18',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: KEY,
      EnableIAMDatabaseAuthentication: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      CopyTagsToSnapshot: true,
      MultiAZ: true,
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: KEY,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
  });

  test('THEN its parameter group forces TLS and logs connections and disconnections', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres18', Parameters: { 'rds.force_ssl': '1', log_connections: '1', log_disconnections: '1' } });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBParameterGroupName: { Ref: Match.stringLikeRegexp('^DatabaseParameters') } });
  });

  test('THEN it lives in the isolated data subnets only', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: [{ Ref: Match.stringLikeRegexp('DataSubnet1') }, { Ref: Match.stringLikeRegexp('DataSubnet2') }] });
  });

  test('THEN the master secret is encrypted with the tenant key and rotated every 30 days by a function inside the VPC', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: KEY });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', KmsKeyArn: KEY, VpcSecurityGroupIds: Match.anyValue(), VpcSubnetIds: Match.anyValue() }),
    });
  });

  test('THEN its log groups exist before the instance, under the tenant key, with a finite retention', () => {
    for (const stream of ['postgresql', 'upgrade']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/rds/instance/tenant-baseline-acme/${stream}`, KmsKeyId: KEY, RetentionInDays: 365 });
    }
    const db = Object.values(resourcesOfType(template, 'AWS::RDS::DBInstance'))[0] as any;
    expect(db.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DatabasePostgresqlLogs/), expect.stringMatching(/^DatabaseUpgradeLogs/)]));
  });

  test('THEN CloudWatch Logs may use the tenant key for the RDS log groups of this tenant only', () => {
    const key = Object.values(resourcesOfType(template, 'AWS::KMS::Key'))[0];
    const logs = key.Properties!.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsForOwnLogGroups');
    expect(JSON.stringify(logs.Condition)).toContain(':log-group:/aws/rds/instance/tenant-baseline-acme/*');
    expect(JSON.stringify(logs.Condition)).toContain(':log-group:/tenant-baseline/tenants/acme/*');
  });

  test('THEN its security group admits TCP 5432 from the runtime and rotation groups only and has no egress', () => {
    const dbSg = sgId(stack.database.securityGroup);
    const ingress = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress')).filter((r) => JSON.stringify(r.Properties!.GroupId) === JSON.stringify(dbSg));
    expect(ingress.map((r) => [r.Properties!.SourceSecurityGroupId, r.Properties!.FromPort, r.Properties!.ToPort, r.Properties!.IpProtocol])).toEqual([
      [sgId(stack.network.runtimeSecurityGroup), 5432, 5432, 'tcp'],
      [sgId(stack.database.rotationSecurityGroup), 5432, 5432, 'tcp'],
    ]);
    const sg = Object.entries(resourcesOfType(template, 'AWS::EC2::SecurityGroup')).find(([id]) => id === dbSg['Fn::GetAtt'][0])![1];
    expect(sg.Properties!.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties!.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
  });

  test('THEN the backup plan covers the database as well as the table', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Database') }])]) })]) }),
    });
  });
});

describe('per-tenant options reach the template', () => {
  const stack = new TenantStack(testApp(), 'Tenant-small', tenantStackProps({ id: 'small', number: 3, runtime: { minHosts: 2, maxHosts: 3, instanceType: 'm7g.large' }, database: { multiAz: false, instanceType: 'r7g.large', backupRetentionDays: 30 }, logRetentionDays: 90 }));
  const template = Template.fromStack(stack);

  test('THEN capacity, instance types, Multi-AZ, backup and log retention follow the configuration', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '2', MaxSize: '3' });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ InstanceType: 'm7g.large' }) });
    template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: false, DBInstanceClass: 'db.r7g.large', BackupRetentionPeriod: 30 });
    for (const group of Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties!.RetentionInDays).toBe(90);
    }
  });
});
