import { DELIVERY_ACKNOWLEDGEMENTS } from './catalog-delivery';
import { DETECTION_ACKNOWLEDGEMENTS } from './catalog-detection';
import { EDGE_ACKNOWLEDGEMENTS } from './catalog-edge';
import { NETWORK_ACKNOWLEDGEMENTS } from './catalog-network';
import { SECURITY_ACKNOWLEDGEMENTS } from './catalog-security';

/**
 * Every acknowledged compliance finding of the platform, in one reviewed list.
 *
 * An entry names the rule ids it covers (exactly as cdk-nag reports them, granular where the rule is granular), the
 * CloudFormation resource types it may be attached to, and why the finding is safe, naming the compensating control.
 * Code attaches an entry to one resource with `acknowledge(resource, '<key>')`; the gate fails synth on any
 * acknowledgement that does not come from this list, and its report lists every resource each entry was attached to.
 *
 * Reviewers: an entry here is a decision that a control does not apply or is met another way. Challenge it.
 */
export type { AcknowledgementEntry } from './entry';

/** The whole catalog: one list, kept in one file per owning team so each team reviews its own decisions. */
export const ACKNOWLEDGEMENTS = { ...NETWORK_ACKNOWLEDGEMENTS, ...EDGE_ACKNOWLEDGEMENTS, ...SECURITY_ACKNOWLEDGEMENTS, ...DETECTION_ACKNOWLEDGEMENTS, ...DELIVERY_ACKNOWLEDGEMENTS };


/**
 * Acknowledgements that aws-cdk-lib itself records on constructs it creates, for its own schema-validation rules. They do
 * not go through `acknowledge()`; the audit accepts them only for the rule ids reviewed here, so a new one fails the gate
 * until someone reads it.
 */
export const FRAMEWORK_ACKNOWLEDGEMENTS: Readonly<Record<string, string>> = {
  'CloudFormation-Validate::W3010':
    'aws-cdk-lib: literal AZ names come from stack.availabilityZones; this app is environment-agnostic and uses Fn::GetAZs, so none appear.',
  'CloudFormation-Validate::F3002':
    'aws-cdk-lib: AWS::EC2::FlowLog DestinationOptions is accepted in camelCase although the schema lists PascalCase; CloudWatch Logs flow logs here set no DestinationOptions.',
  'CloudFormation-Validate::F3003':
    'aws-cdk-lib: same FlowLog DestinationOptions casing note as F3002; reviewed, no effect on the deployed template.',
};

export type AcknowledgementKey = keyof typeof ACKNOWLEDGEMENTS;
