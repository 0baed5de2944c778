/**
 * The platform's alarms as pure data: the account's audit-log alarms (CIS) and the platform alarms of the security
 * documents, with their metrics, thresholds and topics. lib/detection builds them; the gate's AlarmsAsPlanned rule
 * compares every synthesized alarm with `plannedAlarms()`, so a threshold is written once.
 */
import { CONTROL_PLANE_API_NAME, PLATFORM_PREFIX } from '../naming';
import { ATTACHMENT_ACCEPTOR_ALARM } from './attachment-acceptor-plan';
import { AlertTier } from './alert-tiers';
import { CERTIFICATE_EXPIRY_ALARM } from './domain-plan';
import { ControlPlaneDomainConfig, PrivateAdminApiConfig } from './edge-types';
import { PRIVATE_ADMIN_API_NAME, PRIVATE_ADMIN_TRAFFIC_ALARM } from './private-admin-api-plan';
import { PLATFORM_METRICS } from '../../contracts/metrics';

import { AUDIT_ALARMS, AUDIT_METRIC_NAMESPACE } from './audit-alarm-plan';
export { AUDIT_ALARMS, AUDIT_METRIC_NAMESPACE } from './audit-alarm-plan';
export type { AuditAlarmSpec } from './audit-alarm-plan';


/**
 * What a runtime host publishes when it refuses to start the metering sidecar (lib/runtime's boot script): the binary's
 * hash differs from the protected one (tampering), or the release could not be fetched at all.
 */
export const SIDECAR_RELEASE_METRICS = {
  hashMismatch: { namespace: `${PLATFORM_PREFIX}/Sidecar`, name: 'ReleaseHashMismatch', service: 'runtime-host' },
  unavailable: { namespace: `${PLATFORM_PREFIX}/Sidecar`, name: 'ReleaseUnavailable', service: 'runtime-host' },
} as const;

/** The platform alarms of the security documents (thresholds, topic, runbook), watched by PlatformAlarms. */
export interface PlatformAlarmSpec {
  readonly id: string;
  /** Alarm when the 5-minute sum is strictly above this. */
  readonly threshold: number;
  readonly tier: AlertTier;
  /** The playbook's anchor in docs/runbooks.md (the alarm's description links it). */
  readonly playbook: string;
  readonly runbook: string;
}

/** The alarms of the security documents and of the sidecar releases, with their thresholds, in one place. */
export const PLATFORM_ALARMS = {
  failedAuthentication: {
    id: 'FailedAuthentication',
    threshold: 50,
    tier: 'medium',
    playbook: 'leaked-api-key-or-token',
    runbook: 'More than 50 refused admin tokens in 5 minutes: look up the reason codes and source IPs in the authorizer logs; block the source in the WAF IP set if it is one client.',
  },
  tamperDetected: {
    id: 'TamperDetected',
    threshold: 0,
    tier: 'high',
    playbook: 'tamper-detected',
    runbook: 'A metering sidecar reported tampering in a heartbeat whose signature verified (only the sidecar can raise this): isolate the runtime host, compare the binary hash with the release hash parameter, and revoke the sidecar key.',
  },
  unauthenticatedHeartbeats: {
    id: 'UnauthenticatedHeartbeats',
    threshold: 100,
    tier: 'medium',
    playbook: 'traffic-or-heartbeat-flood',
    runbook: 'More than 100 refused heartbeats in 5 minutes (bad signature, unknown or revoked sidecar, replay, malformed): group the ingest log lines by reason code and source IP; a single source is throttled by the WAF heartbeat limit, a registered sidecar failing is a misconfigured or replaced host.',
  },
  apiTraffic: {
    id: 'ApiTrafficSpike',
    threshold: 100_000,
    tier: 'medium',
    playbook: 'traffic-or-heartbeat-flood',
    runbook: 'More than 100,000 API requests in 5 minutes: check the WAF rate-based rule counts and the top client IPs; tighten the rate limit if it is a flood.',
  },
  sidecarReleaseTampered: {
    id: 'SidecarReleaseTampered',
    threshold: 0,
    tier: 'high',
    playbook: 'tamper-detected',
    runbook: 'A runtime host refused a metering sidecar whose SHA-256 differs from the protected release hash: the binary in the release store was replaced. Keep the host for forensics (detach it from its group), compare the object versions in the release bucket, and find who wrote the new version in CloudTrail data events.',
  },
  expiredSidecarKey: {
    id: 'ExpiredSidecarKeyInUse',
    threshold: 0,
    tier: 'medium',
    playbook: 'sidecar-key-or-release-problem',
    runbook: 'A sidecar signed a heartbeat with its own key after that key expired (the signature verified; the heartbeat was refused): its host reports nothing. Register a successor (node scripts/sidecar-keys.mjs rotate) and install the new key on the host; docs/heartbeats.md.',
  },
  apiKeyTenantMismatch: {
    id: 'ApiKeyTenantMismatch',
    threshold: 0,
    tier: 'high',
    playbook: 'leaked-api-key-or-token',
    runbook: "A heartbeat came with a valid API key of another tenant than the one it claims (refused, nothing written): one tenant's key is used by someone acting for another. Find the key id in the ingest log (reason API_KEY_WRONG_TENANT), rotate that tenant's key (apiAccess: add a key, make it active, remove the old one) and find where it leaked.",
  },
  sidecarReleaseUnavailable: {
    id: 'SidecarReleaseUnavailable',
    threshold: 0,
    tier: 'medium',
    playbook: 'sidecar-key-or-release-problem',
    runbook: 'A runtime host could not fetch the metering sidecar release or its hash (missing object, missing parameter, denied): the host runs without a sidecar. Check that the active release is uploaded under releases/<version>/metering-sidecar and that its hash parameter exists.',
  },
} as const satisfies Record<string, PlatformAlarmSpec>;

