import { BASELINE_ANCHOR_TYPES, isAnchorType, isBaselineAnchor } from './baseline-anchor';
import { NagMessageLevel } from 'cdk-nag';
import { ALERT_TIERS, ROUTE_TIERS } from '../../config/alert-tiers';
import { CONFIG_RULES, REMEDIATED_RULE } from '../../config/config-rules-plan';
import { DRIFT_DETECTION } from '../../config/drift-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, isTrue, referencedResource, text } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);

/** Whether an enabled EventBridge rule of the template sends this Config rule's NON_COMPLIANT evaluations to the security topic with a dead-letter queue. */
function routed(context: RuleContext, ruleName: string): boolean {
  return Object.values(context.template.Resources ?? {}).some((r) => {
    const p = r.Properties ?? {};
    if (r.Type !== 'AWS::Events::Rule' || (p.State !== undefined && p.State !== 'ENABLED')) {
      return false;
    }
    const pattern = p.EventPattern ?? {};
    const matches =
      json(pattern.source) === json(['aws.config']) &&
      json(pattern['detail-type']) === json(['Config Rules Compliance Change']) &&
      asList<unknown>(pattern.detail?.configRuleName).includes(ruleName) &&
      json(pattern.detail?.newEvaluationResult?.complianceType) === json(['NON_COMPLIANT']) &&
      Object.keys(pattern).every((k) => ['source', 'detail-type', 'detail'].includes(k)) &&
      Object.keys(pattern.detail ?? {}).every((k) => ['configRuleName', 'newEvaluationResult'].includes(k));
    return (
      matches &&
      asList<any>(p.Targets).some(
        (t) => text(referencedResource(context.template, t?.Arn)?.resource.Properties?.TopicName) === ALERT_TIERS[ROUTE_TIERS.NonComplianceRoute].topicName && referencedResource(context.template, t?.DeadLetterConfig?.Arn)?.resource.Type === 'AWS::SQS::Queue',
      )
    );
  });
}

function ruleProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const name = text(p.ConfigRuleName);
  const planned = CONFIG_RULES.find((r) => r.name === name);
  if (!planned) {
    return [`Unplanned::${name}`];
  }
  const problems: string[] = [];
  const expect = (field: string, actual: unknown, want: unknown) => {
    if (json(actual) !== json(want)) {
      problems.push(`${field}::${json(actual)}`);
    }
  };
  expect('Source', p.Source, { Owner: 'AWS', SourceIdentifier: planned.identifier });
  expect('InputParameters', p.InputParameters, planned.inputParameters);
  expect('MaximumExecutionFrequency', p.MaximumExecutionFrequency, planned.frequency);
  // No scope: the rule judges every resource of its types in the account, not a chosen few.
  expect('Scope', p.Scope, undefined);
  if (!routed(context, name)) {
    problems.push('NotRoutedToSecurityTopic');
  }
  return problems;
}

function remediationProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  const expect = (field: string, actual: unknown, want: unknown) => {
    if (json(actual) !== json(want)) {
      problems.push(`${field}::${json(actual)}`);
    }
  };
  expect('ConfigRuleName', p.ConfigRuleName, REMEDIATED_RULE.rule);
  expect('TargetType', p.TargetType, 'SSM_DOCUMENT');
  expect('TargetId', p.TargetId, REMEDIATED_RULE.document);
  expect('TargetVersion', p.TargetVersion, undefined);
  if (!isTrue(p.Automatic)) {
    problems.push(`Automatic::${json(p.Automatic)}`);
  }
  expect('Parameters.GroupId', p.Parameters?.GroupId, { ResourceValue: { Value: 'RESOURCE_ID' } });
  const values = p.Parameters?.AutomationAssumeRole?.StaticValue?.Values;
  const getAtt = Array.isArray(values) && values.length === 1 ? (values[0] as Record<string, unknown>)?.['Fn::GetAtt'] : undefined;
  const role = Array.isArray(getAtt) && getAtt[1] === 'Arn' ? context.template.Resources?.[String(getAtt[0])] : undefined;
  const trust = asList<any>(role?.Properties?.AssumeRolePolicyDocument?.Statement);
  if (role?.Type !== 'AWS::IAM::Role' || trust.length === 0 || !trust.every((t) => t?.Effect === 'Allow' && json(t?.Principal) === json({ Service: 'ssm.amazonaws.com' }))) {
    problems.push(`Parameters.AutomationAssumeRole::${json(values)}`);
  }
  if (Object.keys(p.Parameters ?? {}).some((k) => k !== 'GroupId' && k !== 'AutomationAssumeRole')) {
    problems.push(`Parameters::${json(Object.keys(p.Parameters).sort())}`);
  }
  return problems;
}

