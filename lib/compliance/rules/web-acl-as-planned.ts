import { NagMessageLevel } from 'cdk-nag';
import { MAX_BODY_BYTES } from '../../config/limits';
import { botControlStatement, contentAbuseRateStatement, heartbeatScopeDown, WAF_BOT_CONTROL, WAF_CONTENT_RULES, WAF_CONTENT_TRANSFORMATIONS, WAF_MANAGED_RULE_GROUPS, WAF_RULE_NAMES } from '../../config/waf-plan';
import { CONTROL_PLANE_API_STAGE } from '../../naming';
import { findings, TemplateRule } from './rule';
import { asList, referencedResource, text } from './template';

/** JSON with object keys sorted (CloudFormation ignores key order; the plan's objects need not follow CDK's). */
const json = (v: unknown) =>
  JSON.stringify(v ?? null, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));

/**
 * The control plane's web ACL is exactly the planned one (lib/config/waf-plan.ts and the configuration): default
 * allow behind, in this order, the allow list (when configured: block every address outside the configured set), the
 * AWS managed rule groups blocking as published (no count mode, no excluded or overridden rules, no scope-down), the
 * Bot Control when configured (common level, the planned counted rules, not on the data-plane routes), the URL and
 * phone rules labelling through the planned regex pattern sets and the rate-based block on that label, the
 * heartbeat route's per-IP rate limit and the API-wide one at exactly the configured requests per 5 minutes (the
 * former scoped to exactly the planned path match), and the body size limit. A raised limit, a group
 * in count mode or an extra allowing rule is a finding. Outside the control plane no ACL is planned.
 */
