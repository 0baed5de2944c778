import { Tags } from 'aws-cdk-lib';
import { PlatformStack, PlatformStackProps } from './platform-stack';
import { Construct } from 'constructs';
import { enableBucketAbac } from '../data/bucket-abac';
import { AccountBaselineConfig, DEFAULT_LOG_RETENTION_DAYS, PlatformConfig } from '../config/platform-config';
import { AccountAlarms } from '../detection/account-alarms';
import { ApiGatewayLogging } from '../detection/api-gateway-logging';
import { AlertTopics } from '../detection/alert-topics';
import { AUDIT_LOG_GROUP_PREFIX, AuditTrail } from '../detection/audit-trail';
import { AccessAnalysis } from '../detection/access-analysis';
import { ConfigRules } from '../detection/config-rules';
import { DeployTimeGate } from '../detection/deploy-time-gate';
import { DriftDetection } from '../detection/drift-detection';
import { NetworkProofRunner } from '../detection/network-proof-runner';
import { ROUTE_TIERS } from '../config/alert-tiers';
import { SecurityHub } from '../detection/security-hub';
import { ThreatDetection } from '../detection/threat-detection';
import { RestoreTestAlerts } from '../detection/restore-test-alerts';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

export interface AccountBaselineStackProps extends PlatformStackProps {
  readonly baseline: AccountBaselineConfig;
  /**
   * The platform plan the deploy-time gate judges every stack of the account against; required when
   * `baseline.deployTimeGate` is true.
   * @default - none (only valid with the gate turned off)
   */
  readonly deployTimeGate?: PlatformConfig;
  /**
   * The configured tenants' ids: the network proofs fail a run in which one of them has no ingress scope.
   * @default - the tenants of `deployTimeGate`'s plan, or none
   */
  readonly tenantIds?: readonly string[];
  /**
   * Whether this baseline holds the account's audit trail and the CIS alarms on it: the home region's does; an
   * additional region's does not, since the home region's multi-region trail records every region (lib/config/regional-view.ts).
   * @default true
   */
  readonly auditTrail?: boolean;
}

/**
 * Detection and audit, once per account and region (never per tenant): alert topics and GuardDuty with its findings
 * routed by severity, the tamper-evident audit trail and CIS metric-filter alarms on it (home region only), AWS Config's stack-drift check
 * routed to the security topic, and Security Hub.
 */
export class AccountBaselineStack extends PlatformStack {
  public readonly kind = 'account-baseline' as const;
  public readonly alerts: AlertTopics;
  public readonly threatDetection: ThreatDetection;
  public readonly auditTrail: AuditTrail;
  /** The CIS alarms on the trail's log group; none without the trail. */
  public readonly alarms?: AccountAlarms;
  public readonly securityHub?: SecurityHub;
  public readonly driftDetection: DriftDetection;
  public readonly deployTimeGate?: DeployTimeGate;
  public readonly configRules?: ConfigRules;
  public readonly accessAnalysis?: AccessAnalysis;
  public readonly networkProofs?: NetworkProofRunner;
  /** Failed restore tests (AWS Backup's restore job events, tenants' validation failures) to the medium topic. */
  public readonly restoreTestAlerts: RestoreTestAlerts;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps) {
    super(scope, id, { description: 'Tenant baseline: account-level threat detection, audit and alerting', terminationProtection: true, ...props });
    this.alerts = new AlertTopics(this, 'Alerts', props.baseline.subscriptions);
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', {
      detector: props.baseline.guardDutyDetector,
      topics: this.alerts.topics,
      deadLetterQueue: this.alerts.deadLetterQueue,
      topicKey: this.alerts.key,
    });
    const withTrail = props.auditTrail ?? true;
    this.auditTrail = new AuditTrail(this, 'AuditTrail', { retentionDays: props.baseline.auditRetentionDays, ...(withTrail ? {} : { trail: false }) });
    if (this.auditTrail.logGroup) {
      this.alarms = new AccountAlarms(this, 'Alarms', { logGroup: this.auditTrail.logGroup, topics: this.alerts.topics });
    }
    this.driftDetection = new DriftDetection(this, 'DriftDetection', {
      recorder: props.baseline.configRecorder,
      bucket: this.auditTrail.bucket,
      bucketKey: this.auditTrail.key,
      topic: this.alerts.topics[ROUTE_TIERS.DriftRoute],
      publisherRole: this.threatDetection.publisherRole.withoutPolicyUpdates(),
      deadLetterQueue: this.alerts.deadLetterQueue,
    });
    if (props.baseline.configRules) {
      this.configRules = new ConfigRules(this, 'ConfigRules', {
        recorder: this.driftDetection.recorder,
        topic: this.alerts.topics[ROUTE_TIERS.NonComplianceRoute],
        publisherRole: this.threatDetection.publisherRole.withoutPolicyUpdates(),
        deadLetterQueue: this.alerts.deadLetterQueue,
      });
    }
    if (props.baseline.accessAnalysis) {
      this.accessAnalysis = new AccessAnalysis(this, 'AccessAnalysis', {
        topics: this.alerts.topics,
        publisherRole: this.threatDetection.publisherRole.withoutPolicyUpdates(),
        deadLetterQueue: this.alerts.deadLetterQueue,
      });
    }
    if (props.baseline.networkProofs) {
      this.networkProofs = new NetworkProofRunner(this, 'NetworkProofs', {
        intervalHours: props.baseline.networkProofs.intervalHours,
        tenantIds: props.tenantIds ?? props.deployTimeGate?.tenants.map((t) => t.id) ?? [],
        topic: this.alerts.topics[ROUTE_TIERS.NetworkProofFailures],
        publisherRole: this.threatDetection.publisherRole.withoutPolicyUpdates(),
        deadLetterQueue: this.alerts.deadLetterQueue,
        logKey: this.auditTrail.key,
        logGroupName: `${AUDIT_LOG_GROUP_PREFIX}network-proofs`,
        logRetention: DEFAULT_LOG_RETENTION_DAYS,
      });
    }
    this.restoreTestAlerts = new RestoreTestAlerts(this, 'RestoreTestAlerts', {
      mediumTopic: this.alerts.topics[ROUTE_TIERS.RestoreJobFailed],
      publisherRole: this.threatDetection.publisherRole.withoutPolicyUpdates(),
      deadLetterQueue: this.alerts.deadLetterQueue,
    });
    new ApiGatewayLogging(this, 'ApiGatewayLogging');
    if (props.baseline.deployTimeGate) {
      if (!props.deployTimeGate) {
        throw new Error(`${this.node.path}: 'deployTimeGate' must be the platform configuration when accountBaseline.deployTimeGate is true (the hook judges every stack against it), got nothing`);
      }
      this.deployTimeGate = new DeployTimeGate(this, 'DeployTimeGate', { plan: props.deployTimeGate });
    }
    if (props.baseline.securityHub) {
      this.securityHub = new SecurityHub(this, 'SecurityHub');
    }
    Tags.of(this).add(TAG_KEYS.component, 'account-baseline');
    Tags.of(this).add(TAG_KEYS.tenant, 'account-baseline');
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    // Every resource here is protected; S3 evaluates bucket tags (and so the SCP's tag condition) only with ABAC on.
    enableBucketAbac(this);
  }
}
