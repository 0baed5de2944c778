import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledge, ACKNOWLEDGEMENT_KEY_METADATA } from '../acknowledgements/acknowledge';

/** Where aws-cdk-lib puts the singleton provider behind `restrictDefaultSecurityGroup: true` (one per stack). */
const PROVIDER_ID = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/**
 * Acknowledges, on the provider's Lambda function itself, the findings about the handler aws-cdk-lib adds to strip
 * the VPC's default security group (see the `vpcDefaultSgCustomResourceHandler` catalog entry). Throws if the handler
 * is not where aws-cdk-lib has put it so far, so an upgrade that moves it is noticed rather than silently unreviewed.
 */
export function acknowledgeDefaultSecurityGroupHandler(vpc: ec2.Vpc): void {
  const handler = Stack.of(vpc).node.tryFindChild(PROVIDER_ID)?.node.tryFindChild('Handler');
  if (!handler || !CfnResource.isCfnResource(handler) || handler.cfnResourceType !== 'AWS::Lambda::Function') {
    throw new Error(`${vpc.node.path}: expected aws-cdk-lib's default-security-group handler at '${PROVIDER_ID}/Handler' (restrictDefaultSecurityGroup: true)`);
  }
  if (!handler.node.metadata.some((m) => m.type === ACKNOWLEDGEMENT_KEY_METADATA && m.data === 'vpcDefaultSgCustomResourceHandler')) {
    acknowledge(handler, 'vpcDefaultSgCustomResourceHandler');
  }
}
