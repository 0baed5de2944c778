/**
 * The delivery pipeline's replication store in each additional region (docs/delivery.md#regions): CodePipeline hands a
 * cross-region action its artifacts through a bucket in the action's region, and the platform brings its own (a
 * `DeliveryReplication` stack per additional region) rather than CodePipeline's support stack. The names are fixed so
 * the pipeline's stack, in the home region, can name them without a cross-region reference; the gate compares the
 * pipeline's artifact stores with them.
 */
import { PLATFORM_PREFIX } from '../naming';

export const DELIVERY_REPLICATION = {
  stackName: 'DeliveryReplication',
  keyAlias: `alias/${PLATFORM_PREFIX}/delivery-replication`,
  /** Global (S3): unique per account and region. `account` may be a token (`${AWS::AccountId}`). */
  bucketName: (account: string, region: string) => `${PLATFORM_PREFIX}-delivery-${account}-${region}`,
} as const;

/** The replication bucket's name and key alias ARN as the rules read them (`text()` of the template's values). */
export function plannedReplicationStore(region: string): { location: string; keyArn: string } {
  return {
    location: DELIVERY_REPLICATION.bucketName('${AWS::AccountId}', region),
    keyArn: `arn:\${AWS::Partition}:kms:${region}:\${AWS::AccountId}:${DELIVERY_REPLICATION.keyAlias}`,
  };
}
