import { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';

/**
 * Turns on attribute-based access control for every S3 bucket under `scope`. Without it S3 does not evaluate
 * `aws:ResourceTag` for a bucket at all, so the tag-protection SCP (and any other tag condition) would never match a
 * protected bucket. Returns how many buckets it changed.
 */
export function enableBucketAbac(scope: IConstruct): number {
  const buckets = scope.node.findAll().filter((n): n is s3.CfnBucket => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::S3::Bucket');
  for (const bucket of buckets) {
    bucket.abacStatus = 'Enabled';
  }
  return buckets.length;
}
