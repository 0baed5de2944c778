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
export const WAF_RULE_NAMES = {
  allowList: 'BlockOutsideAllowList',
  heartbeatRateLimit: 'RateLimitHeartbeatsPerClientIp',
  rateLimit: 'RateLimitPerClientIp',
  bodySize: 'BodyLargerThanLimit',
} as const;

/**
 * What the heartbeat rate limit counts: requests whose URI path, URL-decoded and lower-cased, starts with the heartbeat
 * route on the API's stage (a trailing slash or another case cannot step around it). Heartbeats are unauthenticated
 * until their signature is checked, so their own, lower limit keeps a flood of forged ones from the ingest.
 */
export function heartbeatScopeDown(stage: string) {
  return {
    ByteMatchStatement: {
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: 'STARTS_WITH',
      SearchString: `/${stage}/heartbeats`,
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'LOWERCASE' }],
    },
  } as const;
}
