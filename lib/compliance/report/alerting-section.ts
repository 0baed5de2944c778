/**
 * The report's alerting section: per tier (lib/config/alert-tiers.ts), its topic and response target, who is subscribed
 * (or the opt-out and its reason, which the report shows in red), and the alarms and routes of the synthesized
 * templates that reach it.
 */
import { plannedAlarms } from '../../config/alarm-plan';
import { ALERT_TIER_NAMES, ALERT_TIERS, ROUTE_TIERS } from '../../config/alert-tiers';
import { ReportContext } from './report-context';
import { ComplianceReport } from './schema';

export function alertingSection(context: ReportContext): ComplianceReport['alerting'] {
  const { config, stacks } = context.inputs;
  const alarmNames = new Set(stacks.flatMap((s) => Object.values(s.template.Resources ?? {}).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => String(r.Properties?.AlarmName))));
  const logicalIds = stacks.flatMap((s) => Object.entries(s.template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::Events::Rule').map(([id]) => id.replace(/[0-9A-F]{8}$/, '')));
  const plan = plannedAlarms(config);
  return ALERT_TIER_NAMES.map((tier) => {
    const subscriptions = config.accountBaseline.subscriptions[tier];
    return {
      tier,
      topic: ALERT_TIERS[tier].topicName,
      respondWithinMinutes: ALERT_TIERS[tier].respondWithinMinutes,
      subscribers: subscriptions.subscribers.map((s) => `${s.protocol}: ${s.endpoint}`),
      ...(subscriptions.optOut !== undefined ? { optOut: subscriptions.optOut } : {}),
      alarms: [...plan].filter(([name, p]) => p.tier === tier && alarmNames.has(name)).map(([name]) => name),
      routes: Object.entries(ROUTE_TIERS)
        .filter(([id, t]) => t === tier && logicalIds.some((l) => l.endsWith(id)))
        .map(([id]) => id),
    };
  });
}
