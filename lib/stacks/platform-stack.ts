import { Aws, CfnElement, CfnRule, Fn, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HONOURS_GROUPS, logicalIdWithoutGroups } from '../core/construct-group';

/** What a stack is in the platform; the compliance gate checks it against the platform plan built from the config. */
export type PlatformStackKind = 'account-baseline' | 'organization-guardrails' | 'network-hub' | 'control-plane' | 'tenant' | 'delivery' | 'delivery-replication';

export interface PlatformStackProps extends StackProps {
  /**
   * The account this stack belongs in (`placement.account`). The template keeps the account as `AWS::AccountId` (the
   * gate and its acknowledgements judge one form) and carries a CloudFormation rule that refuses to create or update
   * the stack in any other account.
   * @default - any account (the deploying profile's)
   */
  readonly placedAccount?: string;
}

/**
 * The base of every platform stack: it says what it is (so the gate can refuse a stack the plan does not know as
 * that), and allocates logical ids as aws-cdk-lib does, with ConstructGroups left out.
 */
export abstract class PlatformStack extends Stack {
  public readonly [HONOURS_GROUPS] = true;
  public abstract readonly kind: PlatformStackKind;

  /**
   * Two zones chosen by CloudFormation in the deploy region (`Fn::GetAZs`), whatever the stack's environment says: a
   * synth never looks zones up (it needs no credentials).
   */
  constructor(scope: Construct, id: string, props: PlatformStackProps = {}) {
    const { placedAccount, ...stackProps } = props;
    super(scope, id, stackProps);
    if (placedAccount !== undefined) {
      new CfnRule(this, 'PlacedInAccount', {
        assertions: [{ assert: Fn.conditionEquals(Aws.ACCOUNT_ID, placedAccount), assertDescription: `This stack belongs in account ${placedAccount} (placement.account); deploy it with that account's credentials.` }],
      });
    }
  }

  public get availabilityZones(): string[] {
    return [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())];
  }

  protected allocateLogicalId(element: CfnElement): string {
    return logicalIdWithoutGroups(element) ?? super.allocateLogicalId(element);
  }
}
