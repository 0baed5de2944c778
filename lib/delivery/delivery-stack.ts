import { Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DeliveryConfig, PlatformConfig } from '../config/platform-config';
import { FleetPipeline } from './fleet-pipeline';
import { DeliveryReplicationStack } from './delivery-replication-stack';
import { hubSharePrincipals } from '../config/account-plan';
import { additionalRegions, regionalConfig } from '../config/regional-view';
import { DELIVERY_REPLICATION } from '../config/delivery-replication-plan';
import { platformPlacement, regionalId } from '../platform';
import { enableBucketAbac } from '../data/bucket-abac';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { PlatformStack, PlatformStackProps } from '../stacks/platform-stack';

export interface DeliveryStackProps extends PlatformStackProps {
  readonly config: PlatformConfig & { readonly delivery: DeliveryConfig };
  readonly configPath: string;
}

/** The delivery pipeline, in the platform's account and region; its deployment stages are built beside it in the app. */
export class DeliveryStack extends PlatformStack {
  public readonly kind = 'delivery' as const;
  public readonly pipeline: FleetPipeline;
  /** The pipeline's replication store in each additional region (docs/delivery.md#regions). */
  public readonly replication: readonly DeliveryReplicationStack[];

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, { description: 'Tenant baseline: the delivery pipeline that rolls the platform out in waves', terminationProtection: true, ...platformPlacement(props.config), ...props });
    this.pipeline = new FleetPipeline(this, 'Delivery', { config: props.config, configPath: props.configPath, stageScope: scope });
    // Each additional region's replication store, deployed with the pipeline (before it: the pipeline names it).
    this.replication = additionalRegions(props.config).map((region) => {
      const view = regionalConfig(props.config, region);
      const store = new DeliveryReplicationStack(scope, regionalId(view, DELIVERY_REPLICATION.stackName), { region, tenantAccounts: hubSharePrincipals(view), ...(props.config.placement.account !== undefined ? { placedAccount: props.config.placement.account } : {}) });
      this.addStackDependency(store, 'the pipeline copies the artifacts of this region\'s actions into its store');
      return store;
    });
    // The artifact buckets are protected by tag, so S3 must evaluate tag conditions on them.
    enableBucketAbac(this);
    Tags.of(this).add(TAG_KEYS.component, 'delivery');
    Tags.of(this).add(TAG_KEYS.tenant, 'delivery');
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }
}
