import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PLATFORM_PREFIX } from '../naming';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { CERTIFICATE_EXPIRY_ALARM } from '../config/domain-plan';
import { PRIVATE_ADMIN_TRAFFIC_ALARM } from '../config/private-admin-api-plan';
import { alarmDescription, PLATFORM_ALARMS, PlatformAlarmSpec, SIDECAR_KEY_EXPIRY_ALARM, SIDECAR_RELEASE_METRICS } from '../config/alarm-plan';
import { AlertTier } from '../config/alert-tiers';
import { AlertTopicsByTier } from './alert-topics';

export interface PlatformAlarmsProps {
  /** The alert topics by tier; each alarm notifies its tier's (lib/config/alarm-plan.ts). */
  readonly topics: AlertTopicsByTier;
  /** The control-plane REST API's name (the `ApiName` dimension of API Gateway's metrics). */
  readonly apiName: string;
  /** The private admin API's name, whose traffic is watched as the public API's is. @default - no private admin API, no such alarm */
  readonly privateApiName?: string;
  /** The API's custom-domain certificate, whose expiry is watched (low tier). @default - no custom domain, no such alarm */
  readonly certificate?: acm.ICertificate;
}

/**
 * The platform alarms of the security documents: failed authentication > 50 in 5 minutes, tamper detected > 0 (only
 * from heartbeats whose signature verified), refused heartbeats > 100 (medium), API traffic > 100,000 requests in 5
 * minutes; and a runtime host's refusal of a sidecar release (hash mismatch > 0 to the
 * security topic, release unavailable > 0 to the medium topic). They watch control-plane metrics, so they belong in the control-plane stack
 * (reading the alert topics from the account baseline's SSM parameters). Missing data is not breaching: the metrics
 * are published only when something happens, and a flood is always data.
 */
export class PlatformAlarms extends Construct {
  public readonly failedAuthentication: cloudwatch.Alarm;
  public readonly tamperDetected: cloudwatch.Alarm;
  public readonly unauthenticatedHeartbeats: cloudwatch.Alarm;
  public readonly apiTraffic: cloudwatch.Alarm;
  public readonly sidecarReleaseTampered: cloudwatch.Alarm;
  public readonly sidecarReleaseUnavailable: cloudwatch.Alarm;
  public readonly expiredSidecarKey: cloudwatch.Alarm;
  /** A valid API key of one tenant used for another (the heartbeat ingest refused it). */
  public readonly apiKeyTenantMismatch: cloudwatch.Alarm;
  /** Sidecar keys near expiry without a successor; its insufficient-data action reports a stopped expiry check. */
  public readonly sidecarKeyExpiring: cloudwatch.Alarm;
  /** Requests to the private admin API above the plan's threshold; present only with a private admin API. */
  public readonly adminApiTraffic?: cloudwatch.Alarm;
  /** The custom-domain certificate's days to expiry below the plan's threshold; present only with a custom domain. */
  public readonly certificateExpiring?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const topic = (spec: { tier: AlertTier }) => props.topics[spec.tier];
    const alarm = (spec: PlatformAlarmSpec, metric: cloudwatch.IMetric) => {
      const a = new cloudwatch.Alarm(this, spec.id, {
        alarmName: `${PLATFORM_PREFIX}-${spec.id}`,
        alarmDescription: alarmDescription(spec.runbook, spec.playbook),
        metric,
        threshold: spec.threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new actions.SnsAction(topic(spec)));
      return a;
    };
    const custom = (m: { namespace: string; name: string; service: string }) =>
      new cloudwatch.Metric({ namespace: m.namespace, metricName: m.name, dimensionsMap: { service: m.service }, statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) });

