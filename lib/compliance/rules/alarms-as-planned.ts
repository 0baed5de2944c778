import { NagMessageLevel } from 'cdk-nag';
import { PlannedAlarm, plannedAlarms } from '../../config/alarm-plan';
import { ATTACHMENT_ACCEPTOR_ALARM } from '../../config/attachment-acceptor-plan';
import { CONTROL_PLANE_API_NAME, PLATFORM_PREFIX } from '../../naming';
import { resourcesOfType } from './memo';
import { PlatformConfig } from '../../config/types';
import { ALERT_TIER_NAMES, ALERT_TIERS } from '../../config/alert-tiers';
import { findings, NOT_APPLICABLE, RuleContext, TemplateRule } from './rule';
import { asList, referencedResource, ssmParameterName, text } from './template';

/** The plan of each configuration the gate judges (a custom domain adds its certificate's alarm), made once per configuration. */
const PLANS = new WeakMap<PlatformConfig, ReadonlyMap<string, PlannedAlarm>>();
function planFor(config: PlatformConfig): ReadonlyMap<string, PlannedAlarm> {
  let plan = PLANS.get(config);
  if (!plan) {
    plan = plannedAlarms(config);
    PLANS.set(config, plan);
  }
  return plan;
}

/** The planned dimension as `name=value`; a value planned as a reference to a resource type is `${<type>}`. */
function plannedDimension(plan: PlannedAlarm): string {
  const d = plan.dimension;
  return d === undefined ? '' : `${d.name}=${'refType' in d ? `\${${d.refType}}` : d.value}`;
}

/** A dimension's value as text; a `Ref` to a resource of the template of the planned type reads as `${<type>}`. */
function dimensionValue(value: unknown, plan: PlannedAlarm, context: RuleContext): string {
  const d = plan.dimension;
  const target = referencedResource(context.template, value);
  const isRef = typeof (value as Record<string, unknown> | undefined)?.Ref === 'string';
  return d !== undefined && 'refType' in d && isRef && target?.resource.Type === d.refType ? `\${${d.refType}}` : text(value);
}

/** Which alert tier an alarm action is: the topic of this template by name, or the account baseline's by SSM parameter. */
function topicOf(action: unknown, context: RuleContext): string {
  const topic = referencedResource(context.template, action);
  if (topic?.resource.Type === 'AWS::SNS::Topic') {
    const name = text(topic.resource.Properties?.TopicName);
    return ALERT_TIER_NAMES.find((tier) => ALERT_TIERS[tier].topicName === name) ?? `topic:${name}`;
  }
  const parameter = ssmParameterName(context.template, action);
  return ALERT_TIER_NAMES.find((tier) => ALERT_TIERS[tier].parameterName === parameter) ?? text(action);
}

/**
 * The planned alarms missing from the stack an anchor resource stands for: the audit trail for the account baseline's
 * CIS alarms, the public control-plane API for the platform alarms (built with the edge). The attachment acceptor's
 * alarm is required by AttachmentAcceptorAsPlanned with the acceptor.
 */
function missingAlarms(context: RuleContext, stack: PlannedAlarm['stack']): string[] {
  const present = new Set(resourcesOfType(context, 'AWS::CloudWatch::Alarm').map(([, r]) => text(r.Properties?.AlarmName)));
  const acceptor = `${PLATFORM_PREFIX}-${ATTACHMENT_ACCEPTOR_ALARM.id}`;
  return [...planFor(context.topology.config)].filter(([name, plan]) => plan.stack === stack && name !== acceptor && !present.has(name)).map(([name]) => `Missing::${name}`);
}

/**
 * Every alarm of the platform is one the plan has (lib/config/alarm-plan.ts), in the stack the plan puts it, watching
 * exactly the planned metric (namespace, name, dimension) with the planned statistic, period, evaluation periods,
 * comparison, threshold and missing-data treatment, enabled, and notifying exactly its planned alert topic (and, for a
 * metric that must keep arriving, the planned topic on insufficient data); and no planned alarm is missing (judged on the
 * account baseline's trail and the control plane's public API). A raised threshold, a longer period, a quieter topic or
 * a removed alarm lets an incident pass unseen.
 */
