import { Aws, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DELIVERY_REPLICATION } from '../config/delivery-replication-plan';
import { enableBucketAbac } from '../data/bucket-abac';
import { PlatformBucket } from '../data/platform-bucket';
import { PlatformKey } from '../kms/platform-key';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { PlatformStack, PlatformStackProps } from '../stacks/platform-stack';
import { CDK_BOOTSTRAP_QUALIFIER } from '../config/validate-delivery';

export interface DeliveryReplicationStackProps extends PlatformStackProps {
  /** The region this store serves (the stack's environment). */
  readonly region: string;
  /**
   * Other accounts with tenants in this region: their CDK deploy roles of this region read the artifacts of their stages
   * from this store. @default - none
   */
  readonly tenantAccounts?: readonly string[];
}

/**
 * The delivery pipeline's replication store in an additional region (docs/delivery.md#regions): CodePipeline copies the
 * artifacts of that region's actions here. A hardened, versioned, access-logged bucket under a key of its own, with the
 * fixed names the pipeline's stack uses (lib/config/delivery-replication-plan.ts); the deploy roles of the region's
 * tenant accounts may read it, nobody else outside the account. Deployed with the pipeline (its stack depends on it).
 */
export class DeliveryReplicationStack extends PlatformStack {
  public readonly kind = 'delivery-replication' as const;
  public readonly key: PlatformKey;
  public readonly store: PlatformBucket;

  constructor(scope: Construct, id: string, props: DeliveryReplicationStackProps) {
    const { region, tenantAccounts = [], ...rest } = props;
    super(scope, id, { description: "Tenant baseline: the delivery pipeline's artifact store in this region", terminationProtection: true, stackName: DELIVERY_REPLICATION.stackName, env: { region }, ...rest });
    this.key = new PlatformKey(this, 'Key', { alias: DELIVERY_REPLICATION.keyAlias, description: "Delivery pipeline: encrypts its artifacts in this region's replication store", logGroupNamePrefixes: [] });
    this.store = new PlatformBucket(this, 'Store', { encryptionKey: this.key.key, bucketName: DELIVERY_REPLICATION.bucketName(Aws.ACCOUNT_ID, region) });
    for (const account of tenantAccounts) {
      const deployRole = new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${account}:role/cdk-${CDK_BOOTSTRAP_QUALIFIER}-deploy-role-${account}-${region}`);
      this.store.bucket.addToResourcePolicy(
        new iam.PolicyStatement({ sid: `TenantAccount${account}Reads`, principals: [deployRole], actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], resources: [this.store.bucket.bucketArn, this.store.bucket.arnForObjects('*')] }),
      );
      this.key.key.addToResourcePolicy(new iam.PolicyStatement({ sid: `TenantAccount${account}Decrypts`, principals: [deployRole], actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: ['*'] }));
    }
    enableBucketAbac(this);
    Tags.of(this).add(TAG_KEYS.component, 'delivery');
    Tags.of(this).add(TAG_KEYS.tenant, 'delivery');
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }
}
