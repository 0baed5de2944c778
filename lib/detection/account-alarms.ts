import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { alarmDescription, AUDIT_ALARMS, AUDIT_METRIC_NAMESPACE } from '../config/alarm-plan';
import { AlertTopicsByTier } from './alert-topics';
import { PLATFORM_PREFIX } from '../naming';

export interface AccountAlarmsProps {
  /** The audit trail's log group. */
  readonly logGroup: logs.ILogGroup;
  /** The alert topics by tier; each alarm notifies its tier's (lib/config/alarm-plan.ts). */
  readonly topics: AlertTopicsByTier;
}

/** Metric filters on the audit log group and their alarms, each with an action on its topic. */
export class AccountAlarms extends Construct {
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: AccountAlarmsProps) {
    super(scope, id);
    const alarms: Record<string, cloudwatch.Alarm> = {};
    for (const spec of AUDIT_ALARMS) {
      const filter = new logs.MetricFilter(this, `${spec.id}Filter`, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(spec.pattern),
        metricNamespace: AUDIT_METRIC_NAMESPACE,
        metricName: spec.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, spec.id, {
        alarmName: `${PLATFORM_PREFIX}-${spec.id}`,
        alarmDescription: alarmDescription(`${spec.control}: ${spec.runbook}`, spec.playbook),
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: spec.threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.topics[spec.tier]));
      alarms[spec.id] = alarm;
    }
    this.alarms = alarms;
  }
}