export const AlarmsAsPlanned: TemplateRule = {
  id: 'AlarmsAsPlanned',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudTrail::Trail', 'AWS::ApiGateway::RestApi'],
  judges: {
    'AWS::CloudWatch::Alarm': [
      'AlarmName', 'Namespace', 'MetricName', 'Dimensions.*.Name', 'Dimensions.*.Value', 'Statistic', 'Period', 'EvaluationPeriods', 'DatapointsToAlarm',
      'ComparisonOperator|set:GreaterThanThreshold,set:LessThanThreshold', 'Threshold', 'TreatMissingData|set:missing,set:ignore,set:notBreaching', 'ActionsEnabled', 'AlarmActions', 'AlarmActions.*',
      'InsufficientDataActions', 'InsufficientDataActions.*',
    ],
  },
  info: 'An alarm differs from the planned alarm of that name (metric, threshold, period, comparison, topic), is not planned at all, or a planned alarm is missing.',
  explanation: 'Seed 001 and the CIS benchmark set what must alarm and when; an alarm that watches the wrong metric or waits for 100x the events is no alarm.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-2', 'SOC2-CC7.2', 'SOC2-CC7.3', 'GDPR-Art.33'],
  check(resource, context) {
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::CloudTrail::Trail') {
      return context.role.kind === 'account-baseline' ? findings(missingAlarms(context, 'account-baseline')) : NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::ApiGateway::RestApi') {
      const publicApi = context.role.kind === 'control-plane' && text(resource.Properties?.Name) === CONTROL_PLANE_API_NAME;
      return publicApi ? findings(missingAlarms(context, 'control-plane')) : NOT_APPLICABLE;
    }
    const p = resource.Properties ?? {};
    const name = text(p.AlarmName);
    const plan = planFor(context.topology.config).get(name);
    if (!plan || plan.stack !== context.role.kind) {
      return [`Unplanned::${name}`];
    }
    const problems: string[] = [];
    const expect = (field: string, actual: unknown, planned: unknown) => {
      if (actual !== planned) {
        problems.push(`${field}::${actual === undefined ? 'unset' : text(actual)}::planned-${String(planned)}`);
      }
    };
    expect('Namespace', p.Namespace, plan.namespace);
    expect('MetricName', p.MetricName, plan.metricName);
    const dimensions = asList<any>(p.Dimensions).map((d) => `${text(d?.Name)}=${dimensionValue(d?.Value, plan, context)}`);
    expect('Dimensions', dimensions.join(','), plannedDimension(plan));
    expect('Statistic', p.Statistic, plan.statistic);
    expect('Period', Number(p.Period), plan.period);
    expect('EvaluationPeriods', Number(p.EvaluationPeriods), plan.evaluationPeriods);
    expect('DatapointsToAlarm', p.DatapointsToAlarm === undefined ? plan.evaluationPeriods : Number(p.DatapointsToAlarm), plan.evaluationPeriods);
    expect('ComparisonOperator', p.ComparisonOperator, plan.comparison);
    expect('Threshold', Number(p.Threshold), plan.threshold);
    expect('TreatMissingData', p.TreatMissingData, plan.treatMissingData);
    if (p.ActionsEnabled !== undefined && p.ActionsEnabled !== true && p.ActionsEnabled !== 'true') {
      problems.push(`ActionsEnabled::${text(p.ActionsEnabled)}`);
    }
    expect('AlarmActions', asList(p.AlarmActions).map((a) => topicOf(a, context)).join(','), plan.tier);
    expect('InsufficientDataActions', asList(p.InsufficientDataActions).map((a) => topicOf(a, context)).join(','), plan.insufficientDataTier ?? '');
    return findings(problems);
  },
};
