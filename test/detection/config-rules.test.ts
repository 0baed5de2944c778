/**
 * The AWS Config managed rules of the account baseline (lib/detection/config-rules.ts, plan in
 * lib/config/config-rules-plan.ts) and ConfigRulesAsPlanned, broken through escape hatches.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as config from 'aws-cdk-lib/aws-config';
import { CONTROLS } from '../../lib/compliance/controls';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { CONFIG_RULES, REMEDIATED_RULE } from '../../lib/config/config-rules-plan';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { testApp } from '../helpers/app';
import { PACK } from '../helpers/pack';

function baseline(configRules = true): { app: App; stack: AccountBaselineStack } {
  const app = testApp();
  const stack = new AccountBaselineStack(app, 'AccountBaseline', { baseline: { ...PACK.CONFIG.accountBaseline, configRules }, deployTimeGate: PACK.CONFIG });
  return { app, stack };
}

function findings(app: App, topology = PACK.TOPOLOGY): string[] {
  const pack = new TenantBaselineChecks(topology);
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-ConfigRulesAsPlanned' && e.status !== 'compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.resourceType}`));
}

const SHIPPED = baseline();
const TEMPLATE = Template.fromStack(SHIPPED.stack);

describe('AWS Config rules', () => {
  test('GIVEN the plan THEN every rule names real controls and a distinct managed rule', () => {
    for (const r of CONFIG_RULES) {
      expect(r.controls.length).toBeGreaterThan(0);
      r.controls.forEach((c) => expect(Object.keys(CONTROLS)).toContain(c));
    }
    expect(new Set(CONFIG_RULES.map((r) => r.identifier)).size).toBe(CONFIG_RULES.length);
  });

  test('GIVEN the account baseline THEN each planned rule exists once as AWS\'s managed rule, and every NON_COMPLIANT result goes to the security topic', () => {
    for (const r of CONFIG_RULES) {
      TEMPLATE.hasResourceProperties('AWS::Config::ConfigRule', { ConfigRuleName: r.name, Source: { Owner: 'AWS', SourceIdentifier: r.identifier } });
    }
    const routing = Object.values(TEMPLATE.findResources('AWS::Events::Rule')).find((r: any) => r.Properties.Description?.startsWith('A platform property')) as any;
    expect(routing.Properties.EventPattern.detail).toEqual({ configRuleName: CONFIG_RULES.map((r) => r.name), newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } });
  });

  test('GIVEN the remediation THEN only the default security group rule is remediated, automatically, with AWS\'s runbook, through a role only Systems Manager may assume', () => {
    TEMPLATE.resourceCountIs('AWS::Config::RemediationConfiguration', 1);
    TEMPLATE.hasResourceProperties('AWS::Config::RemediationConfiguration', { ConfigRuleName: REMEDIATED_RULE.rule, TargetType: 'SSM_DOCUMENT', TargetId: REMEDIATED_RULE.document, Automatic: true });
    const roles = Object.values(TEMPLATE.findResources('AWS::IAM::Role')).filter((r: any) => r.Properties.Description?.startsWith('AWS Config remediation')) as any[];
    expect(roles.map((r) => r.Properties.AssumeRolePolicyDocument.Statement)).toEqual([
      [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    ]);
  });

  test('GIVEN the shipped account baseline THEN ConfigRulesAsPlanned finds nothing', () => {
    expect(findings(SHIPPED.app)).toEqual([]);
  });

  test('GIVEN rules weakened through escape hatches THEN each is a finding on its rule', () => {
    const { app, stack } = baseline();
    const rules = stack.configRules!.rules;
    rules[0].addPropertyOverride('Scope', { ComplianceResourceTypes: ['AWS::S3::Bucket'], TagKey: 'only-these' });
    rules[1].addPropertyOverride('Source.SourceIdentifier', 'S3_BUCKET_LOGGING_ENABLED');
    rules[2].addPropertyOverride('ConfigRuleName', 'renamed');
    stack.configRules!.remediation.addPropertyOverride('TargetId', 'AWS-DeleteAnything');
    new config.CfnConfigRule(stack, 'Unplanned', { configRuleName: 'an-extra-rule', source: { owner: 'AWS', sourceIdentifier: 'IAM_ROOT_ACCESS_KEY_CHECK' } });
    expect(findings(app).sort()).toEqual([
      `TenantBaseline-ConfigRulesAsPlanned[ConfigRule::${CONFIG_RULES[2].name}::0::planned-1] @ AWS::CloudTrail::Trail`,
      `TenantBaseline-ConfigRulesAsPlanned[Scope::{"ComplianceResourceTypes":["AWS::S3::Bucket"],"TagKey":"only-these"}] @ AWS::Config::ConfigRule`,
      `TenantBaseline-ConfigRulesAsPlanned[Source::{"Owner":"AWS","SourceIdentifier":"S3_BUCKET_LOGGING_ENABLED"}] @ AWS::Config::ConfigRule`,
      'TenantBaseline-ConfigRulesAsPlanned[TargetId::"AWS-DeleteAnything"] @ AWS::Config::RemediationConfiguration',
      'TenantBaseline-ConfigRulesAsPlanned[Unplanned::an-extra-rule] @ AWS::Config::ConfigRule',
      'TenantBaseline-ConfigRulesAsPlanned[Unplanned::renamed] @ AWS::Config::ConfigRule',
    ].sort());
  });

  test('GIVEN the routing narrowed to drop a rule THEN that rule is not routed; the remediation made manual THEN it is a finding', () => {
    const { app, stack } = baseline();
    (stack.configRules!.routing.node.defaultChild as any).addPropertyOverride('EventPattern.detail.configRuleName', CONFIG_RULES.slice(1).map((r) => r.name));
    stack.configRules!.remediation.addPropertyOverride('Automatic', false);
    expect(findings(app).sort()).toEqual(['TenantBaseline-ConfigRulesAsPlanned[Automatic::false] @ AWS::Config::RemediationConfiguration', 'TenantBaseline-ConfigRulesAsPlanned[NotRoutedToSecurityTopic] @ AWS::Config::ConfigRule']);
  });

  test('GIVEN configRules off THEN none is built and none is expected; built while planned off THEN each is a finding', () => {
    const off = platformTopology(validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), accountBaseline: { ...PACK.CONFIG.accountBaseline, configRules: false } }));
    const { app, stack } = baseline(false);
    expect(stack.configRules).toBeUndefined();
    expect(findings(app, off)).toEqual([]);
    // Every rule and the remediation, each answered for by the trail.
    expect(findings(SHIPPED.app, off)).toHaveLength(CONFIG_RULES.length + 1);
  });
});
