import { NagMessageLevel } from 'cdk-nag';
import { EXPORT_OBJECT_PREFIX } from '../../../contracts/gdpr';
import { TRANSIENT_OBJECT_PREFIX, TRANSIENT_RECORD_TTL_ATTRIBUTE, transientObjectDays } from '../../../contracts/retention';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { asList, exportBuckets, text } from './template';

/**
 * A tenant's transient records expire as planned (seed 004: data retention 24 hours, configurable;
 * `tenants[].retention.transientHours`): its table has DynamoDB TTL on the platform's attribute, enabled; its data
 * bucket (the one that logs to its access-log bucket) has exactly one rule for the transient prefix, enabled, expiring
 * after ceil(hours / 24) days (and noncurrent versions after a day, or a versioned bucket would keep them); and no
 * lifecycle rule of a tenant bucket names another prefix, or none with an expiration shorter than planned (a rule
 * without a prefix that expires current objects would erase the tenant's durable data). The tenant's export bucket
 * (GDPR Art. 15) is held to the same shape on its own prefix: exports expire after `controlPlane.exportRetentionDays`.
 */
export const RetentionAsPlanned: TemplateRule = {
  id: 'RetentionAsPlanned',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::S3::Bucket'],
  judges: {
    'AWS::DynamoDB::Table': ['TimeToLiveSpecification.AttributeName', 'TimeToLiveSpecification.Enabled'],
    'AWS::S3::Bucket': ['LifecycleConfiguration.Rules.*.Prefix'],
  },
  info: "A tenant's transient records do not expire as planned: the table's TTL is off or on another attribute, or the data bucket's transient rule is missing, on another prefix, or expires after another number of days.",
  explanation: 'Seed 004: transient data is kept 24 hours unless configured. A TTL on another attribute expires nothing; a longer expiry keeps personal data past what the tenant was promised; a rule on the wrong prefix erases durable data.',
  level: NagMessageLevel.ERROR,
  controls: ['GDPR-Art.25', 'SOC2-CC6.1'],
  check(resource, context) {
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const hours = tenantConfig(context.topology, context.role.tenantId).retention.transientHours;
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::DynamoDB::Table') {
      const ttl = p.TimeToLiveSpecification;
      return ttl?.AttributeName === TRANSIENT_RECORD_TTL_ATTRIBUTE && ttl?.Enabled === true && Object.keys(ttl).length === 2 ? findings([]) : [`TimeToLive::${JSON.stringify(ttl ?? null)}`];
    }
    const rules = asList<Record<string, any>>(p.LifecycleConfiguration?.Rules);
    // An export bucket (its rule is on the export prefix) expires exports after controlPlane.exportRetentionDays; every
    // other logged bucket is the data bucket, whose only expiring rule is the transient one.
    const isExport = exportBuckets(context.template).has(context.logicalId);
    const [prefix, days] = isExport ? [EXPORT_OBJECT_PREFIX, context.topology.config.controlPlane.exportRetentionDays] : [TRANSIENT_OBJECT_PREFIX, transientObjectDays(hours)];
    const problems: string[] = [];
    for (const rule of rules) {
      if (rule.Prefix !== undefined && rule.Prefix !== prefix) problems.push(`Prefix::${text(rule.Prefix)}`);
      if (rule.Prefix === undefined && rule.ExpirationInDays !== undefined && p.LoggingConfiguration !== undefined) problems.push(`ExpiresDurableData::${text(rule.Id ?? 'unnamed')}`);
    }
    if (p.LoggingConfiguration !== undefined) {
      const expiring = rules.filter((r) => r.Prefix === prefix);
      const ok = expiring.length === 1 && expiring[0].Status === 'Enabled' && expiring[0].ExpirationInDays === days && expiring[0].NoncurrentVersionExpiration?.NoncurrentDays === 1;
      const shown = expiring.map((r) => `${text(r.ExpirationInDays ?? 'never')}d:${text(r.Status)}:noncurrent-${text(r.NoncurrentVersionExpiration?.NoncurrentDays ?? 'never')}d`);
      if (!ok) problems.push(`${isExport ? 'ExportRule' : 'TransientRule'}::${shown.join('|') || 'missing'}`);
    }
    return findings(problems);
  },
};
