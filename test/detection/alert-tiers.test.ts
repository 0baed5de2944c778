/**
 * The four alert tiers (lib/config/alert-tiers.ts) on the example platform as synthesized: every alarm reaches exactly
 * its planned tier, every EventBridge route exactly the tier of the routing table, no route is outside the table, every
 * alarm's description links a playbook that exists in docs/runbooks.md with all six phases, and the runbooks' tables say
 * the same tiers as the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plannedAlarms } from '../../lib/config/alarm-plan';
import { ALERT_TIER_NAMES, ALERT_TIERS, AlertTier, ROUTE_TIERS } from '../../lib/config/alert-tiers';
import { REPO_ROOT } from '../helpers/app';
import { ATTACHMENT_ACCEPTOR_ALARM } from '../../lib/config/attachment-acceptor-plan';
import { PLATFORM_PREFIX } from '../../lib/naming';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);
const RUNBOOKS = readFileSync(join(REPO_ROOT, 'docs', 'runbooks.md'), 'utf8');
const PLAN = plannedAlarms();

/** The tier an alarm action or route target names: a topic of the same template, or an alert topic's SSM parameter. */
function tierOf(template: any, value: any): AlertTier | string {
  const resource = template.Resources?.[value?.Ref];
  if (resource?.Type === 'AWS::SNS::Topic') {
    return ALERT_TIER_NAMES.find((tier) => ALERT_TIERS[tier].topicName === resource.Properties.TopicName) ?? `topic ${resource.Properties.TopicName}`;
  }
  const parameter = template.Parameters?.[value?.Ref]?.Default;
  return ALERT_TIER_NAMES.find((tier) => ALERT_TIERS[tier].parameterName === parameter) ?? JSON.stringify(value);
}

const alarms = TEMPLATES.flatMap(({ template }: any) => Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((alarm) => ({ template, alarm })));
/** A route's construct id, from its logical id (the construct path without separators, then an 8-character hash). */
const routeId = (logicalId: string) =>
  Object.keys(ROUTE_TIERS)
    .filter((id) => logicalId.replace(/[0-9A-F]{8}$/, '').endsWith(id))
    .sort((a, b) => b.length - a.length)[0] ?? logicalId;
const routes = TEMPLATES.flatMap(({ template }: any) =>
  Object.entries<any>(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Events::Rule' && (r.Properties.Targets ?? []).some((t: any) => template.Resources[t.Arn?.Ref]?.Type === 'AWS::SNS::Topic'))
    .map(([logicalId, rule]) => ({ template, rule, id: routeId(logicalId) })),
);

/** GitHub's heading anchors: lower case, punctuation other than hyphens dropped, spaces to hyphens. */
const anchors = new Set([...RUNBOOKS.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));

test('GIVEN the example platform THEN every alarm notifies exactly its planned tier (and, where planned, the same tier on missing data)', () => {
  // The attachment acceptor's alarm exists only with tenants in other accounts (test/network/cross-account.test.ts).
  const onlyCrossAccount = [`${PLATFORM_PREFIX}-${ATTACHMENT_ACCEPTOR_ALARM.id}`];
  expect(alarms.length).toBe(PLAN.size - onlyCrossAccount.length);
  expect(alarms.map(({ alarm }) => alarm.Properties.AlarmName)).not.toEqual(expect.arrayContaining(onlyCrossAccount));
  for (const { template, alarm } of alarms) {
    const plan = PLAN.get(alarm.Properties.AlarmName)!;
    expect([alarm.Properties.AlarmName, (alarm.Properties.AlarmActions ?? []).map((a: any) => tierOf(template, a))]).toEqual([alarm.Properties.AlarmName, [plan.tier]]);
    expect((alarm.Properties.InsufficientDataActions ?? []).map((a: any) => tierOf(template, a))).toEqual(plan.insufficientDataTier ? [plan.insufficientDataTier] : []);
  }
});

test('GIVEN the example platform THEN every alert route is in the routing table and reaches exactly its tier; every table entry exists', () => {
  const seen = routes.map(({ template, rule, id }) => [id, rule.Properties.Targets.map((t: any) => tierOf(template, t.Arn))]);
  expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(Object.entries(ROUTE_TIERS).map(([id, tier]) => [id, [tier]])));
});

test('GIVEN every alarm THEN its description links a playbook of docs/runbooks.md that walks all six phases', () => {
  const phases = ['Detection', 'Triage', 'Containment', 'Eradication', 'Recovery', 'Post-incident review'];
  const sections = RUNBOOKS.split(/^### /m);
  for (const { alarm } of alarms) {
    const [, anchor] = /Playbook: docs\/runbooks\.md#([a-z0-9-]+)$/.exec(alarm.Properties.AlarmDescription) ?? [];
    expect([alarm.Properties.AlarmName, anchors.has(anchor)]).toEqual([alarm.Properties.AlarmName, true]);
    const section = sections.find((s) => s.split('\n')[0].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-') === anchor)!;
    expect(phases.filter((p) => !section.includes(`**${p}**`))).toEqual([]);
  }
  // The scenarios the issue names have their playbooks too, alarm or not.
  for (const scenario of ['compromised-admin-account', 'leaked-api-key-or-token', 'compromised-plan-signing-key', 'tamper-detected', 'suspected-data-breach']) {
    expect(anchors.has(scenario)).toBe(true);
  }
  expect(RUNBOOKS).toContain('72 hours');
});

test('GIVEN docs/runbooks.md THEN its tier, alarm and route tables say what the code says', () => {
  for (const tier of ALERT_TIER_NAMES) {
    expect(RUNBOOKS).toContain(`| ${tier} | \`${ALERT_TIERS[tier].topicName}\` |`);
  }
  for (const [name, plan] of PLAN) {
    expect(RUNBOOKS).toMatch(new RegExp(`\\| \`${name}\` \\|[^\\n]*\\| ${plan.tier} \\(\\[playbook\\]`));
  }
  for (const [id, tier] of Object.entries(ROUTE_TIERS)) {
    expect(RUNBOOKS).toMatch(new RegExp(`\\| \`${id}\` \\|[^\\n]*\\| ${tier} \\|`));
  }
});
