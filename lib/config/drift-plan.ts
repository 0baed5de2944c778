/**
 * The drift check as pure data: which AWS Config managed rule watches the platform's stacks, how it is scoped and
 * named, and where a created recorder delivers. lib/detection builds it; the gate's DriftDetectionAsPlanned rule
 * compares the synthesized rule, recorder and routing with it.
 */
import { PLATFORM_PREFIX, TAG_KEYS } from '../naming';

export const DRIFT_DETECTION = {
  ruleName: `${PLATFORM_PREFIX}-stack-drift`,
  /** AWS Config's managed rule: a stack is NON_COMPLIANT when CloudFormation drift detection finds it drifted. */
  sourceIdentifier: 'CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK',
  /** Every platform stack carries this tag (its component); the rule judges those stacks and no other. */
  scopeTagKey: TAG_KEYS.component,
  /** The rule also runs on every stack change; periodically at most this often. */
  frequency: 'One_Hour',
  /** The created recorder's key prefix in the audit bucket. */
  deliveryPrefix: 'config',
} as const;
