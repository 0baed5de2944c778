import { Aws, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RESTORE_VALIDATION_ENV } from '../../contracts/restore-testing';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformFunction } from '../compute/platform-function';
import { HTTPS_PORT, PLATFORM_PREFIX, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { S3_RESTORE_POLICY } from './platform-backup';
import { TenantDatabase } from './tenant-database';

/** How long the validation function has to report before AWS Backup deletes the copy anyway (hours). */
export const RESTORE_VALIDATION_WINDOW_HOURS = 2;

export interface RestoreTestingProps {
  readonly tenantId: string;
  readonly vault: backup.IBackupVault;
  readonly database: TenantDatabase;
  readonly table: dynamodb.ITable;
  /** The tenant's (versioned) bucket, backed up in `vault`. */
  readonly bucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** AWS cron expression (validated by the configuration). */
  readonly schedule: string;
  readonly vpc: ec2.IVpc;
  /** Where the validation function runs: subnets with HTTPS egress (it calls the Backup, RDS, DynamoDB and EventBridge APIs). */
  readonly functionSubnets: ec2.SubnetSelection;
  readonly logGroupPrefix: string;
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Restore testing of a tenant's backups (seed 001: test disaster recovery): an AWS Backup restore testing plan on the
 * configured schedule that restores the latest recovery points of the tenant's database, table and bucket from its
 * vault, the database into its isolated data subnets behind its own security group (no egress), the table and the
 * bucket (a new one, AWS Backup's) under the tenant key (a snapshot restore keeps the instance's key); a validation function that checks each copy is available, private
 * and under the tenant key and reports to AWS Backup, which then deletes the copy; and, for a failed restore or
 * validation, an event the account baseline routes to the medium alert topic.
 */
export class RestoreTesting extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  public readonly databaseSelection: backup.CfnRestoreTestingSelection;
  public readonly tableSelection: backup.CfnRestoreTestingSelection;
  public readonly bucketSelection: backup.CfnRestoreTestingSelection;
  public readonly restoreRole: iam.Role;
  public readonly validation: PlatformFunction;
  public readonly validationRule: events.Rule;
  /**
   * The validation's asynchronous invocations that never completed (errors and timeouts after Lambda's retries, or
   * throttled past the validation window) go to the default event bus as Lambda's own failure event, which the account
   * baseline routes to the medium topic: a validation that never reports is alerted, whatever broke it.
   */
  public readonly validationFailures: lambda.CfnEventInvokeConfig;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Resource', {
      restoreTestingPlanName: `tenant_baseline_${props.tenantId.replace(/-/g, '_')}`,
      scheduleExpression: props.schedule,
      startWindowHours: 24,
      recoveryPointSelection: { algorithm: 'LATEST_WITHIN_WINDOW', includeVaults: [props.vault.backupVaultArn], recoveryPointTypes: ['SNAPSHOT'], selectionWindowDays: 7 },
    });
    this.restoreRole = new iam.Role(this, 'RestoreRole', {
      description: `AWS Backup restores tenant ${props.tenantId}'s recovery points for restore tests`,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'), iam.ManagedPolicy.fromAwsManagedPolicyName(S3_RESTORE_POLICY)],
    });
    acknowledge(this.restoreRole, 'awsBackupRestoreRole');
    acknowledge(this.restoreRole, 'awsBackupS3RestorePolicy');
    const subnetGroup = props.database.instance.node.findChild('SubnetGroup') as rds.SubnetGroup;
    const selection = (id: string, type: string, arn: string, overrides: Record<string, string>) => {
      const s = new backup.CfnRestoreTestingSelection(this, id, {
        restoreTestingPlanName: this.plan.restoreTestingPlanName,
        restoreTestingSelectionName: id.toLowerCase(),
        protectedResourceType: type,
        protectedResourceArns: [arn],
        iamRoleArn: this.restoreRole.roleArn,
        restoreMetadataOverrides: overrides,
        validationWindowHours: RESTORE_VALIDATION_WINDOW_HOURS,
      });
      s.addResourceDependency(this.plan);
      return s;
    };
    this.databaseSelection = selection('Database', 'RDS', props.database.instance.instanceArn, {
      dbsubnetgroupname: subnetGroup.subnetGroupName,
      vpcsecuritygroupids: Stack.of(this).toJsonString([props.database.securityGroup.securityGroupId]),
    });
    this.tableSelection = selection('Table', 'DynamoDB', props.table.tableArn, { encryptionType: 'KMS', kmsMasterKeyArn: props.encryptionKey.keyArn });
    // AWS Backup restores a bucket's test into a new bucket (awsbackup-restore-test-*) under SSE-S3 unless told otherwise.
    this.bucketSelection = selection('Bucket', 'S3', props.bucket.bucketArn, { encryptionType: 'SSE-KMS', kmsKey: props.encryptionKey.keyArn });
    this.validation = this.createValidation(props, subnetGroup.subnetGroupName);
    this.validationRule = new events.Rule(this, 'JobFinished', {
      description: `Restore jobs that finished, to tenant ${props.tenantId}'s restore validation (it ignores other plans' jobs)`,
      eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'] } },
      targets: [new targets.LambdaFunction(this.validation.function, { deadLetterQueue: this.deadLetterQueue(props), retryAttempts: 10, maxEventAge: Duration.hours(RESTORE_VALIDATION_WINDOW_HOURS) })],
    });
    // The L1, so no grant is added: the function's own policy already allows PutEvents on the default bus (AlertOnFailure).
    this.validationFailures = new lambda.CfnEventInvokeConfig(this, 'ValidationFailures', {
      functionName: this.validation.function.functionName,
      qualifier: '$LATEST',
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: RESTORE_VALIDATION_WINDOW_HOURS * 3600,
      destinationConfig: { onFailure: { destination: Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }) } },
    });
  }

  private createValidation(props: RestoreTestingProps, subnetGroupName: string): PlatformFunction {
    const securityGroup = new ec2.SecurityGroup(this, 'ValidationSecurityGroup', {
      vpc: props.vpc,
      description: `Restore validation of tenant ${props.tenantId}: out HTTPS to the AWS APIs only`,
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'AWS Backup, RDS, DynamoDB and EventBridge APIs');
    // Firewall configuration is protected like the network's (the tag-protection SCP in lib/guardrails/).
    Tags.of(securityGroup).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    const fn = new PlatformFunction(this, 'Validation', {
      entry: 'lambda/restore-validation/handler.ts',
      name: 'restore-validation',
      description: `Validates tenant ${props.tenantId}'s restore tests and reports them to AWS Backup`,
      logGroupPrefix: props.logGroupPrefix,
      encryptionKey: props.encryptionKey,
      vpc: props.vpc,
      subnets: props.functionSubnets,
      securityGroup,
      logRetention: props.logRetention,
      timeout: Duration.seconds(30),
      reservedConcurrency: 2,
      environment: {
        [RESTORE_VALIDATION_ENV.tenantId]: props.tenantId,
        [RESTORE_VALIDATION_ENV.planArn]: this.plan.attrRestoreTestingPlanArn,
        [RESTORE_VALIDATION_ENV.keyArn]: props.encryptionKey.keyArn,
        [RESTORE_VALIDATION_ENV.subnetGroupName]: subnetGroupName,
      },
    });
    // A policy of its own: the Backup calls take no resource ARN ('*') and the copies' names are AWS Backup's
    // (awsbackup-restore-test-<random>), each acknowledged once, apart from the function's networking wildcards.
    const access = new iam.ManagedPolicy(this, 'ValidationAccess', {
      description: 'restore-validation: read restore jobs, report validations, describe the restored copies, alert on failure',
      roles: [fn.role],
      statements: [
        new iam.PolicyStatement({ sid: 'ReadRestoreJobsAndReportValidation', actions: ['backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'DescribeRestoredCopies',
          actions: ['rds:DescribeDBInstances', 'dynamodb:DescribeTable'],
          resources: [`arn:${Aws.PARTITION}:rds:${Aws.REGION}:${Aws.ACCOUNT_ID}:db:awsbackup-restore-test-*`, `arn:${Aws.PARTITION}:dynamodb:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/awsbackup-restore-test-*`],
        }),
        new iam.PolicyStatement({
          sid: 'DescribeRestoredBuckets',
          actions: ['s3:GetEncryptionConfiguration', 's3:GetBucketPublicAccessBlock'],
          resources: [`arn:${Aws.PARTITION}:s3:::awsbackup-restore-test-*`],
        }),
        // Its failed validations, and Lambda's failure event when it cannot finish at all (validationFailures).
        new iam.PolicyStatement({ sid: 'AlertOnFailure', actions: ['events:PutEvents'], resources: [`arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`] }),
      ],
    });
    fn.function.node.addDependency(access);
    acknowledge(access, 'restoreValidationWildcards');
    return fn;
  }

  /**
   * Restore-job events the function could not take (job ids and ARNs), under the tenant key like every store of the
   * tenant; EventBridge may use the key only through SQS, for this queue (a fixed name, so the key policy can name it
   * without a reference cycle).
   */
  private deadLetterQueue(props: RestoreTestingProps): sqs.Queue {
    const queueName = `${PLATFORM_PREFIX}-${props.tenantId}-restore-validation-dlq`;
    const queue = new sqs.Queue(this, 'DeadLetterQueue', { queueName, encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey, enforceSSL: true, retentionPeriod: Duration.days(14) });
    acknowledge(queue, 'restoreValidationDeadLetterQueue');
    const stack = Stack.of(this);
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeThroughSqsForRestoreValidationDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` },
          ArnLike: { 'kms:EncryptionContext:aws:sqs:arn': stack.formatArn({ service: 'sqs', resource: queueName }) },
        },
      }),
    );
    return queue;
  }
}
