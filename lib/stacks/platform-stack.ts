import { CfnElement, Stack } from 'aws-cdk-lib';
import { HONOURS_GROUPS, logicalIdWithoutGroups } from '../core/construct-group';

/** What a stack is in the platform; the compliance gate checks it against the platform plan built from the config. */
export type PlatformStackKind = 'account-baseline' | 'organization-guardrails' | 'network-hub' | 'control-plane' | 'tenant';

/**
 * The base of every platform stack: it says what it is (so the gate can refuse a stack the plan does not know as
 * that), and allocates logical ids as aws-cdk-lib does, with ConstructGroups left out.
 */
export abstract class PlatformStack extends Stack {
  public readonly [HONOURS_GROUPS] = true;
  public abstract readonly kind: PlatformStackKind;

  protected allocateLogicalId(element: CfnElement): string {
    return logicalIdWithoutGroups(element) ?? super.allocateLogicalId(element);
  }
}
