import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PLATFORM_PREFIX } from '../naming';
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_WAF, MAX_BODY_BYTES } from '../config/platform-config';
import { botControlStatement, contentAbuseRateStatement, heartbeatScopeDown, WAF_BOT_CONTROL, WAF_CONTENT_RULES, WAF_CONTENT_TRANSFORMATIONS, WAF_MANAGED_RULE_GROUPS, WAF_RULE_NAMES } from '../config/waf-plan';
import { API_STAGE } from './control-plane-api';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

/** WAF log groups must be named `aws-waf-logs-...`; the control-plane key admits this prefix for CloudWatch Logs. */
export const WAF_LOG_GROUP_PREFIX = `aws-waf-logs-${PLATFORM_PREFIX}-`;


export interface ApiWebAclProps {
  /** The API stage to protect (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`). */
  readonly stageArn: string;
  /** Encrypts the WAF log group. */
  readonly encryptionKey: kms.IKey;
  /** Requests per client IP in any 5-minute window before the IP is blocked. */
  readonly ratePerFiveMinutes: number;
  /** Heartbeats per client IP in any 5-minute window before the IP is blocked on the heartbeat route. @default 500 */
  readonly heartbeatRatePerFiveMinutes?: number;
  /** When non-empty, only these CIDRs may reach the API at all. @default - everyone (subject to the rules) */
  readonly allowList?: readonly string[];
  /** @default 365 days (DEFAULT_LOG_RETENTION_DAYS) */
  readonly logRetention?: logs.RetentionDays;
  /** AWS WAF Bot Control (common level) outside the data-plane routes. @default true */
  readonly botControl?: boolean;
}

/**
 * A CloudFormation-shaped object (the plan's form, lib/config/waf-plan.ts) in the shape CfnWebACL's props take: keys
 * with a lower-case first letter (`AWS...` becomes `aws...`). The gate compares the rendered template with the plan.
 */