    this.failedAuthentication = alarm(PLATFORM_ALARMS.failedAuthentication, custom(PLATFORM_METRICS.failedAuthentication));
    this.tamperDetected = alarm(PLATFORM_ALARMS.tamperDetected, custom(PLATFORM_METRICS.tamperDetected));
    this.unauthenticatedHeartbeats = alarm(PLATFORM_ALARMS.unauthenticatedHeartbeats, custom(PLATFORM_METRICS.unauthenticatedHeartbeat));
    this.sidecarReleaseTampered = alarm(PLATFORM_ALARMS.sidecarReleaseTampered, custom(SIDECAR_RELEASE_METRICS.hashMismatch));
    this.sidecarReleaseUnavailable = alarm(PLATFORM_ALARMS.sidecarReleaseUnavailable, custom(SIDECAR_RELEASE_METRICS.unavailable));
    this.expiredSidecarKey = alarm(PLATFORM_ALARMS.expiredSidecarKey, custom(PLATFORM_METRICS.expiredSidecarKey));
    this.apiKeyTenantMismatch = alarm(PLATFORM_ALARMS.apiKeyTenantMismatch, custom(PLATFORM_METRICS.apiKeyTenantMismatch));
    this.sidecarKeyExpiring = this.keyExpiryAlarm(topic(SIDECAR_KEY_EXPIRY_ALARM));
    if (props.certificate) {
      this.certificateExpiring = this.certificateExpiryAlarm(props.certificate, topic(CERTIFICATE_EXPIRY_ALARM));
    }
    const requests = (apiName: string) => new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensionsMap: { ApiName: apiName }, statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) });
    this.apiTraffic = alarm(PLATFORM_ALARMS.apiTraffic, requests(props.apiName));
    if (props.privateApiName) {
      this.adminApiTraffic = alarm(PRIVATE_ADMIN_TRAFFIC_ALARM, requests(props.privateApiName));
    }
  }

  /** Sidecar keys near expiry without a successor: the hourly check's maximum over 6 hours. */
  private keyExpiryAlarm(topic: sns.ITopic): cloudwatch.Alarm {
    const spec = SIDECAR_KEY_EXPIRY_ALARM;
    const m = PLATFORM_METRICS.sidecarKeysExpiringSoon;
    const metric = new cloudwatch.Metric({ namespace: m.namespace, metricName: m.name, dimensionsMap: { service: m.service }, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.seconds(spec.period) });
    return this.keepsArrivingAlarm(spec, metric, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, topic);
  }

  /** ACM's daily DaysToExpiry of the API's certificate, below the threshold. */
  private certificateExpiryAlarm(certificate: acm.ICertificate, topic: sns.ITopic): cloudwatch.Alarm {
    const spec = CERTIFICATE_EXPIRY_ALARM;
    const metric = new cloudwatch.Metric({ namespace: spec.namespace, metricName: spec.metricName, dimensionsMap: { [spec.dimensionName]: certificate.certificateArn }, statistic: cloudwatch.Stats.MINIMUM, period: Duration.seconds(spec.period) });
    return this.keepsArrivingAlarm(spec, metric, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, topic);
  }

  /**
   * An alarm on a metric that must keep arriving (a scheduled check, ACM's daily metric): missing data is neither OK nor
   * breaching, and the insufficient-data state (the metric stopped) notifies the same topic as the alarm.
   */
  private keepsArrivingAlarm(spec: Pick<PlatformAlarmSpec, 'id' | 'threshold' | 'runbook' | 'playbook'>, metric: cloudwatch.IMetric, comparisonOperator: cloudwatch.ComparisonOperator, topic: sns.ITopic): cloudwatch.Alarm {
    const a = new cloudwatch.Alarm(this, spec.id, {
      alarmName: `${PLATFORM_PREFIX}-${spec.id}`,
      alarmDescription: alarmDescription(spec.runbook, spec.playbook),
      metric,
      threshold: spec.threshold,
      comparisonOperator,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    a.addAlarmAction(new actions.SnsAction(topic));
    a.addInsufficientDataAction(new actions.SnsAction(topic));
    return a;
  }
}
