/**
 * Restore testing on the real tenant and account-baseline stacks: the plan on the configured schedule over the tenant's
 * vault, a selection for the database (into its isolated subnets, behind its own group) and one for the table (under the
 * tenant key), a restore role only AWS Backup holds, the validation trigger with a dead-letter queue under the tenant
 * key, and failures routed to the medium topic. And the gate's RestoreTestingAsPlanned failing on each break, through
 * L1 attributes and overrides.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { RESTORE_TESTING_EVENTS } from '../../contracts/restore-testing';
import { testApp } from '../helpers/app';
import { findingsOf, PACK } from '../helpers/pack';

const QUARTERLY = 'cron(0 3 1 1,4,7,10 ? *)';
const CONFIG = { ...PACK.CONFIG, tenants: PACK.CONFIG.tenants.map((t) => (t.id === 'acme' ? { ...t, backup: { restoreTestSchedule: QUARTERLY } } : t)) };
const ACME = CONFIG.tenants.find((t) => t.id === 'acme')!;

function tenant() {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  const found = () => {
    const pack = new TenantBaselineChecks(platformTopology(CONFIG));
    pack.validateScope(app);
    const judged = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-RestoreTestingAsPlanned');
    return { compliant: judged.filter((e) => e.status === 'compliant').length, findings: judged.filter((e) => e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath.split('/').slice(1).join('/')}`)) };
  };
  return { stack, template: () => Template.fromStack(stack), found };
}
const id = (stack: TenantStack, c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as CfnResource).logicalId) as string;

describe('restore testing as built', () => {
  test('GIVEN a quarterly schedule in config THEN the plan runs on it and tests the latest snapshot of the tenant vault', () => {
    const { stack, template } = tenant();
    template().hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'tenant_baseline_acme',
      ScheduleExpression: QUARTERLY,
      RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: [{ 'Fn::GetAtt': [id(stack, stack.backup.vault as never), 'BackupVaultArn'] }], RecoveryPointTypes: ['SNAPSHOT'] },
    });
  });

  test('GIVEN a tenant THEN the database is restored into its own subnet group behind its own group, the table under the tenant key', () => {
    const { stack, template } = tenant();
    const t = template();
    const db = t.toJSON().Resources[id(stack, stack.database.instance as never)].Properties;
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'RDS',
      RestoreMetadataOverrides: { dbsubnetgroupname: db.DBSubnetGroupName, vpcsecuritygroupids: { 'Fn::Join': ['', ['["', db.VPCSecurityGroups[0], '"]']] } },
      ValidationWindowHours: 2,
    });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'DynamoDB',
      ProtectedResourceArns: [{ 'Fn::GetAtt': [id(stack, stack.table.table as never), 'Arn'] }],
      RestoreMetadataOverrides: { encryptionType: 'KMS', kmsMasterKeyArn: { 'Fn::GetAtt': [id(stack, stack.key.key as never), 'Arn'] } },
    });
  });

  test('GIVEN a tenant THEN its bucket is backed up in the plan and restore-tested into a new bucket under the tenant key, with AWS\'s S3 policies on both roles', () => {
    const { stack, template } = tenant();
    const t = template();
    const bucketArn = { 'Fn::GetAtt': [id(stack, stack.bucket.bucket as never), 'Arn'] };
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'S3',
      ProtectedResourceArns: [bucketArn],
      RestoreMetadataOverrides: { encryptionType: 'SSE-KMS', kmsKey: { 'Fn::GetAtt': [id(stack, stack.key.key as never), 'Arn'] } },
      ValidationWindowHours: 2,
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: { Resources: Match.arrayWith([bucketArn]) } });
    t.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' }, BucketEncryption: Match.anyValue() });
    const policies = (logicalId: string) => JSON.stringify(t.toJSON().Resources[logicalId].Properties.ManagedPolicyArns);
    const backupRole = stack.resolve((stack.backup.plan.node.findChild('Selection').node.findChild('Role').node.defaultChild as CfnResource).logicalId) as string;
    expect(policies(backupRole)).toContain(':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup');
    expect(policies(backupRole)).not.toContain('Restore');
    expect(policies(id(stack, stack.restoreTesting.restoreRole as never))).toContain(':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore');
  });

  test('GIVEN a tenant THEN only AWS Backup of this account may assume the restore role', () => {
    const { stack, template } = tenant();
    const role = template().toJSON().Resources[id(stack, stack.restoreTesting.restoreRole as never)].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }]);
  });

  test('GIVEN a tenant THEN finished restore jobs reach its validation function, with a dead-letter queue under the tenant key', () => {
    const { stack, template } = tenant();
    const t = template();
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.backup'], 'detail-type': ['Restore Job State Change'], detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'] } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id(stack, stack.restoreTesting.validation.function as never), 'Arn'] }, DeadLetterConfig: { Arn: Match.anyValue() } })],
    });
    t.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'tenant-baseline-acme-restore-validation-dlq', KmsMasterKeyId: { 'Fn::GetAtt': [id(stack, stack.key.key as never), 'Arn'] } });
  });

  test('GIVEN a tenant THEN its validation function sends its own failures (after 2 retries, or past the window) to the default event bus', () => {
    const { stack, template } = tenant();
    template().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: id(stack, stack.restoreTesting.validation.function as never) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-bus/default']] } } },
    });
  });

  test('GIVEN the account baseline THEN failed restore jobs and failed validations go to the medium topic, with the dead-letter queue', () => {
    const app = testApp();
    const stack = new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
    const t = Template.fromStack(stack);
    const medium = { Ref: stack.resolve((stack.alerts.topics.medium.node.defaultChild as CfnResource).logicalId) };
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['aws.backup'], 'detail-type': ['Restore Job State Change'], detail: { status: ['FAILED', 'ABORTED'] } }, Targets: [Match.objectLike({ Arn: medium, DeadLetterConfig: Match.anyValue() })] });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: [RESTORE_TESTING_EVENTS.source], 'detail-type': [RESTORE_TESTING_EVENTS.validationFailed] }, Targets: [Match.objectLike({ Arn: medium })] });
    // A validation that never reported: Lambda's failure event for a restore job event a validation function could not handle.
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['lambda'], 'detail-type': ['Lambda Function Invocation Result - Failure'], detail: { requestPayload: { source: ['aws.backup'], 'detail-type': ['Restore Job State Change'] } } },
      Targets: [Match.objectLike({ Arn: medium, DeadLetterConfig: Match.anyValue() })],
    });
  });
});

describe('RestoreTestingAsPlanned', () => {
  test('GIVEN the shipped tenant THEN the plan, the three selections, the backup selection and the failure destination are judged and compliant', () => {
    expect(tenant().found()).toEqual({ compliant: 6, findings: [] });
  });

  test("GIVEN the validation's failures sent to another account's bus, or to a version nobody invokes (overrides) THEN each is reported, and the plan misses the destination", () => {
    const { stack, found } = tenant();
    stack.restoreTesting.validationFailures.addPropertyOverride('DestinationConfig.OnFailure.Destination', 'arn:aws:events:eu-west-1:444455556666:event-bus/default');
    stack.restoreTesting.validationFailures.addPropertyOverride('Qualifier', '1');
    const fn = id(stack, stack.restoreTesting.validation.function as never);
    expect(found().findings.sort()).toEqual([
      'TenantBaseline-RestoreTestingAsPlanned[OnFailure::arn:aws:events:eu-west-1:444455556666:event-bus/default] @ RestoreTesting/ValidationFailures',
      'TenantBaseline-RestoreTestingAsPlanned[Qualifier::1] @ RestoreTesting/ValidationFailures',
      `TenantBaseline-RestoreTestingAsPlanned[Validation::${fn}::no-failure-destination] @ RestoreTesting/Resource`,
    ]);
  });

  test('GIVEN the failure destination removed THEN the plan reports a validation whose failures are silent', () => {
    const { stack, found } = tenant();
    stack.restoreTesting.node.tryRemoveChild('ValidationFailures');
    expect(found().findings).toEqual([`TenantBaseline-RestoreTestingAsPlanned[Validation::${id(stack, stack.restoreTesting.validation.function as never)}::no-failure-destination] @ RestoreTesting/Resource`]);
  });

  test("GIVEN the bucket restored under SSE-S3 or another account's key, or from the access-log bucket (overrides) THEN each is reported", () => {
    const { stack, found } = tenant();
    stack.restoreTesting.bucketSelection.addPropertyOverride('RestoreMetadataOverrides.encryptionType', 'SSE-S3');
    stack.restoreTesting.bucketSelection.addPropertyOverride('RestoreMetadataOverrides.kmsKey', 'arn:aws:kms:eu-west-1:444455556666:key/x');
    expect(found().findings.sort()).toEqual([
      'TenantBaseline-RestoreTestingAsPlanned[encryptionType::SSE-S3] @ RestoreTesting/Bucket',
      'TenantBaseline-RestoreTestingAsPlanned[kmsKey::arn:aws:kms:eu-west-1:444455556666:key/x] @ RestoreTesting/Bucket',
    ]);
    const other = tenant();
    const logs = other.stack.resolve((other.stack.bucket.accessLogBucket.node.findChild('Resource') as CfnResource).logicalId) as string;
    other.stack.restoreTesting.bucketSelection.addPropertyOverride('ProtectedResourceArns', [{ 'Fn::GetAtt': [logs, 'Arn'] }]);
    other.stack.restoreTesting.bucketSelection.addPropertyDeletionOverride('RestoreMetadataOverrides.kmsKey');
    expect(other.found().findings.sort()).toEqual([
      `TenantBaseline-RestoreTestingAsPlanned[ProtectedResourceArns::\${${logs}.Arn}] @ RestoreTesting/Bucket`,
      'TenantBaseline-RestoreTestingAsPlanned[RestoreMetadataOverrides::encryptionType] @ RestoreTesting/Bucket',
      'TenantBaseline-RestoreTestingAsPlanned[kmsKey::${?}] @ RestoreTesting/Bucket',
    ]);
  });

  test('GIVEN the bucket selection removed THEN the plan reports the untested store', () => {
    const { stack, found } = tenant();
    stack.restoreTesting.node.tryRemoveChild('Bucket');
    expect(found().findings).toEqual(['TenantBaseline-RestoreTestingAsPlanned[Selection::S3::missing] @ RestoreTesting/Resource']);
  });

  test('GIVEN the bucket dropped from the backup, or the backup narrowed by tags (overrides) THEN the backup selection is reported', () => {
    const { stack, found } = tenant();
    const selection = stack.backup.plan.node.findChild('Selection').node.defaultChild as CfnResource;
    const resources = (stack.resolve((selection as unknown as { backupSelection: { resources: unknown[] } }).backupSelection.resources) as unknown[]);
    selection.addPropertyOverride('BackupSelection.Resources', resources.slice(0, 2));
    selection.addPropertyOverride('BackupSelection.ListOfTags', [{ ConditionKey: 'backup', ConditionValue: 'yes', ConditionType: 'STRINGEQUALS' }]);
    expect(found().findings.sort()).toEqual([
      'TenantBaseline-RestoreTestingAsPlanned[ListOfTags::set] @ Backup/Plan/Selection/Resource',
      expect.stringMatching(/^TenantBaseline-RestoreTestingAsPlanned\[Resources::\$\{Table[0-9A-F]+\.Arn\},arn:\$\{AWS::Partition\}:rds:.*\] @ Backup\/Plan\/Selection\/Resource$/),
    ]);
  });

  test('GIVEN the schedule changed through the L1 THEN it is reported against the configured one', () => {
    const { stack, found } = tenant();
    stack.restoreTesting.plan.scheduleExpression = 'cron(0 5 1 1 ? 2099)';
    expect(found().findings).toEqual([`TenantBaseline-RestoreTestingAsPlanned[ScheduleExpression::cron(0 5 1 1 ? 2099)::planned-${QUARTERLY}] @ RestoreTesting/Resource`]);
  });

  test("GIVEN the table restored under another account's key and the database into another subnet group (overrides) THEN both are reported", () => {
    const { stack, found } = tenant();
    stack.restoreTesting.tableSelection.addPropertyOverride('RestoreMetadataOverrides.kmsMasterKeyArn', 'arn:aws:kms:eu-west-1:444455556666:key/x');
    stack.restoreTesting.databaseSelection.addPropertyOverride('RestoreMetadataOverrides.dbsubnetgroupname', 'default');
    expect(found().findings.sort()).toEqual([
      'TenantBaseline-RestoreTestingAsPlanned[dbsubnetgroupname::default] @ RestoreTesting/Database',
      'TenantBaseline-RestoreTestingAsPlanned[kmsMasterKeyArn::arn:aws:kms:eu-west-1:444455556666:key/x] @ RestoreTesting/Table',
    ]);
  });

  test('GIVEN the database selection removed THEN the plan reports the untested store', () => {
    const { stack, found } = tenant();
    stack.restoreTesting.node.tryRemoveChild('Database');
    expect(found().findings).toEqual(['TenantBaseline-RestoreTestingAsPlanned[Selection::RDS::missing] @ RestoreTesting/Resource']);
  });

  test('GIVEN a selection widened to every resource (*) and the restore role trusted by anyone (overrides) THEN both are reported', () => {
    const { stack, found } = tenant();
    stack.restoreTesting.tableSelection.addPropertyOverride('ProtectedResourceArns', ['*']);
    (stack.restoreTesting.restoreRole.node.defaultChild as CfnResource).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Principal', { AWS: '*' });
    expect(found().findings.sort()).toEqual([
      expect.stringMatching(/^TenantBaseline-RestoreTestingAsPlanned\[IamRoleArn::.*\] @ RestoreTesting\/Bucket$/),
      expect.stringMatching(/^TenantBaseline-RestoreTestingAsPlanned\[IamRoleArn::.*\] @ RestoreTesting\/Database$/),
      expect.stringMatching(/^TenantBaseline-RestoreTestingAsPlanned\[IamRoleArn::.*\] @ RestoreTesting\/Table$/),
      'TenantBaseline-RestoreTestingAsPlanned[ProtectedResourceArns::*] @ RestoreTesting/Table',
    ]);
  });
});

describe("RestoreTestingAsPlanned on the control plane's backup", () => {
  const controlPlane = () => {
    const app = testApp();
    const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: PACK.CONFIG.controlPlane, tenantIds: ['acme'], sidecar: PACK.CONFIG.sidecar });
    const selection = stack.edge!.backup.plan.node.findChild('Selection').node.defaultChild as CfnResource;
    return { app, selection, found: () => findingsOf(app, 'RestoreTestingAsPlanned') };
  };

  test('GIVEN the shipped control plane THEN its backup selects exactly its two tables, and the gate agrees', () => {
    expect(controlPlane().found()).toEqual([]);
  });

  test('GIVEN one table dropped from the backup, or the same table twice (overrides) THEN it is reported', () => {
    for (const change of [(r: unknown[]) => r.slice(0, 1), (r: unknown[]) => [r[0], r[0]]]) {
      const { selection, found } = controlPlane();
      const resources = selection.stack.resolve((selection as unknown as { backupSelection: { resources: unknown[] } }).backupSelection.resources) as unknown[];
      selection.addPropertyOverride('BackupSelection.Resources', change(resources));
      expect(found()).toEqual([expect.stringMatching(/^TenantBaseline-RestoreTestingAsPlanned\[Resources::.*\] @ ControlPlane\/.*Backup\/Plan\/Selection\/Resource$/)]);
    }
  });
});

describe('backup vault lock', () => {
  const locked = (vaultLock?: { minRetentionDays: number; maxRetentionDays: number }) => {
    const config = { ...CONFIG, tenants: CONFIG.tenants.map((t) => (t.id === 'acme' ? { ...t, backup: { ...t.backup, ...(vaultLock ? { vaultLock } : {}) } } : t)) };
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant: config.tenants.find((t) => t.id === 'acme')!, controlPlane: config.controlPlane, sidecar: config.sidecar });
    const found = () => {
      const pack = new TenantBaselineChecks(platformTopology(config));
      pack.validateScope(app);
      return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-BackupVaultLockAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings);
    };
    return { stack, found, vault: () => stack.backup.vault.node.defaultChild as CfnResource };
  };

  test('GIVEN a lock of 7..365 days THEN the vault is locked in compliance mode (3-day grace) with those bounds, and the gate agrees', () => {
    const { stack, found } = locked({ minRetentionDays: 7, maxRetentionDays: 365 });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365, ChangeableForDays: 3 } });
    expect(found()).toEqual([]);
  });

  test('GIVEN no lock configured THEN the vault has none and the gate agrees', () => {
    const { stack, found } = locked();
    expect(Template.fromStack(stack).toJSON().Resources[stack.resolve(stack.backup.vault.node.defaultChild && (stack.backup.vault.node.defaultChild as CfnResource).logicalId)].Properties.LockConfiguration).toBeUndefined();
    expect(found()).toEqual([]);
  });

  test('GIVEN the lock removed, or left changeable forever (governance mode), by override THEN each is reported', () => {
    const removed = locked({ minRetentionDays: 7, maxRetentionDays: 365 });
    removed.vault().addPropertyDeletionOverride('LockConfiguration');
    expect(removed.found()).toEqual(['TenantBaseline-BackupVaultLockAsPlanned[LockConfiguration::none::planned-7/365/3]']);
    const governance = locked({ minRetentionDays: 7, maxRetentionDays: 365 });
    governance.vault().addPropertyDeletionOverride('LockConfiguration.ChangeableForDays');
    expect(governance.found()).toEqual(['TenantBaseline-BackupVaultLockAsPlanned[LockConfiguration::7/365/undefined::planned-7/365/3]']);
  });

  test('GIVEN a lock added where none is configured (override) THEN it is reported', () => {
    const { vault, found } = locked();
    vault().addPropertyOverride('LockConfiguration', { MinRetentionDays: 1, MaxRetentionDays: 36500 });
    expect(found()).toEqual(['TenantBaseline-BackupVaultLockAsPlanned[LockConfiguration::1/36500/undefined::planned-none]']);
  });
});
