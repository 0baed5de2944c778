/** The shape of one reviewed acknowledgement (see catalog.ts). */
export interface AcknowledgementEntry {
  /** The rule ids covered, as cdk-nag reports them (e.g. `AwsSolutions-VPC7`, `AwsSolutions-IAM5[Action::s3:*]`). */
  readonly ruleIds: readonly string[];
  /** The CloudFormation resource types this entry may be attached to. */
  readonly resourceTypes: readonly string[];
  /** Why the finding is safe: the compensating control, in at least ten words. */
  readonly reason: string;
  /** Who answers for this decision (a team or role), and is asked when it comes up for review. */
  readonly owner: string;
  /**
   * The date (YYYY-MM-DD, UTC) by which the decision is reviewed again: from that day on the gate fails until the entry
   * is reviewed and the date moved, at most a year ahead.
   */
  readonly reviewBy: string;
}
