import { NagMessageLevel } from 'cdk-nag';
import { ALERT_TIERS, ROUTE_TIERS } from '../../config/alert-tiers';
import { DRIFT_DETECTION } from '../../config/drift-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, isTrue, referencedResource, text } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);
const CONFIG_ROLE = /^arn:(\$\{AWS::Partition\}|aws|aws-cn|aws-us-gov):iam::\$\{AWS::AccountId\}:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

/** Whether an enabled EventBridge rule of the template sends this rule's NON_COMPLIANT evaluations to the security topic, with a dead-letter queue. */
function routedToSecurityTopic(context: RuleContext, ruleName: string): boolean {
  return Object.values(context.template.Resources ?? {}).some((r) => {
    const p = r.Properties ?? {};
    if (r.Type !== 'AWS::Events::Rule' || (p.State !== undefined && p.State !== 'ENABLED')) {
      return false;
    }
    const pattern = p.EventPattern ?? {};
    const matches =
      json(pattern.source) === json(['aws.config']) &&
      json(pattern['detail-type']) === json(['Config Rules Compliance Change']) &&
      json(pattern.detail?.configRuleName) === json([ruleName]) &&
      json(pattern.detail?.newEvaluationResult?.complianceType) === json(['NON_COMPLIANT']);
    return (
      matches &&
      asList<any>(p.Targets).some(
        (t) => text(referencedResource(context.template, t?.Arn)?.resource.Properties?.TopicName) === ALERT_TIERS[ROUTE_TIERS.DriftRoute].topicName && referencedResource(context.template, t?.DeadLetterConfig?.Arn)?.resource.Type === 'AWS::SQS::Queue',
      )
    );
  });
}

/** Whether `value` is a role of the template that only AWS Config (for this account) may assume. */
function isConfigOnlyRole(context: RuleContext, value: unknown): boolean {
  const role = referencedResource(context.template, value);
  const trust = asList<any>(role?.resource.Properties?.AssumeRolePolicyDocument?.Statement);
  return (
    role?.resource.Type === 'AWS::IAM::Role' &&
    trust.length > 0 &&
    trust.every((t) => t?.Effect === 'Allow' && json(t?.Principal) === json({ Service: 'config.amazonaws.com' }) && t?.Condition?.StringEquals?.['aws:SourceAccount'] !== undefined)
  );
}

function ruleProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  const expect = (field: string, actual: unknown, planned: unknown) => {
    if (json(actual) !== json(planned)) {
      problems.push(`${field}::${json(actual)}`);
    }
  };
  expect('ConfigRuleName', p.ConfigRuleName, DRIFT_DETECTION.ruleName);
  expect('Source', p.Source, { Owner: 'AWS', SourceIdentifier: DRIFT_DETECTION.sourceIdentifier });
  // A tag value or a resource id would narrow the check to some stacks; only the key is planned.
  expect('Scope', p.Scope, { ComplianceResourceTypes: ['AWS::CloudFormation::Stack'], TagKey: DRIFT_DETECTION.scopeTagKey });
  expect('MaximumExecutionFrequency', p.MaximumExecutionFrequency, DRIFT_DETECTION.frequency);
  if (!isConfigOnlyRole(context, p.InputParameters?.cloudformationRoleArn) || Object.keys(p.InputParameters ?? {}).length !== 1) {
    problems.push(`InputParameters::${json(p.InputParameters)}`);
  }
  if (!routedToSecurityTopic(context, text(p.ConfigRuleName))) {
    problems.push('NotRoutedToSecurityTopic');
  }
  return problems;
}

function recorderProblems(resource: TemplateResource): string[] {
  const p = resource.Properties ?? {};
  const group = p.RecordingGroup ?? {};
  const problems: string[] = [];
  if (!isTrue(group.AllSupported) || group.ResourceTypes !== undefined || group.ExclusionByResourceTypes !== undefined || (group.RecordingStrategy !== undefined && group.RecordingStrategy.UseOnly !== 'ALL_SUPPORTED_RESOURCE_TYPES')) {
    problems.push(`RecordingGroup::${json(group)}`);
  }
  if (!CONFIG_ROLE.test(text(p.RoleARN))) {
    problems.push(`RoleARN::${text(p.RoleARN)}`);
  }
  return problems;
}

function channelProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const bucket = referencedResource(context.template, p.S3BucketName);
  const problems: string[] = [];
  if (bucket?.resource.Type !== 'AWS::S3::Bucket' || !isTrue(bucket.resource.Properties?.ObjectLockEnabled)) {
    problems.push(`S3BucketName::${text(p.S3BucketName)}`);
  }
  // The bucket's own key: what Config delivers is encrypted like everything else in the audit bucket.
  const bucketKey = asList<any>(bucket?.resource.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration)[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
  const key = referencedResource(context.template, p.S3KmsKeyArn);
  if (key?.resource.Type !== 'AWS::KMS::Key' || key.logicalId !== referencedResource(context.template, bucketKey)?.logicalId) {
    problems.push(`S3KmsKeyArn::${text(p.S3KmsKeyArn ?? 'unset')}`);
  }
  return problems;
}

/** On the security topic: the drift rule exists here, and so does the recorder when the account baseline creates it. */
function presenceProblems(context: RuleContext): string[] {
  const types = Object.values(context.template.Resources ?? {});
  const rules = types.filter((r) => r.Type === 'AWS::Config::ConfigRule' && text(r.Properties?.ConfigRuleName) === DRIFT_DETECTION.ruleName);
  const recorders = types.filter((r) => r.Type === 'AWS::Config::ConfigurationRecorder');
  const create = context.topology.config.accountBaseline.configRecorder === 'create';
  return [...(rules.length === 1 ? [] : [`DriftRules::${rules.length}`]), ...(create && recorders.length !== 1 ? [`Recorders::${recorders.length}`] : []), ...(!create && recorders.length > 0 ? ['Recorder::unplanned'] : [])];
}

/**
 * IaC drift detection as planned (SOC 2 CC8.1, lib/config/drift-plan.ts): in the account baseline exactly one AWS Config
 * rule under the drift rule's name (the other rules are ConfigRulesAsPlanned's), the managed CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK, scoped to every stack that carries the platform's
 * component tag, run with a role of the stack, and its NON_COMPLIANT evaluations routed to the security topic with a
 * dead-letter queue; a created recorder records every supported resource type through Config's service-linked role
 * and delivers to the Object Lock audit bucket under a key of the stack. A narrowed scope, another rule, a recorder
 * that skips types, or a drift nobody hears of is a finding.
 */
export const DriftDetectionAsPlanned: TemplateRule = {
  id: 'DriftDetectionAsPlanned',
  resourceTypes: ['AWS::Config::ConfigRule', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::SNS::Topic'],
  judges: {
    'AWS::Config::ConfigRule': ['ConfigRuleName', 'Source.Owner', 'Source.SourceIdentifier', 'Scope.ComplianceResourceTypes', 'Scope.TagKey', 'MaximumExecutionFrequency', 'InputParameters.cloudformationRoleArn'],
    'AWS::Config::ConfigurationRecorder': ['RecordingGroup.AllSupported', 'RoleARN'],
    'AWS::Config::DeliveryChannel': ['S3BucketName', 'S3KmsKeyArn'],
    'AWS::Events::Rule': ['EventPattern.detail.newEvaluationResult.complianceType', 'EventPattern.detail.configRuleName'],
  },
  info: 'The stack-drift check differs from the plan: its rule, scope, role, routing to the security topic, or the recorder it needs.',
  explanation: 'SOC 2 CC8.1 and the security documents ask for IaC drift detection: a resource changed by hand outside the pipeline must raise an alert.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-1', 'SOC2-CC7.2', 'SOC2-CC8.1'],
  check(resource, context) {
    if (context.role.kind !== 'account-baseline') {
      return resource.Type === 'AWS::SNS::Topic' ? NOT_APPLICABLE : ['Unplanned::outside-account-baseline'];
    }
    switch (resource.Type) {
      case 'AWS::Config::ConfigRule':
        // The other rules of the account baseline are ConfigRulesAsPlanned's; a renamed drift rule is one of them.
        return text(resource.Properties?.ConfigRuleName) === DRIFT_DETECTION.ruleName ? findings(ruleProblems(resource, context)) : NOT_APPLICABLE;
      case 'AWS::Config::ConfigurationRecorder':
        return findings(recorderProblems(resource));
      case 'AWS::Config::DeliveryChannel':
        return findings(channelProblems(resource, context));
      default:
        return text(resource.Properties?.TopicName) === ALERT_TIERS[ROUTE_TIERS.DriftRoute].topicName ? findings(presenceProblems(context)) : NOT_APPLICABLE;
    }
  },
};
