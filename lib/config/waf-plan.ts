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

/** AWS WAF Bot Control: a managed group with its own configuration (the inspection level), so not in the list above. */
export const WAF_BOT_CONTROL = 'AWSManagedRulesBotControlRuleSet';

/**
 * Bot Control rules that count (label) instead of blocking: this API's legitimate callers are programs (the tenants'
 * sidecars and verifiers, the CLI, CI) that send HTTP-library user agents from data centers, which these rules block.
 * Their labels still reach the WAF logs; scrapers, automated browsers and the other categories stay blocked.
 */
export const WAF_BOT_CONTROL_COUNTED = ['CategoryHttpLibrary', 'SignalNonBrowserUserAgent', 'SignalKnownBotDataCenter'] as const;

/** The names of the ACL's own rules. */
export const WAF_RULE_NAMES = {
  allowList: 'BlockOutsideAllowList',
  tooManyUrls: 'LabelTooManyUrls',
  tooManyPhones: 'LabelTooManyPhones',
  contentAbuseRate: 'BlockRepeatedContentAbuse',
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

/** Seed 004: at most 5 URLs and 3 phone numbers per request; more than 10 violations a minute block the client. */
export const WAF_CONTENT_LIMITS = { maxUrls: 5, maxPhones: 3, violationsPerMinute: 10 } as const;

/** The label namespace the content rules add, and the rate-based rule counts. */
export const WAF_ABUSE_LABEL_NAMESPACE = 'tenant-baseline:abuse:';

/**
 * One URL: an http(s) scheme with its slashes, also JSON-escaped (`https:\/\/`). The body is lower-cased first.
 * A URL without a scheme (`www.example.com`) is not counted.
 */
const URL_TOKEN = 'https?:\\\\?/\\\\?/';
/**
 * One phone number: 2-4 digits (optionally in parentheses), then 3-4 and 4 digits, separated by a space, dot or dash
 * (`415-555-0100`, `(415) 555-0100`, `+44 20 7946 0958`, whose `+<country>` need not match). Unseparated digit runs
 * (timestamps, counters, ids) and ISO dates are not phone numbers here; a spaced card number counts as one.
 */
const PHONE_TOKEN = '\\(?\\d{2,4}\\)?[ .-]\\d{3,4}[ .-]\\d{4}';

/** A pattern that matches text holding at least `n` non-overlapping tokens (no capture groups, no lookaround). */
function atLeast(token: string, n: number): string {
  return `${token}(?:[\\s\\S]*?${token}){${n - 1}}`;
}

/**
 * The regex pattern sets, as WAF will carry them (PCRE syntax, kept to the subset JavaScript's RegExp shares, so the
 * tests run these exact strings): each matches a body with more than the limit, after the text transformations below.
 */
export const WAF_CONTENT_RULES = [
  { ruleName: WAF_RULE_NAMES.tooManyUrls, setName: 'tenant-baseline-too-many-urls', label: `${WAF_ABUSE_LABEL_NAMESPACE}too-many-urls`, regex: atLeast(URL_TOKEN, WAF_CONTENT_LIMITS.maxUrls + 1) },
  { ruleName: WAF_RULE_NAMES.tooManyPhones, setName: 'tenant-baseline-too-many-phones', label: `${WAF_ABUSE_LABEL_NAMESPACE}too-many-phones`, regex: atLeast(PHONE_TOKEN, WAF_CONTENT_LIMITS.maxPhones + 1) },
] as const;

/** What the content rules inspect the body after: percent-decoding, then lower case. */
export const WAF_CONTENT_TRANSFORMATIONS = [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'LOWERCASE' }] as const;

/** The rate-based rule: more than `violationsPerMinute` labelled requests from one IP in 60 s block that IP. */
export function contentAbuseRateStatement() {
  return {
    RateBasedStatement: {
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 60,
      Limit: WAF_CONTENT_LIMITS.violationsPerMinute,
      ScopeDownStatement: { LabelMatchStatement: { Key: WAF_ABUSE_LABEL_NAMESPACE, Scope: 'NAMESPACE' } },
    },
  } as const;
}

/**
 * The Bot Control statement: common inspection level, the counted rules of WAF_BOT_CONTROL_COUNTED, and not on the
 * routes only data planes call (heartbeats and the JWKS, on the API's stage), which programs in data centers call.
 */
export function botControlStatement(stage: string) {
  const path = (p: string) => ({
    ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: `/${stage}/${p}`, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'LOWERCASE' }] },
  });
  return {
    ManagedRuleGroupStatement: {
      Name: WAF_BOT_CONTROL,
      VendorName: 'AWS',
      ManagedRuleGroupConfigs: [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }],
      RuleActionOverrides: WAF_BOT_CONTROL_COUNTED.map((name) => ({ ActionToUse: { Count: {} }, Name: name })),
      ScopeDownStatement: { NotStatement: { Statement: { OrStatement: { Statements: [path('heartbeats'), path('.well-known/')] } } } },
    },
  } as const;
}
