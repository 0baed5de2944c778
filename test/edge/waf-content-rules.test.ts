/**
 * Seed 004's abuse rules and seed 000's bot detection in the control-plane WAF: the URL and phone patterns run here on
 * sample bodies as the exact strings the template carries (WAF's PCRE, kept to the subset JavaScript's RegExp shares:
 * no captures, no lookaround, no possessive quantifiers), Bot Control at the common level, and the gate's detection.
 */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Template } from 'aws-cdk-lib/assertions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { WAF_CONTENT_LIMITS, WAF_CONTENT_RULES } from '../../lib/config/waf-plan';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';
import { findingsOf, PACK } from '../helpers/pack';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };

function template(waf?: unknown) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, ...(waf ? { waf } : {}) }, tenants: [{ id: 'acme', number: 0 }] });
  return Template.fromStack(controlPlaneOf(config));
}
const shipped = template();
const acl = () => Object.values(resourcesOfType(shipped, 'AWS::WAFv2::WebACL'))[0].Properties!;
const rule = (name: string) => acl().Rules.find((r: any) => r.Name === name);

/** The pattern of a set, exactly as synthesized. */
function synthesizedPattern(setName: string): RegExp {
  const set = Object.values(resourcesOfType(shipped, 'AWS::WAFv2::RegexPatternSet')).find((s) => s.Properties!.Name === setName)!;
  expect(set.Properties!.RegularExpressionList).toHaveLength(1);
  return new RegExp(set.Properties!.RegularExpressionList[0]);
}
/** WAF's URL_DECODE then LOWERCASE, as the rules apply them (malformed escapes left as they are, like WAF). */
const transform = (body: string) => body.replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).toLowerCase();
const URLS = synthesizedPattern('tenant-baseline-too-many-urls');
const PHONES = synthesizedPattern('tenant-baseline-too-many-phones');
const links = (n: number) => Array.from({ length: n }, (_, i) => `https://site${i}.example.com/p?i=${i}`);

describe('the URL pattern (more than 5 URLs)', () => {
  test.each([
    ['6 URLs in a JSON body', JSON.stringify({ text: links(6).join(' ') })],
    ['6 URLs, upper case', JSON.stringify({ text: links(6).join(' ').toUpperCase() })],
    ['6 URLs, JSON-escaped slashes', `{"text":"${links(6).join(' ').replace(/\//g, '\\/')}"}`],
    ['6 URLs, percent-encoded (a form post)', `text=${encodeURIComponent(links(6).join(' '))}`],
    ['6 http and https URLs mixed, one per line', links(6).map((u, i) => (i % 2 ? u.replace('https', 'http') : u)).join('\n')],
  ])('GIVEN %s THEN it matches (labelled)', (_, body) => {
    expect(URLS.test(transform(body))).toBe(true);
  });

  test.each([
    ['exactly 5 URLs', JSON.stringify({ text: links(5).join(' ') })],
    ['5 URLs and 20 bare host names', JSON.stringify({ text: [...links(5), ...Array.from({ length: 20 }, (_, i) => `www.h${i}.example.com`)].join(' ') })],
    ['a heartbeat', JSON.stringify({ sidecarId: 'acme-1', counter: 1733140000, timestamp: 1733140000, payload: { cpu: 0.5 }, signature: 'A'.repeat(86) })],
    ['the word http many times', 'http http http http http http http'],
    ['an empty body', ''],
  ])('GIVEN %s THEN it does not match', (_, body) => {
    expect(URLS.test(transform(body))).toBe(false);
  });
});