export const WebAclAsPlanned: TemplateRule = {
  id: 'WebAclAsPlanned',
  resourceTypes: ['AWS::WAFv2::WebACL', 'AWS::WAFv2::IPSet', 'AWS::WAFv2::RegexPatternSet'],
  judges: {
    'AWS::WAFv2::WebACL': [
      'DefaultAction|set:block', 'Scope', 'Rules|drop-last-item', 'Rules.*.Name', 'Rules.*.Priority', 'Rules.*.Action', 'Rules.*.OverrideAction',
      'Rules.*.Statement.ManagedRuleGroupStatement.Name', 'Rules.*.Statement.ManagedRuleGroupStatement.VendorName',
      'Rules.*.Statement.RateBasedStatement.Limit', 'Rules.*.Statement.RateBasedStatement.AggregateKeyType|set:FORWARDED_IP', 'Rules.*.Statement.RateBasedStatement.EvaluationWindowSec',
      'Rules.*.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement.SearchString', 'Rules.*.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement.PositionalConstraint|set:EXACTLY',
      'Rules.*.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement.TextTransformations|drop-last-item',
      'Rules.*.Statement.ManagedRuleGroupStatement.ManagedRuleGroupConfigs', 'Rules.*.Statement.ManagedRuleGroupStatement.RuleActionOverrides|drop-last-item',
      'Rules.*.Statement.ManagedRuleGroupStatement.ScopeDownStatement', 'Rules.*.RuleLabels', 'Rules.*.Statement.RegexPatternSetReferenceStatement.Arn',
      'Rules.*.Statement.RegexPatternSetReferenceStatement.FieldToMatch', 'Rules.*.Statement.RegexPatternSetReferenceStatement.TextTransformations|drop-last-item',
      'Rules.*.Statement.RateBasedStatement.ScopeDownStatement.LabelMatchStatement.Key', 'Rules.*.Statement.RateBasedStatement.ScopeDownStatement.LabelMatchStatement.Scope|set:LABEL',
      'Rules.*.Statement.SizeConstraintStatement.Size', 'Rules.*.Statement.SizeConstraintStatement.ComparisonOperator|set:GE,set:LT', 'Rules.*.Statement.SizeConstraintStatement.FieldToMatch.Body.OversizeHandling|set:CONTINUE',
    ],
    'AWS::WAFv2::IPSet': ['Addresses', 'Addresses.*'],
    'AWS::WAFv2::RegexPatternSet': ['Name', 'RegularExpressionList', 'RegularExpressionList.*', 'Scope'],
  },
  info: "The web ACL differs from the plan: a rule missing, added, reordered, in count mode, overridden, or a limit other than the configuration's.",
  explanation: 'Seed 000 and DESIGN.md: managed rules, a per-IP rate limit and a body size limit in front of every API request; the configuration sets the rate.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.6', 'SOC2-CC7.2'],
  check(resource, context) {
    if (context.role.kind !== 'control-plane') {
      return ['UnplannedWebAcl'];
    }
    const waf = context.topology.config.controlPlane.waf;
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::WAFv2::IPSet') {
      const addresses = asList(p.Addresses).map(text).sort();
      return findings(json(addresses) === json([...waf.allowList].sort()) ? [] : [`Addresses::${addresses.join(',')}`]);
    }
    if (resource.Type === 'AWS::WAFv2::RegexPatternSet') {
      const planned = WAF_CONTENT_RULES.find((r) => r.setName === text(p.Name));
      return findings(
        !planned
          ? [`RegexPatternSet::${text(p.Name)}`]
          : [...(json(p.RegularExpressionList) === json([planned.regex]) ? [] : [`${planned.setName}.RegularExpressionList`]), ...(p.Scope === 'REGIONAL' ? [] : [`${planned.setName}.Scope::${text(p.Scope)}`])],
      );
    }
    const problems: string[] = [];
    const expect = (label: string, actual: unknown, planned: unknown) => {
      if (json(actual) !== json(planned)) {
        problems.push(`${label}::${json(actual)}`);
      }
    };
    expect('DefaultAction', p.DefaultAction, { Allow: {} });
    expect('Scope', p.Scope, 'REGIONAL');
    const plannedNames = [
      ...(waf.allowList.length > 0 ? [WAF_RULE_NAMES.allowList] : []),
      ...WAF_MANAGED_RULE_GROUPS,
      ...(waf.botControl ? [WAF_BOT_CONTROL] : []),
      ...WAF_CONTENT_RULES.map((r) => r.ruleName),
      WAF_RULE_NAMES.contentAbuseRate,
      WAF_RULE_NAMES.heartbeatRateLimit, WAF_RULE_NAMES.rateLimit, WAF_RULE_NAMES.bodySize];
    const rules = asList<any>(p.Rules);
    expect('Rules', rules.map((r) => r?.Name), plannedNames);
    rules.forEach((rule, i) => {
      const name = text(rule?.Name);
      expect(`${name}.Priority`, rule?.Priority, i);
      const statement = rule?.Statement ?? {};
      if ((WAF_MANAGED_RULE_GROUPS as readonly string[]).includes(name)) {
        expect(`${name}.OverrideAction`, rule.OverrideAction, { None: {} });
        expect(`${name}.Action`, rule.Action, undefined);
        expect(`${name}.Statement`, statement, { ManagedRuleGroupStatement: { Name: name, VendorName: 'AWS' } });
        return;
      }
      if (name === WAF_BOT_CONTROL) {
        expect(`${name}.OverrideAction`, rule.OverrideAction, { None: {} });
        expect(`${name}.Action`, rule.Action, undefined);
        expect(`${name}.Statement`, statement, botControlStatement(CONTROL_PLANE_API_STAGE));
        return;
      }
      const content = WAF_CONTENT_RULES.find((r) => r.ruleName === name);
      if (content) {
        // A labelling rule only counts; the block is the rate-based rule's, on the label.
        expect(`${name}.Action`, rule.Action, { Count: {} });
        expect(`${name}.OverrideAction`, rule.OverrideAction, undefined);
        expect(`${name}.RuleLabels`, rule.RuleLabels, [{ Name: content.label }]);
        const { Arn, ...rest } = statement.RegexPatternSetReferenceStatement ?? {};
        expect(`${name}.Statement`, { ...statement, RegexPatternSetReferenceStatement: rest }, { RegexPatternSetReferenceStatement: { FieldToMatch: { Body: { OversizeHandling: 'CONTINUE' } }, TextTransformations: WAF_CONTENT_TRANSFORMATIONS } });
        const set = referencedResource(context.template, Arn);
        if (set?.resource.Type !== 'AWS::WAFv2::RegexPatternSet' || text(set.resource.Properties?.Name) !== content.setName) {
          problems.push(`${name}.RegexPatternSet::${text(Arn)}`);
        }
        return;
      }
      expect(`${name}.Action`, rule?.Action, { Block: {} });
      expect(`${name}.OverrideAction`, rule?.OverrideAction, undefined);
      expect(`${name}.RuleLabels`, rule?.RuleLabels, undefined);
      if (name === WAF_RULE_NAMES.contentAbuseRate) {
        expect(`${name}.Statement`, statement, contentAbuseRateStatement());
      }
      if (name === WAF_RULE_NAMES.heartbeatRateLimit) {
        expect(`${name}.Statement`, statement, {
          RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: waf.heartbeatRatePerFiveMinutes, ScopeDownStatement: heartbeatScopeDown(CONTROL_PLANE_API_STAGE) },
        });
      } else if (name === WAF_RULE_NAMES.rateLimit) {
        expect(`${name}.Statement`, statement, { RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: waf.ratePerFiveMinutes } });
      } else if (name === WAF_RULE_NAMES.bodySize) {
        const size = statement.SizeConstraintStatement ?? {};
        expect(`${name}.Size`, size.Size, MAX_BODY_BYTES);
        expect(`${name}.ComparisonOperator`, size.ComparisonOperator, 'GT');
        expect(`${name}.FieldToMatch`, size.FieldToMatch, { Body: { OversizeHandling: 'MATCH' } });
      } else if (name === WAF_RULE_NAMES.allowList) {
        const set = referencedResource(context.template, statement.NotStatement?.Statement?.IPSetReferenceStatement?.Arn);
        if (set?.resource.Type !== 'AWS::WAFv2::IPSet') {
          problems.push(`${name}.IPSet::not-in-template`);
        }
      }
    });
    return findings(problems);
  },
};
