/**
 * IaC drift detection (issue 17, SOC 2 CC8.1): AWS Config's managed stack-drift rule over the platform's stacks, its
 * routing to the security topic, the recorder it needs (created or adopted), and DriftDetectionAsPlanned failing for
 * each way the plan can be broken, through the L2 and through escape-hatch overrides.
 */
import { CONFIG_RULES } from '../../lib/config/config-rules-plan';
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { DRIFT_DETECTION } from '../../lib/config/drift-plan';
import { PlatformConfig, PlatformConfigError, validatePlatformConfig } from '../../lib/config/platform-config';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { PACK } from '../helpers/pack';

const { CONFIG } = PACK;
const l1 = (construct: { node: { defaultChild?: unknown } }) => construct.node.defaultChild as CfnResource;

function baseline(configRecorder: 'create' | 'adopt' = 'create') {
  const app = testApp();
  const config: PlatformConfig = { ...CONFIG, accountBaseline: { ...CONFIG.accountBaseline, configRecorder } };
  const stack = new AccountBaselineStack(app, 'AccountBaseline', { baseline: config.accountBaseline, deployTimeGate: config });
  return { app, stack, config };
}

/** DriftDetectionAsPlanned's findings, judged against the plan the stack was built from. */
function found(app: ReturnType<typeof testApp>, config: PlatformConfig): string[] {
  const pack = new TenantBaselineChecks(platformTopology(config));
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-DriftDetectionAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings).sort();
}

describe('drift detection in the account baseline', () => {
  test('THEN the managed stack-drift rule judges every stack with the platform component tag, hourly, with a role only Config can assume', () => {
    const { stack } = baseline();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'tenant-baseline-stack-drift',
      Source: { Owner: 'AWS', SourceIdentifier: 'CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK' },
      Scope: { ComplianceResourceTypes: ['AWS::CloudFormation::Stack'], TagKey: 'tenant-baseline:component' },
      MaximumExecutionFrequency: 'One_Hour',
      InputParameters: { cloudformationRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(l1(stack.driftDetection.checkRole)), 'Arn'] } },
    });
    const role = t.toJSON().Resources[stack.getLogicalId(l1(stack.driftDetection.checkRole))].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
    ]);
  });

  test('THEN a NON_COMPLIANT evaluation of that rule reaches the security topic through the publisher role, with retries and a dead-letter queue', () => {
    const { stack } = baseline();
    const routing = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(l1(stack.driftDetection.routing))].Properties;
    expect(routing.EventPattern).toEqual({ source: ['aws.config'], 'detail-type': ['Config Rules Compliance Change'], detail: { configRuleName: [DRIFT_DETECTION.ruleName], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } });
    expect(routing.Targets).toEqual([
      expect.objectContaining({
        Arn: { Ref: stack.getLogicalId(l1(stack.alerts.topics.low)) },
        RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(l1(stack.threatDetection.publisherRole)), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [stack.getLogicalId(l1(stack.alerts.deadLetterQueue)), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      }),
    ]);
  });

  test('GIVEN "create" THEN the recorder records every supported type through Config\'s service-linked role and delivers to the audit bucket under its key, admitted for this account only', () => {
    const { stack } = baseline();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
    t.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: { Ref: stack.getLogicalId(l1(stack.auditTrail.bucket)) },
      S3KeyPrefix: 'config',
      S3KmsKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(l1(stack.auditTrail.key)), 'Arn'] },
    });
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Sid?.startsWith('Config'));
    expect(policy.map((st: any) => [st.Sid, st.Condition.StringEquals['aws:SourceAccount']])).toEqual([
      ['ConfigBucketCheck', { Ref: 'AWS::AccountId' }],
      ['ConfigDelivery', { Ref: 'AWS::AccountId' }],
    ]);
  });

  test('GIVEN "adopt" THEN no recorder or channel is built (one per account and region), and the rule and its routing still are', () => {
    const { stack } = baseline('adopt');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    t.resourceCountIs('AWS::Config::DeliveryChannel', 0);
    // The drift rule, and the managed rules of test/detection/config-rules.test.ts.
    t.hasResourceProperties('AWS::Config::ConfigRule', { ConfigRuleName: DRIFT_DETECTION.ruleName });
    t.resourceCountIs('AWS::Config::ConfigRule', 1 + CONFIG_RULES.length);
  });

  test('GIVEN configRecorder other than create or adopt THEN a named error', () => {
    expect(() => validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [], accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS, configRecorder: 'skip' } }, 'test.json')).toThrow(
      new PlatformConfigError([`test.json: 'accountBaseline.configRecorder' must be "create" or "adopt" (one AWS Config recorder per account and region), got "skip"`]),
    );
  });
});

describe('DriftDetectionAsPlanned', () => {
  test('GIVEN the shipped baseline, created or adopted THEN nothing is found', () => {
    for (const mode of ['create', 'adopt'] as const) {
      const { app, config } = baseline(mode);
      expect(found(app, config)).toEqual([]);
    }
  });

  test('GIVEN the scope narrowed to one tag value, or the rule replaced by another managed rule (overrides) THEN each is reported', () => {
    const narrowed = baseline();
    narrowed.stack.driftDetection.rule.addPropertyOverride('Scope.TagValue', 'tenant-data-plane');
    expect(found(narrowed.app, narrowed.config)).toEqual([expect.stringMatching(/^TenantBaseline-DriftDetectionAsPlanned\[Scope::.*"TagValue":"tenant-data-plane"/)]);
    const other = baseline();
    other.stack.driftDetection.rule.addPropertyOverride('Source.SourceIdentifier', 'S3_BUCKET_VERSIONING_ENABLED');
    expect(found(other.app, other.config)).toEqual([expect.stringMatching(/^TenantBaseline-DriftDetectionAsPlanned\[Source::/)]);
  });

  test('GIVEN the routing disabled, or a recorder that excludes resource types THEN each is reported', () => {
    const silent = baseline();
    l1(silent.stack.driftDetection.routing).addPropertyOverride('State', 'DISABLED');
    expect(found(silent.app, silent.config)).toEqual(['TenantBaseline-DriftDetectionAsPlanned[NotRoutedToSecurityTopic]']);
    const partial = baseline();
    partial.stack.driftDetection.recorder!.addPropertyOverride('RecordingGroup', { AllSupported: false, ResourceTypes: ['AWS::S3::Bucket'] });
    expect(found(partial.app, partial.config)).toEqual([expect.stringMatching(/^TenantBaseline-DriftDetectionAsPlanned\[RecordingGroup::/)]);
  });

  test('GIVEN the drift rule removed, or a recorder built while the plan adopts one THEN the security topic answers for it', () => {
    const removed = baseline();
    removed.stack.driftDetection.node.tryRemoveChild('StackDrift');
    expect(found(removed.app, removed.config)).toEqual(['TenantBaseline-DriftDetectionAsPlanned[DriftRules::0]']);
    const { app, config } = baseline('create');
    expect(found(app, { ...config, accountBaseline: { ...config.accountBaseline, configRecorder: 'adopt' } })).toEqual(['TenantBaseline-DriftDetectionAsPlanned[Recorder::unplanned]']);
  });
});
