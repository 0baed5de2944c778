import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { EXPORT_OBJECT_PREFIX, EXPORT_QUEUE_SECONDS, EXPORT_RUN_SECONDS, exportFunctionName } from '../../contracts/gdpr';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformFunction } from '../compute/platform-function';
import { HTTPS_PORT, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { PlatformBucket } from './platform-bucket';

/** The export bucket's lifecycle rule: everything under EXPORT_OBJECT_PREFIX expires (RetentionAsPlanned checks it). */
export const EXPORT_OBJECTS_RULE_ID = 'ExpireExports';

export interface TenantDataExportProps {
  readonly tenantId: string;
  readonly table: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** Days an archive is kept (controlPlane.exportRetentionDays). */
  readonly retentionDays: number;
  readonly vpc: ec2.IVpc;
  readonly functionSubnets: ec2.SubnetSelection;
  readonly logGroupPrefix: string;
  readonly logRetention: logs.RetentionDays;
  /**
   * For a tenant in another account than the control plane's: that account, whose principals may invoke the export
   * function (the control plane's IAM policy names the function; no other principal of that account is granted it).
   * @default - none: the control plane calls the function in this account
   */
  readonly controlPlaneAccount?: string;
}

/**
 * A tenant's right-of-access export (docs/data-protection.md#export): an export bucket under the tenant key whose
 * objects expire after `retentionDays` (not backed up: a copy must not outlive its expiry in a vault), and the
 * export function, named `exportFunctionName(tenantId)` so the control plane can invoke it and nothing else of the
 * tenant. The function's role reads this tenant's table and bucket and writes this tenant's export bucket, through
 * the tenant key, and nothing else: the control plane never holds a right on the tenant's data, and one tenant's
 * export cannot reach another's. Invoked asynchronously once per export (no retry: a retried failure is a new
 * export), so an export is RUNNING for at most EXPORT_QUEUE_SECONDS + EXPORT_RUN_SECONDS.
 */
export class TenantDataExport extends Construct {
  public readonly bucket: PlatformBucket;
  public readonly function: PlatformFunction;

  constructor(scope: Construct, id: string, props: TenantDataExportProps) {
    super(scope, id);
    const { encryptionKey } = props;
    const region = Stack.of(this).region;
    this.bucket = new PlatformBucket(this, 'Bucket', {
      encryptionKey,
      noncurrentVersionRetentionDays: 1,
      transientObjects: { prefix: EXPORT_OBJECT_PREFIX, expirationDays: props.retentionDays, ruleId: EXPORT_OBJECTS_RULE_ID },
    });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Data export of tenant ${props.tenantId}: out HTTPS to the S3 and DynamoDB APIs only`,
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'S3 and DynamoDB APIs');
    Tags.of(securityGroup).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    const env = FUNCTION_ENVIRONMENT.tenantExport;
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'lambda/tenant-export/handler.ts',
      name: 'export',
      functionName: exportFunctionName(props.tenantId),
      description: `Exports tenant ${props.tenantId}'s table and bucket into its export bucket (GDPR Art. 15); signs short links to the archive`,
      logGroupPrefix: props.logGroupPrefix,
      encryptionKey,
      vpc: props.vpc,
      subnets: props.functionSubnets,
      securityGroup,
      timeout: Duration.seconds(EXPORT_RUN_SECONDS),
      memorySize: 1024,
      reservedConcurrency: 2,
      logRetention: props.logRetention,
      environment: {
        [env.tenantId]: props.tenantId,
        [env.tableName]: props.table.tableName,
        [env.dataBucket]: props.bucket.bucketName,
        [env.exportBucket]: this.bucket.bucket.bucketName,
        [env.keyArn]: encryptionKey.keyArn,
      },
    });
    const fn = this.function;
    fn.allow('ScanTenantTable', ['dynamodb:Scan'], [props.table.tableArn]);
    fn.allow('ReadTenantObjects', ['s3:ListBucket'], [props.bucket.bucketArn]);
    fn.allow('ReadTenantObjectsContent', ['s3:GetObject'], [props.bucket.arnForObjects('*')]);
    // ListBucket on the export bucket makes a missing export a 404 rather than a 403 (S3's rule), so "not built yet" is told apart from "refused".
    fn.allow('FindExports', ['s3:ListBucket'], [this.bucket.bucket.bucketArn]);
    fn.allow('WriteAndSignExports', ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], [this.bucket.bucket.arnForObjects(`${EXPORT_OBJECT_PREFIX}*`)]);
    fn.allow('UseTenantKeyThroughDataServices', ['kms:Decrypt', 'kms:GenerateDataKey'], [encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': [`s3.${region}.amazonaws.com`, `dynamodb.${region}.amazonaws.com`] },
    });
    acknowledge(fn.policy, 'tenantExportObjects');
    // One attempt per export, dropped if it waited too long: an export's state then follows from its age (exports.ts).
    const oneAttempt = new lambda.CfnEventInvokeConfig(this, 'OneAttempt', {
      functionName: fn.function.functionName,
      qualifier: '$LATEST',
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: EXPORT_QUEUE_SECONDS,
    });
    acknowledge(oneAttempt, 'exportOneAttemptNoDestination');
    if (props.controlPlaneAccount !== undefined) {
      fn.function.addPermission('ControlPlaneInvoke', { principal: new iam.AccountPrincipal(props.controlPlaneAccount), action: 'lambda:InvokeFunction' });
    }
  }
}