/** The baseline's anchor (its trail, or in an additional region its critical topic: baseline-anchor.ts) answers for planned rules or remediation that are missing, or doubled. */
function presenceProblems(context: RuleContext): string[] {
  const resources = Object.values(context.template.Resources ?? {});
  const names = resources.filter((r) => r.Type === 'AWS::Config::ConfigRule').map((r) => text(r.Properties?.ConfigRuleName));
  const on = context.topology.config.accountBaseline.configRules;
  const problems = CONFIG_RULES.flatMap((r) => {
    const count = names.filter((n) => n === r.name).length;
    return count === (on ? 1 : 0) ? [] : [`ConfigRule::${r.name}::${count}::planned-${on ? 1 : 0}`];
  });
  const remediations = resources.filter((r) => r.Type === 'AWS::Config::RemediationConfiguration').length;
  return [...problems, ...(remediations === (on ? 1 : 0) ? [] : [`Remediations::${remediations}::planned-${on ? 1 : 0}`])];
}

/**
 * The account baseline's AWS Config managed rules exactly as planned (lib/config/config-rules-plan.ts): each planned
 * rule once, AWS's managed rule with its planned parameters and frequency, no scope narrowing it, its NON_COMPLIANT
 * evaluations routed to the security topic with a dead-letter queue; no rule the plan does not name (but the drift
 * rule, DriftDetectionAsPlanned's); one automatic remediation, AWS's runbook for the default security group, through a
 * role only Systems Manager may assume. Off in the configuration, none of them.
 */
export const ConfigRulesAsPlanned: TemplateRule = {
  id: 'ConfigRulesAsPlanned',
  resourceTypes: ['AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration', ...BASELINE_ANCHOR_TYPES],
  judges: {
    'AWS::Config::ConfigRule': ['ConfigRuleName', 'Source.Owner', 'Source.SourceIdentifier', 'MaximumExecutionFrequency'],
    'AWS::Config::RemediationConfiguration': ['ConfigRuleName', 'TargetType', 'TargetId', 'Automatic', 'Parameters.GroupId.ResourceValue.Value', 'Parameters.AutomationAssumeRole.StaticValue.Values'],
  },
  info: 'The account\'s AWS Config rules differ from the plan: a rule missing, changed, narrowed or not routed to the security topic, an unplanned rule, or a remediation other than the planned one.',
  explanation: 'These rules keep the platform\'s properties proved after deploy (docs/assurance.md); one that is missing, narrowed or heard by nobody proves nothing, and an automatic remediation nobody planned can change any resource.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC7.2', 'SOC2-CC8.1'],
  check(resource, context) {
    if (isAnchorType(resource)) {
      return isBaselineAnchor(resource, context) ? findings(presenceProblems(context)) : NOT_APPLICABLE;
    }
    if (context.role.kind !== 'account-baseline') {
      return ['Unplanned::outside-account-baseline'];
    }
    switch (resource.Type) {
      case 'AWS::Config::ConfigRule':
        return text(resource.Properties?.ConfigRuleName) === DRIFT_DETECTION.ruleName ? NOT_APPLICABLE : findings(ruleProblems(resource, context));
      case 'AWS::Config::RemediationConfiguration':
        return findings(remediationProblems(resource, context));
      default:
        return NOT_APPLICABLE;
    }
  },
};
