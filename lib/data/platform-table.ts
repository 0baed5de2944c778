import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface PlatformTableProps {
  /** The tenant's customer-managed key. */
  readonly encryptionKey: kms.IKey;
  /**
   * Deletion protection; off only for a tenant being offboarded, so destroying its stack can delete the table.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * The partition key.
   * @default - a string attribute named `pk`
   */
  readonly partitionKey?: dynamodb.Attribute;
  /**
   * The sort key; `null` for a table with a partition key only.
   * @default - a string attribute named `sk`
   */
  readonly sortKey?: dynamodb.Attribute | null;
  /**
   * Billing. On-demand by default, so a tenant's burst is never throttled by provisioned capacity.
   * @default dynamodb.BillingMode.PAY_PER_REQUEST
   */
  readonly billingMode?: dynamodb.BillingMode;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The attribute whose Unix-seconds value, when an item has it, is that item's expiry (DynamoDB TTL): transient
   * records. Items without it are never expired. @default - no TTL
   */
  readonly timeToLiveAttribute?: string;
}

/**
 * A tenant's DynamoDB table: encrypted with the tenant's customer-managed key (never the AWS-owned or AWS-managed
 * key), point-in-time recovery on, deletion protection on, on-demand billing by default, retained on stack delete.
 */
export class PlatformTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: PlatformTableProps) {
    super(scope, id);
    // Table rather than TableV2: TableV2 cannot render a customer-managed key in an environment-agnostic stack.
    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: props.partitionKey ?? { name: 'pk', type: dynamodb.AttributeType.STRING },
      ...(props.sortKey === null ? {} : { sortKey: props.sortKey ?? { name: 'sk', type: dynamodb.AttributeType.STRING } }),
      billingMode: props.billingMode ?? dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.timeToLiveAttribute !== undefined ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    });
  }
}
