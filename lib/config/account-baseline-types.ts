/** The `accountBaseline` section's types: detection, audit and the proofs that run in the account. */

import { AlertTier } from './alert-tiers';

/** One tier's subscribers, or why it has none. */
export interface TierSubscribers {
  readonly subscribers: readonly AlertSubscription[];
  /** Why nobody is alerted for this tier (set only with no subscribers). */
  readonly optOut?: string;
}

/** Who hears an alert: an e-mail address or an HTTPS endpoint. */
export interface AlertSubscription {
  readonly protocol: 'email' | 'https';
  readonly endpoint: string;
}

export interface AccountBaselineConfig {
  /**
   * "create" the account's GuardDuty detector, or "adopt" the one that already exists (one per account and region);
   * findings are routed to the alert topics either way.
   * @default "create"
   */
  readonly guardDutyDetector: 'create' | 'adopt';
  /**
   * Who hears each alert tier (lib/config/alert-tiers.ts): at least one subscriber per tier, or an opt-out with its
   * reason, which the compliance report shows in red. Required: there is no default.
   */
  readonly subscriptions: Readonly<Record<AlertTier, TierSubscribers>>;
  /**
   * Days each audit log file is locked (S3 Object Lock, compliance mode: nobody can delete it earlier, root included).
   * 1..36500. @default 365
   */
  readonly auditRetentionDays: number;
  /**
   * Enable Security Hub with the AWS Foundational Security Best Practices standard. Set false when the account's
   * Security Hub is managed elsewhere (for example by a delegated administrator), since it can be enabled only once.
   * @default true
   */
  readonly securityHub: boolean;
  /**
   * "create" the account's AWS Config recorder and delivery channel (recording every supported resource type into the
   * audit bucket), or "adopt" the one that already exists (one per account and region; it must record
   * AWS::CloudFormation::Stack). The stack-drift rule and its routing are built either way.
   * @default "create"
   */
  readonly configRecorder: 'create' | 'adopt';
  /**
   * The deploy-time gate: a CloudFormation Lambda hook (FAIL mode) that judges every stack create and update in the
   * account, whoever deploys, with the platform's own rules and plan (docs/assurance.md). Set false where hooks are
   * managed elsewhere; the report then says the rules are proved at synth only.
   * @default true
   */
  readonly deployTimeGate: boolean;
  /**
   * AWS Config managed rules that re-prove the platform's key properties in the running account (public access,
   * encryption, ports, IMDSv2, logging, key rotation; lib/config/config-rules-plan.ts), non-compliance to the security
   * topic, a default security group's rules removed automatically. Billed per evaluation (docs/assurance.md).
   * @default true
   */
  readonly configRules: boolean;
  /**
   * IAM Access Analyzer: external access (free) to the security topic, unused access (billed per analyzed role or user)
   * to the medium topic (docs/assurance.md). Set false where the organization runs its own analyzers.
   * @default true
   */
  readonly accessAnalysis: boolean;
  /**
   * Network proofs: a Network Access Analyzer scope in each tenant stack (only the tenant itself and the control
   * plane's TCP 5678 to the runtime reach into its VPC) and a runner that analyses them all every `intervalHours`
   * (1..168) and after each deploy wave, any path found to the security topic. `false` builds neither. Billed per
   * network interface analysed (docs/assurance.md).
   * @default { intervalHours: 24 }
   */
  readonly networkProofs: NetworkProofsConfig | false;
}

export interface NetworkProofsConfig {
  /** Hours between two scheduled runs, 1..168. */
  readonly intervalHours: number;
}
