/**
 * The web ACL's plan as data: the AWS managed rule groups, in evaluation order, each blocking (no count mode, no rule
 * overrides). lib/edge builds the ACL from it; the gate's WebAclAsPlanned rule compares the synthesized ACL with it.
 */
export const WAF_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** The names of the ACL's own rules. */
export const WAF_RULE_NAMES = { allowList: 'BlockOutsideAllowList', rateLimit: 'RateLimitPerClientIp', bodySize: 'BodyLargerThanLimit' } as const;
