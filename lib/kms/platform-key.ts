import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyGrantsExceptForAwsServices } from './grant-guard';

export interface PlatformKeyProps {
  /** The key alias, e.g. `alias/tenant-baseline/tenants/acme`. */
  readonly alias: string;
  /** A one-line description shown in the KMS console. */
  readonly description: string;
  /**
   * The log group name prefixes CloudWatch Logs may encrypt under this key. The key policy lets the regional CloudWatch
   * Logs service principal use the key only with an encryption context whose log group ARN starts with one of them.
   */
  readonly logGroupNamePrefixes: readonly string[];
  /**
   * Waiting period before a scheduled deletion completes, in days (7..30).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
  /**
   * What happens to the key when it is removed from the stack. Deleting a key erases every piece of data encrypted
   * under it, so the default keeps it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A customer-managed symmetric KMS key (AES-256-GCM) with automatic yearly rotation, an alias, and a key policy that
 * grants only the account root (so IAM policies can delegate, the KMS default) and CloudWatch Logs for the named log
 * groups. Other AWS services reach the key through IAM grants made with CDK grant methods, which add `kms:ViaService`
 * conditions; no service principal gets unconditioned use.
 */
export class PlatformKey extends Construct {
  /** The key. Its CloudFormation resource is the construct's `Resource` child. */
  public readonly key: kms.Key;
  public readonly alias: kms.IAlias;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      pendingWindow: props.pendingWindow ?? Duration.days(30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.alias = this.key.addAlias(props.alias);
    denyGrantsExceptForAwsServices(this.key);

    // CDK does not add this statement for encrypted log groups (aws-cdk #28304). The encryption-context condition
    // confines the service to this key owner's log groups under the prefix: another account's or tenant's log group
    // cannot be associated with the key.
    // A prefix must end at a name boundary ('/', '_' or '-') so it cannot be widened by a longer sibling name.
    if (props.logGroupNamePrefixes.some((p) => p.includes('*') || !/[/_-]$/.test(p))) {
      throw new Error(`${this.node.path}: 'logGroupNamePrefixes' must be prefixes without '*' that end in '/', '_' or '-', got ${JSON.stringify(props.logGroupNamePrefixes)}`);
    }
    if (props.logGroupNamePrefixes.length === 0) {
      return; // A key that encrypts no logs gives CloudWatch Logs nothing.
    }
    const logGroupArnPatterns = props.logGroupNamePrefixes.map((prefix) =>
      stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForOwnLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArnPatterns.length === 1 ? logGroupArnPatterns[0] : logGroupArnPatterns },
        },
      }),
    );
  }
}
