import { MAX_BODY_BYTES } from '../../config/limits';
import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateResource, TemplateRule } from './rule';
import { asList, referencedId, referencedResource, text } from './template';

/** The managed rule groups DESIGN.md names: SQL injection, XSS (common rule set), known bad inputs, IP reputation. */
export const REQUIRED_MANAGED_GROUPS = ['AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

/**
 * Every API Gateway stage is associated, in its own template, with a WAF web ACL that blocks with the four managed
 * rule groups (not in count mode), a per-IP rate-based rule, and oversized bodies (> 8192 bytes, oversize counted as a
 * match); and the ACL's logs redact the authorization and cookie headers.
 */
export const ApiStageBehindWaf: TemplateRule = {
  id: 'ApiStageBehindWaf',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  info: 'The API stage is not behind a web ACL with the managed groups, a per-IP rate limit, the 8192-byte body limit and redacted logs.',
  explanation: 'DESIGN.md: WAF in front of every public endpoint, rate limiting per IP, request bodies up to 8192 bytes, managed rule groups, WAF logs redacting authorization headers and cookies.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.6', 'GDPR-Art.32'],
  check(_resource, context) {
    const resources = Object.entries(context.template.Resources ?? {});
    const association = resources.find(([, r]) => r.Type === 'AWS::WAFv2::WebACLAssociation' && text(r.Properties?.ResourceArn).includes(`\${${context.logicalId}}`));
    const acl = association ? referencedResource(context.template, association[1].Properties?.WebACLArn) : undefined;
    if (!acl || acl.resource.Type !== 'AWS::WAFv2::WebACL') {
      return ['NoWebAcl'];
    }
    const rules = asList<any>(acl.resource.Properties?.Rules);
    const blocks = (rule: any) => rule.Action?.Block !== undefined;
    const problems: string[] = [];
    for (const group of REQUIRED_MANAGED_GROUPS) {
      const rule = rules.find((r) => r.Statement?.ManagedRuleGroupStatement?.Name === group && r.Statement.ManagedRuleGroupStatement.VendorName === 'AWS');
      if (!rule || rule.OverrideAction?.None === undefined) {
        problems.push(`ManagedGroup::${group}`);
      }
    }
    // The API-wide limit: a per-IP rate rule that blocks and is not scoped down to a part of the API.
    if (!rules.some((r) => r.Statement?.RateBasedStatement?.AggregateKeyType === 'IP' && r.Statement.RateBasedStatement.ScopeDownStatement === undefined && blocks(r))) {
      problems.push('RateLimitPerIp');
    }
    const sizeRule = rules.find((r) => r.Statement?.SizeConstraintStatement?.FieldToMatch?.Body !== undefined && blocks(r));
    const size = sizeRule?.Statement.SizeConstraintStatement;
    if (!size || size.ComparisonOperator !== 'GT' || !(Number(size.Size) <= MAX_BODY_BYTES) || size.FieldToMatch.Body.OversizeHandling !== 'MATCH') {
      problems.push('BodySizeLimit');
    }
    const logging = resources.map(([, r]) => r).find((r: TemplateResource) => r.Type === 'AWS::WAFv2::LoggingConfiguration' && referencedId(r.Properties?.ResourceArn) === acl.logicalId);
    const redacted = new Set(asList<any>(logging?.Properties?.RedactedFields).map((f) => String(f?.SingleHeader?.Name ?? '').toLowerCase()));
    for (const header of ['authorization', 'cookie']) {
      if (!logging || !redacted.has(header)) {
        problems.push(`LogRedaction::${header}`);
      }
    }
    return findings(problems);
  },
};