describe('the phone pattern (more than 3 phone numbers)', () => {
  test.each([
    ['4 US numbers in three formats', 'call 415-555-0100, (415) 555-0101, 415.555.0102 or +1 415 555 0103'],
    ['4 international numbers', '+44 20 7946 0958; +49 30 9018 2000; +33 12 3456 7890; +1 212-555-0199'],
    ['4 numbers percent-encoded', `c=${encodeURIComponent('415-555-0100 415-555-0101 415-555-0102 415-555-0103')}`],
  ])('GIVEN %s THEN it matches (labelled)', (_, body) => {
    expect(PHONES.test(transform(body))).toBe(true);
  });

  test.each([
    ['exactly 3 numbers', '415-555-0100, 415-555-0101, 415-555-0102'],
    ['ISO dates and timestamps', JSON.stringify({ from: '2026-12-02', to: '2026-12-31', at: ['2026-12-02T10:15:00Z', '2026-12-03T10:15:00Z'], ts: [1733140000, 1733140001, 1733140002, 1733140003] })],
    ['UUIDs, IPs and CIDRs', '123e4567-e89b-12d3-a456-426614174000 10.100.0.0/16 10.101.0.0/16 192.168.100.200 172.16.254.1'],
    ['version numbers and amounts', '1.4.0 2.10.3 1,234.5678 99.95 100.00 2026.12.02'],
    ['unseparated digit runs (not counted: see the pattern)', '4155550100 4155550101 4155550102 4155550103'],
  ])('GIVEN %s THEN it does not match', (_, body) => {
    expect(PHONES.test(transform(body))).toBe(false);
  });

  test('THEN each pattern stays within WAF regex limits we keep to: at most 200 characters, no capture group or lookaround', () => {
    for (const r of WAF_CONTENT_RULES) {
      expect(r.regex.length).toBeLessThanOrEqual(200);
      expect(r.regex).not.toMatch(/(?<!\\)\((?!\?:)|\(\?[=!<>]/);
    }
  });
});

describe('the content rules in the web ACL', () => {
  test('THEN each pattern set labels (counts, never blocks) bodies over its limit, inspecting the whole accepted body', () => {
    for (const r of WAF_CONTENT_RULES) {
      expect(rule(r.ruleName)).toEqual(
        expect.objectContaining({
          Action: { Count: {} },
          RuleLabels: [{ Name: r.label }],
          Statement: { RegexPatternSetReferenceStatement: expect.objectContaining({ FieldToMatch: { Body: { OversizeHandling: 'CONTINUE' } }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'LOWERCASE' }] }) },
        }),
      );
    }
  });

  test('THEN more than 10 labelled requests from one IP in 60 s block it, and the rate rule comes after the labels', () => {
    expect(rule('BlockRepeatedContentAbuse')).toEqual(
      expect.objectContaining({
        Action: { Block: {} },
        Statement: { RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 60, Limit: WAF_CONTENT_LIMITS.violationsPerMinute, ScopeDownStatement: { LabelMatchStatement: { Key: 'tenant-baseline:abuse:', Scope: 'NAMESPACE' } } } },
      }),
    );
    const names = acl().Rules.map((r: any) => r.Name);
    expect(names.indexOf('BlockRepeatedContentAbuse')).toBeGreaterThan(Math.max(names.indexOf('LabelTooManyUrls'), names.indexOf('LabelTooManyPhones')));
    for (const r of WAF_CONTENT_RULES) expect(r.label.startsWith('tenant-baseline:abuse:')).toBe(true);
  });
});