/**
 * Sidecar keys near expiry: the scheduled check publishes, every hour, the number of active keys that expire within 14
 * days without a successor. Maximum over 6 hours above 0 alarms; a missing datapoint means the check stopped, so the
 * alarm's insufficient-data action notifies the same topic (missing data is neither OK nor breaching).
 */
export const SIDECAR_KEY_EXPIRY_ALARM = {
  id: 'SidecarKeyExpiring',
  threshold: 0,
  tier: 'low',
  playbook: 'sidecar-key-or-release-problem',
  period: 21_600,
  statistic: 'Maximum',
  treatMissingData: 'missing',
  runbook: 'A sidecar key expires within 14 days and no successor is registered (the log of the sidecar-key-expiry function names it; node scripts/sidecar-keys.mjs expiring lists them). Rotate it: node scripts/sidecar-keys.mjs rotate, then install the new key on the host. Insufficient data: the hourly check stopped; look at its log group.',
} as const;

/** An alarm's description: what to do first, and where its playbook is. */
export function alarmDescription(first: string, playbook: string): string {
  return `${first} Playbook: docs/runbooks.md#${playbook}`;
}

/** One alarm as CloudFormation will hold it, in the plan. */
export interface PlannedAlarm {
  readonly stack: 'account-baseline' | 'control-plane';
  readonly namespace: string;
  readonly metricName: string;
  /**
   * The one dimension's name and value, or none (the audit metrics have none). `refType`: the value is a `Ref` to the
   * template's resource of that type (the certificate whose expiry the alarm watches), not a literal.
   */
  readonly dimension?: { readonly name: string; readonly value: string } | { readonly name: string; readonly refType: string };
  readonly threshold: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold';
  readonly period: 300 | 900 | 21_600 | 86_400;
  readonly evaluationPeriods: 1;
  readonly statistic: 'Sum' | 'Maximum' | 'Minimum';
  readonly treatMissingData: 'notBreaching' | 'missing';
  readonly tier: AlertTier;
  /** The tier told when the metric stops arriving; none for counts of events, whose silence means nothing happened. */
  readonly insufficientDataTier?: AlertTier;
}

/**
 * Every alarm of the platform by its AlarmName (`tenant-baseline-<id>`) (the CIS alarms in the home region only); with a custom domain (`controlPlane.domain`
 * of the configuration given), its certificate's expiry alarm too; with a private admin API, its traffic alarm.
 */
