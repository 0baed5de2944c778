/**
 * Issue 19, item 6: a tenant's transient records expire (seed 004: kept 24 hours unless configured). The table has
 * DynamoDB TTL on the platform's attribute; the data bucket expires the transient prefix after ceil(hours / 24) days.
 * The gate's RetentionAsPlanned fails when either is broken, through the L2 and through overrides.
 */
import { CfnResource, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TRANSIENT_OBJECT_PREFIX, TRANSIENT_RECORD_TTL_ATTRIBUTE, transientObjectDays } from '../../contracts/retention';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp } from '../helpers/app';
import { findingsOf, PACK, shipped, tenantApp } from '../helpers/pack';

const { CONFIG, ACME } = PACK;
const ids = (found: string[]) => found.map((f) => f.split(' @ ')[0]).sort();
const l1 = (c: { node: { defaultChild?: unknown } }) => c.node.defaultChild as CfnResource;
const transientRule = (days: number) => ({ Id: 'ExpireTransientRecords', Prefix: 'transient/', ExpirationInDays: days, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' });

function tenantWithHours(transientHours: number) {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: { ...ACME, retention: { transientHours } }, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  return { app, stack };
}

describe('transient records in a tenant stack', () => {
  test('GIVEN the default (24 hours) THEN the table expires items by TTL on expiresAt and the bucket expires transient/ after 1 day', () => {
    const t = Template.fromStack(tenantApp().stack);
    t.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
    const buckets = Object.values(t.findResources('AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration && !b.Properties.LifecycleConfiguration.Rules.some((r: any) => r.Prefix === 'exports/'));
    expect(buckets).toHaveLength(1);
    expect(buckets[0].Properties.LifecycleConfiguration.Rules).toContainEqual(transientRule(1));
  });

  test.each([
    [1, 1],
    [24, 1],
    [25, 2],
    [36, 2],
    [2160, 90],
  ])('GIVEN transientHours %p THEN the transient objects expire after %p day(s) (whole days, rounded up)', (hours, days) => {
    expect(transientObjectDays(hours)).toBe(days);
    const buckets = Object.values(Template.fromStack(tenantWithHours(hours).stack).findResources('AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration);
    expect(buckets[0].Properties.LifecycleConfiguration.Rules).toContainEqual(transientRule(days));
  });

  test('GIVEN the contract THEN the names the runtime writes with are the ones expired', () => {
    expect(TRANSIENT_RECORD_TTL_ATTRIBUTE).toBe('expiresAt');
    expect(TRANSIENT_OBJECT_PREFIX).toBe('transient/');
  });
});

describe('RetentionAsPlanned', () => {
  test('GIVEN the shipped tenant stack THEN no finding, and the rule judged its table and buckets', () => {
    shipped('RetentionAsPlanned', () => tenantApp().app);
  });

  test("GIVEN a stack built for 72 hours judged against the plan's 24 THEN the bucket rule is reported", () => {
    const { app } = tenantWithHours(72);
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[TransientRule::3d:Enabled:noncurrent-1d]']);
  });

  test('GIVEN the TTL disabled and then moved to another attribute (overrides) THEN reported', () => {
    const disabled = tenantApp();
    l1(disabled.stack.table.table).addPropertyOverride('TimeToLiveSpecification.Enabled', false);
    expect(ids(findingsOf(disabled.app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[TimeToLive::{"AttributeName":"expiresAt","Enabled":false}]']);
    const moved = tenantApp();
    l1(moved.stack.table.table).addPropertyOverride('TimeToLiveSpecification.AttributeName', 'ttl');
    expect(ids(findingsOf(moved.app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[TimeToLive::{"AttributeName":"ttl","Enabled":true}]']);
  });

  test('GIVEN the transient expiry raised to a year (override) THEN reported', () => {
    const { app, stack } = tenantApp();
    l1(stack.bucket.bucket).addPropertyOverride('LifecycleConfiguration.Rules.1.ExpirationInDays', 365);
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[TransientRule::365d:Enabled:noncurrent-1d]']);
  });

  test('GIVEN the transient rule disabled (override) THEN reported', () => {
    const { app, stack } = tenantApp();
    l1(stack.bucket.bucket).addPropertyOverride('LifecycleConfiguration.Rules.1.Status', 'Disabled');
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[TransientRule::1d:Disabled:noncurrent-1d]']);
  });

  test('GIVEN the transient rule widened to the whole bucket (prefix removed by override) THEN reported: it would erase durable data', () => {
    const { app, stack } = tenantApp();
    l1(stack.bucket.bucket).addPropertyDeletionOverride('LifecycleConfiguration.Rules.1.Prefix');
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[ExpiresDurableData::ExpireTransientRecords]', 'TenantBaseline-RetentionAsPlanned[TransientRule::missing]']);
  });

  test('GIVEN a lifecycle rule on another prefix added through the L2 THEN reported', () => {
    const { app, stack } = tenantApp();
    stack.bucket.bucket.addLifecycleRule({ id: 'Cleanup', prefix: 'reports/', expiration: Duration.days(30) });
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[Prefix::reports/]']);
  });

  test("GIVEN a rule on the export prefix added to the data bucket THEN it counts as an export bucket and is reported: two expiring rules, and exports kept 30 days", () => {
    const { app, stack } = tenantApp();
    stack.bucket.bucket.addLifecycleRule({ id: 'Cleanup', prefix: 'exports/', expiration: Duration.days(30) });
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[ExportRule::30d:Enabled:noncurrent-neverd]', 'TenantBaseline-RetentionAsPlanned[Prefix::transient/]']);
  });

  test('GIVEN the export bucket keeping exports longer than controlPlane.exportRetentionDays (override) THEN reported', () => {
    const { app, stack } = tenantApp();
    l1(stack.dataExport.bucket.bucket).addPropertyOverride('LifecycleConfiguration.Rules.1.ExpirationInDays', 365);
    expect(ids(findingsOf(app, 'RetentionAsPlanned'))).toEqual(['TenantBaseline-RetentionAsPlanned[ExportRule::365d:Enabled:noncurrent-1d]']);
  });

  test('GIVEN the export rule removed from the export bucket (override) THEN it is reported: exports would never expire', () => {
    const { app, stack } = tenantApp();
    l1(stack.dataExport.bucket.bucket).addPropertyOverride('LifecycleConfiguration.Rules.1.Prefix', 'transient/');
    expect(findingsOf(app, 'RetentionAsPlanned').length).toBeGreaterThan(0);
    expect(findingsOf(app, 'DataExportAsPlanned').map((f) => f.split(' @ ')[0])).toContain('TenantBaseline-DataExportAsPlanned[ExportBucket::0]');
  });
});
