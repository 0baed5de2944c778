import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountBaselineConfig } from '../config/platform-config';
import { AlertTopics } from '../detection/alert-topics';
import { ThreatDetection } from '../detection/threat-detection';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

export interface AccountBaselineStackProps extends StackProps {
  readonly baseline: AccountBaselineConfig;
}

/**
 * Detection and audit, once per account and region (never per tenant): alert topics and GuardDuty with its findings
 * routed by severity. (The audit trail, alarms and guardrails come next in this stack.)
 */
export class AccountBaselineStack extends Stack {
  public readonly alerts: AlertTopics;
  public readonly threatDetection: ThreatDetection;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps) {
    super(scope, id, { description: 'Tenant baseline: account-level threat detection, audit and alerting', terminationProtection: true, ...props });
    this.alerts = new AlertTopics(this, 'Alerts', props.baseline.subscriptions);
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', {
      detector: props.baseline.guardDutyDetector,
      securityTopic: this.alerts.security,
      mediumTopic: this.alerts.medium,
      deadLetterQueue: this.alerts.deadLetterQueue,
      topicKey: this.alerts.key,
    });
    Tags.of(this).add(TAG_KEYS.component, 'account-baseline');
    Tags.of(this).add(TAG_KEYS.tenant, 'account-baseline');
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }
}
