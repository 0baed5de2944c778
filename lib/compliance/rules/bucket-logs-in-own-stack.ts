import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { referencedResource, text } from './template';

/**
 * A bucket's server access logs go to a bucket of the same stack. Access logs name every object and requester: sent
 * to a literal bucket name (any account's bucket), they leave the platform.
 */
export const BucketLogsInOwnStack: TemplateRule = {
  id: 'BucketLogsInOwnStack',
  resourceTypes: ['AWS::S3::Bucket'],
  judges: { 'AWS::S3::Bucket': ['LoggingConfiguration.DestinationBucketName|foreign-literal,other-text'] },
  info: "A bucket's access logs go to a bucket that is not declared in the same stack.",
  explanation: 'Access logs are tenant metadata (object keys, requesters): they stay in the stack that owns the bucket, under its retention and deletion.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'SOC2-CC6.1', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource, context) {
    const destination = resource.Properties?.LoggingConfiguration?.DestinationBucketName;
    if (destination === undefined) {
      return findings([]);
    }
    return findings(referencedResource(context.template, destination)?.resource.Type === 'AWS::S3::Bucket' ? [] : [`DestinationBucketName::${text(destination)}`]);
  },
};
