import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { asList, isSymmetricKeyOfTemplate, isTrue, referencedResource, text } from './template';

/**
 * The audit trail as planned: logging, every region, global service events, all management events (read and write),
 * encrypted with a symmetric key of its own stack, and delivered to the log group of its stack that the account alarms
 * watch. A single-region trail, a trail without its key or a trail whose events reach no alarm is a finding. The
 * bucket's Object Lock and log validation are AuditTrailObjectLock's.
 */
export const TrailAsPlanned: TemplateRule = {
  id: 'TrailAsPlanned',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  judges: {
    'AWS::CloudTrail::Trail': ['IsLogging', 'IsMultiRegionTrail', 'IncludeGlobalServiceEvents', 'KMSKeyId|remove,foreign-literal', 'CloudWatchLogsLogGroupArn', 'EventSelectors.*.IncludeManagementEvents|flip', 'EventSelectors.*.ReadWriteType|set:WriteOnly,set:ReadOnly'],
  },
  info: 'The audit trail is not logging every region and all management events, or is not under its own key, or does not feed the alarm log group.',
  explanation: 'SOC 2 CC7.2 and the CIS benchmark: one multi-region trail of all management events, encrypted, feeding the metric filters of the account alarms.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-2', 'SOC2-CC7.2', 'HIPAA-164.312(b)', 'GDPR-Art.5(1)(f)'],
  check(resource, context) {
    const p = resource.Properties ?? {};
    const problems: string[] = [];
    for (const key of ['IsLogging', 'IsMultiRegionTrail', 'IncludeGlobalServiceEvents']) {
      if (!isTrue(p[key])) {
        problems.push(`${key}::${text(p[key] ?? 'unset')}`);
      }
    }
    if (!isSymmetricKeyOfTemplate(context.template, p.KMSKeyId)) {
      problems.push(`KMSKeyId::${text(p.KMSKeyId ?? 'unset')}`);
    }
    // The log group the CIS metric filters (and so the account alarms) read: another group of the stack would leave
    // the alarms watching nothing.
    const group = referencedResource(context.template, p.CloudWatchLogsLogGroupArn);
    const filters = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    if (group?.resource.Type !== 'AWS::Logs::LogGroup' || filters.length === 0 || !filters.every((f) => referencedResource(context.template, f.Properties?.LogGroupName)?.logicalId === group.logicalId)) {
      problems.push(`CloudWatchLogsLogGroupArn::${text(p.CloudWatchLogsLogGroupArn ?? 'unset')}`);
    }
    // Without selectors CloudTrail logs all management events; with them, one must take all of them, read and write.
    const selectors = asList<any>(p.EventSelectors);
    if (p.AdvancedEventSelectors !== undefined || (selectors.length > 0 && !selectors.some((s) => s?.IncludeManagementEvents !== false && s?.IncludeManagementEvents !== 'false' && (s?.ReadWriteType === undefined || s.ReadWriteType === 'All')))) {
      problems.push('EventSelectors::not-all-management-events');
    }
    return findings(problems);
  },
};