function cdkShape(value: unknown): any {
  if (Array.isArray(value)) return value.map(cdkShape);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('AWS') ? `aws${k.slice(3)}` : k[0].toLowerCase() + k.slice(1), cdkShape(v)]));
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/** Blocks bodies over MAX_BODY_BYTES, and bodies too large for WAF to inspect fully (oversize handling MATCH). */
const bodySizeRule = (): Omit<wafv2.CfnWebACL.RuleProperty, 'priority'> => ({
  name: WAF_RULE_NAMES.bodySize,
  action: { block: {} },
  statement: {
    sizeConstraintStatement: {
      fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
      comparisonOperator: 'GT',
      size: MAX_BODY_BYTES,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  },
  visibilityConfig: visibility(WAF_RULE_NAMES.bodySize),
});

/**
 * The regional WAF in front of the control-plane API: an optional IP allow list first, then AWS's IP reputation,
 * anonymous-IP, known-bad-inputs, common (XSS, size, LFI...) and SQL-injection rule groups, a lower per-IP rate limit
 * on the heartbeat route, a per-IP rate limit, and a body size limit (oversized bodies, which WAF cannot fully inspect, are blocked too). Full logs go to an encrypted
 * `aws-waf-logs-` log group with the Authorization header and cookies redacted.
 */
export class ApiWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const rules = this.createRules(props);
    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: `${PLATFORM_PREFIX}-control-plane-api`,
      description: 'Control-plane API: managed rules, per-IP rate limit, body size limit',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(`${PLATFORM_PREFIX}-control-plane-api`),
    });
    this.associate('Association', props.stageArn);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `${WAF_LOG_GROUP_PREFIX}control-plane-api`,
      encryptionKey: props.encryptionKey,
      retention: props.logRetention ?? DEFAULT_LOG_RETENTION_DAYS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the ':*' suffix that the log group's Arn attribute carries.
      logDestinationConfigs: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: this.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }

  /** The rules in evaluation order (the allow list's IP set is created here); each rule's priority is its position. */
  /** Puts another API stage (the private admin API's) behind this web ACL. */
  public associate(id: string, stageArn: string): wafv2.CfnWebACLAssociation {
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn: stageArn, webAclArn: this.webAcl.attrArn });
  }

  private createRules(props: ApiWebAclProps): wafv2.CfnWebACL.RuleProperty[] {
    const rules: Omit<wafv2.CfnWebACL.RuleProperty, 'priority'>[] = [
      ...(props.allowList && props.allowList.length > 0 ? [this.allowListRule(props.allowList)] : []),
      ...WAF_MANAGED_RULE_GROUPS.map((name) => ({
        name,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      })),
      ...(props.botControl ?? DEFAULT_WAF.botControl
        ? [{ name: WAF_BOT_CONTROL, overrideAction: { none: {} }, statement: cdkShape(botControlStatement(API_STAGE)), visibilityConfig: visibility(WAF_BOT_CONTROL) }]
        : []),
      ...this.contentRules(),
      this.heartbeatRateRule(props.heartbeatRatePerFiveMinutes ?? DEFAULT_WAF.heartbeatRatePerFiveMinutes),
      {
        name: WAF_RULE_NAMES.rateLimit,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: props.ratePerFiveMinutes, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility(WAF_RULE_NAMES.rateLimit),
      },
      bodySizeRule(),
    ];
    return rules.map(({ name, ...rule }, priority) => ({ name, priority, ...rule }));
  }

  /** The heartbeat route's own per-IP limit (lib/config/waf-plan.ts), ahead of the API-wide one. */
  private heartbeatRateRule(limit: number): Omit<wafv2.CfnWebACL.RuleProperty, 'priority'> {
    const { ByteMatchStatement: m } = heartbeatScopeDown(API_STAGE);
    return {
      name: WAF_RULE_NAMES.heartbeatRateLimit,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          scopeDownStatement: {
            byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: m.PositionalConstraint, searchString: m.SearchString, textTransformations: m.TextTransformations.map((t) => ({ priority: t.Priority, type: t.Type })) },
          },
        },
      },
      visibilityConfig: visibility(WAF_RULE_NAMES.heartbeatRateLimit),
    };
  }

  /**
   * The URL and phone rules: each labels (counts, never blocks) a body with more than the limit, matched by a regex
   * pattern set; then more than the limit of labelled requests from one IP in a minute block that IP.
   */
  private contentRules(): Omit<wafv2.CfnWebACL.RuleProperty, 'priority'>[] {
    const labelling = WAF_CONTENT_RULES.map((rule) => {
      const set = new wafv2.CfnRegexPatternSet(this, rule.ruleName, { name: rule.setName, scope: 'REGIONAL', regularExpressionList: [rule.regex], description: `Seed 004 content limit: ${rule.label}` });
      return {
        name: rule.ruleName,
        action: { count: {} },
        ruleLabels: [{ name: rule.label }],
        statement: {
          regexPatternSetReferenceStatement: { arn: set.attrArn, fieldToMatch: { body: { oversizeHandling: 'CONTINUE' } }, textTransformations: cdkShape(WAF_CONTENT_TRANSFORMATIONS) },
        },
        visibilityConfig: visibility(rule.ruleName),
      };
    });
    const rate = { name: WAF_RULE_NAMES.contentAbuseRate, action: { block: {} }, statement: cdkShape(contentAbuseRateStatement()), visibilityConfig: visibility(WAF_RULE_NAMES.contentAbuseRate) };
    return [...labelling, rate];
  }

  private allowListRule(allowList: readonly string[]): Omit<wafv2.CfnWebACL.RuleProperty, 'priority'> {
    const ipSet = new wafv2.CfnIPSet(this, 'AllowList', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: [...allowList], description: 'Only these clients may reach the control-plane API' });
    return {
      name: WAF_RULE_NAMES.allowList,
      action: { block: {} },
      statement: { notStatement: { statement: { ipSetReferenceStatement: { arn: ipSet.attrArn } } } },
      visibilityConfig: visibility(WAF_RULE_NAMES.allowList),
    };
  }
}