describe('Bot Control', () => {
  test('THEN the common level is on by default, blocking as published but for the planned counted rules, outside the data-plane routes', () => {
    const bot = rule('AWSManagedRulesBotControlRuleSet');
    expect(bot.OverrideAction).toEqual({ None: {} });
    const statement = bot.Statement.ManagedRuleGroupStatement;
    expect(statement.ManagedRuleGroupConfigs).toEqual([{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }]);
    expect(statement.RuleActionOverrides.map((o: any) => [o.Name, o.ActionToUse])).toEqual([
      ['CategoryHttpLibrary', { Count: {} }],
      ['SignalNonBrowserUserAgent', { Count: {} }],
      ['SignalKnownBotDataCenter', { Count: {} }],
    ]);
    const excluded = statement.ScopeDownStatement.NotStatement.Statement.OrStatement.Statements.map((s: any) => s.ByteMatchStatement.SearchString);
    expect(excluded).toEqual(['/prod/heartbeats', '/prod/.well-known/']);
  });

  test('GIVEN botControl false THEN no Bot Control rule; the other rules stay', () => {
    const rules = Object.values(resourcesOfType(template({ botControl: false }), 'AWS::WAFv2::WebACL'))[0].Properties!.Rules.map((r: any) => r.Name);
    expect(rules).not.toContain('AWSManagedRulesBotControlRuleSet');
    expect(rules).toEqual(expect.arrayContaining(['LabelTooManyUrls', 'LabelTooManyPhones', 'BlockRepeatedContentAbuse']));
  });

  test('GIVEN botControl not a boolean THEN a named configuration error', () => {
    expect(() => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', waf: { botControl: 'yes' } }, tenants: [] }, 'c.json')).toThrow(`c.json: 'controlPlane.waf.botControl' must be true or false, got "yes"`);
  });
});

describe('WebAclAsPlanned on the new rules', () => {
  function controlPlane() {
    const app = testApp();
    const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: PACK.CONFIG.controlPlane, tenantIds: ['acme'] });
    const webAcl = stack.edge!.adminApi.webAcl;
    const index = (name: string) => (webAcl.webAcl.rules as wafv2.CfnWebACL.RuleProperty[]).findIndex((r) => r.name === name);
    const ids = () => findingsOf(app, 'WebAclAsPlanned').map((f) => f.split(' @ ')[0]);
    return { webAcl, index, ids };
  }

  test('GIVEN Bot Control raised to TARGETED or a blocking rule switched to count (overrides) THEN reported', () => {
    const { webAcl, index, ids } = controlPlane();
    webAcl.webAcl.addPropertyOverride(`Rules.${index('AWSManagedRulesBotControlRuleSet')}.Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs.0.AWSManagedRulesBotControlRuleSet.InspectionLevel`, 'TARGETED');
    expect(ids()).toEqual([expect.stringMatching(/^TenantBaseline-WebAclAsPlanned\[AWSManagedRulesBotControlRuleSet\.Statement::.*TARGETED/)]);
  });

  test('GIVEN the violation limit raised to 1000 and a pattern weakened to 50 URLs (overrides) THEN both are reported', () => {
    const { webAcl, index, ids } = controlPlane();
    webAcl.webAcl.addPropertyOverride(`Rules.${index('BlockRepeatedContentAbuse')}.Statement.RateBasedStatement.Limit`, 1000);
    const set = webAcl.node.findChild('LabelTooManyUrls') as wafv2.CfnRegexPatternSet;
    set.addPropertyOverride('RegularExpressionList', ['https?:\\\\?/\\\\?/(?:[\\s\\S]*?https?:\\\\?/\\\\?/){49}']);
    expect(ids().sort()).toEqual([
      expect.stringMatching(/^TenantBaseline-WebAclAsPlanned\[BlockRepeatedContentAbuse\.Statement::.*"Limit":1000/),
      'TenantBaseline-WebAclAsPlanned[tenant-baseline-too-many-urls.RegularExpressionList]',
    ]);
  });

  test('GIVEN a labelling rule pointed at an unplanned pattern set (L2) THEN both the rule and the set are reported', () => {
    const { webAcl, index, ids } = controlPlane();
    const other = new wafv2.CfnRegexPatternSet(webAcl, 'Other', { name: 'anything-goes', scope: 'REGIONAL', regularExpressionList: ['^$'] });
    webAcl.webAcl.addPropertyOverride(`Rules.${index('LabelTooManyPhones')}.Statement.RegexPatternSetReferenceStatement.Arn`, other.attrArn);
    expect(ids().sort()).toEqual([
      expect.stringMatching(/^TenantBaseline-WebAclAsPlanned\[LabelTooManyPhones\.RegexPatternSet::/),
      'TenantBaseline-WebAclAsPlanned[RegexPatternSet::anything-goes]',
    ]);
  });
});