export function plannedAlarms(config?: { readonly controlPlane: { readonly domain?: ControlPlaneDomainConfig; readonly privateAdminApi?: PrivateAdminApiConfig }; readonly placement?: { readonly homeRegion?: string } }): ReadonlyMap<string, PlannedAlarm> {
  const common = { period: 300, evaluationPeriods: 1, statistic: 'Sum', treatMissingData: 'notBreaching' } as const;
  const alarms = new Map<string, PlannedAlarm>();
  // The CIS alarms watch the audit trail's log group, in the home region only: its multi-region trail records every
  // region, so an additional region's baseline has neither trail nor these alarms (lib/config/regional-view.ts).
  for (const spec of config?.placement?.homeRegion === undefined ? AUDIT_ALARMS : []) {
    alarms.set(`${PLATFORM_PREFIX}-${spec.id}`, { ...common, stack: 'account-baseline', namespace: AUDIT_METRIC_NAMESPACE, metricName: spec.id, threshold: spec.threshold, comparison: 'GreaterThanOrEqualToThreshold', tier: spec.tier });
  }
  const platform = (spec: PlatformAlarmSpec, metric: { namespace: string; name: string; dimension: { name: string; value: string } }) =>
    alarms.set(`${PLATFORM_PREFIX}-${spec.id}`, { ...common, stack: 'control-plane', namespace: metric.namespace, metricName: metric.name, dimension: metric.dimension, threshold: spec.threshold, comparison: 'GreaterThanThreshold', tier: spec.tier });
  const custom = (m: { namespace: string; name: string; service: string }) => ({ namespace: m.namespace, name: m.name, dimension: { name: 'service', value: m.service } });
  platform(PLATFORM_ALARMS.failedAuthentication, custom(PLATFORM_METRICS.failedAuthentication));
  platform(PLATFORM_ALARMS.tamperDetected, custom(PLATFORM_METRICS.tamperDetected));
  platform(PLATFORM_ALARMS.unauthenticatedHeartbeats, custom(PLATFORM_METRICS.unauthenticatedHeartbeat));
  platform(PLATFORM_ALARMS.expiredSidecarKey, custom(PLATFORM_METRICS.expiredSidecarKey));
  platform(PLATFORM_ALARMS.apiKeyTenantMismatch, custom(PLATFORM_METRICS.apiKeyTenantMismatch));
  const expiry = SIDECAR_KEY_EXPIRY_ALARM;
  alarms.set(`${PLATFORM_PREFIX}-${expiry.id}`, {
    ...common,
    namespace: PLATFORM_METRICS.sidecarKeysExpiringSoon.namespace,
    metricName: PLATFORM_METRICS.sidecarKeysExpiringSoon.name,
    dimension: custom(PLATFORM_METRICS.sidecarKeysExpiringSoon).dimension,
    stack: 'control-plane',
    threshold: expiry.threshold,
    comparison: 'GreaterThanThreshold',
    tier: expiry.tier,
    period: expiry.period,
    statistic: expiry.statistic,
    treatMissingData: expiry.treatMissingData,
    insufficientDataTier: expiry.tier,
  });
  const refused = ATTACHMENT_ACCEPTOR_ALARM;
  const { namespace, name, dimension } = custom(PLATFORM_METRICS.attachmentsRefused);
  alarms.set(`${PLATFORM_PREFIX}-${refused.id}`, { ...common, stack: 'control-plane', namespace, metricName: name, dimension, threshold: refused.threshold, comparison: 'GreaterThanThreshold', tier: refused.tier, period: refused.period, statistic: refused.statistic, treatMissingData: refused.treatMissingData, insufficientDataTier: refused.tier });
  platform(PLATFORM_ALARMS.sidecarReleaseTampered, custom(SIDECAR_RELEASE_METRICS.hashMismatch));
  platform(PLATFORM_ALARMS.sidecarReleaseUnavailable, custom(SIDECAR_RELEASE_METRICS.unavailable));
  platform(PLATFORM_ALARMS.apiTraffic, { namespace: 'AWS/ApiGateway', name: 'Count', dimension: { name: 'ApiName', value: CONTROL_PLANE_API_NAME } });
  if (config?.controlPlane.privateAdminApi) {
    platform(PRIVATE_ADMIN_TRAFFIC_ALARM, { namespace: 'AWS/ApiGateway', name: 'Count', dimension: { name: 'ApiName', value: PRIVATE_ADMIN_API_NAME } });
  }
  if (config?.controlPlane.domain) {
    const c = CERTIFICATE_EXPIRY_ALARM;
    const dimension = { name: c.dimensionName, refType: 'AWS::CertificateManager::Certificate' };
    alarms.set(`${PLATFORM_PREFIX}-${c.id}`, { stack: 'control-plane', namespace: c.namespace, metricName: c.metricName, dimension, threshold: c.threshold, comparison: 'LessThanThreshold', period: c.period, evaluationPeriods: 1, statistic: c.statistic, treatMissingData: c.treatMissingData, tier: c.tier, insufficientDataTier: c.tier });
  }
  return alarms;
}
