/**
 * IAM Access Analyzer in the account baseline (lib/detection/access-analysis.ts, plan in
 * lib/config/access-analysis-plan.ts) and AccessAnalysisAsPlanned, broken through escape hatches.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { ACCESS_ANALYSIS } from '../../lib/config/access-analysis-plan';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { ALERT_TOPIC_NAMES } from '../../lib/naming';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { testApp } from '../helpers/app';
import { PACK } from '../helpers/pack';

function baseline(accessAnalysis = true): { app: App; stack: AccountBaselineStack } {
  const app = testApp();
  const stack = new AccountBaselineStack(app, 'AccountBaseline', { baseline: { ...PACK.CONFIG.accountBaseline, accessAnalysis }, deployTimeGate: PACK.CONFIG });
  return { app, stack };
}

function findings(app: App, topology = PACK.TOPOLOGY): string[] {
  const pack = new TenantBaselineChecks(topology);
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-AccessAnalysisAsPlanned' && e.status !== 'compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.resourceType}`));
}

const SHIPPED = baseline();
const TEMPLATE = Template.fromStack(SHIPPED.stack).toJSON();

test('GIVEN the account baseline THEN an external-access, an internal-access (buckets and tables) and an unused-access analyzer, without archive rules, their active findings routed by severity', () => {
  const analyzers = Object.values(TEMPLATE.Resources).filter((r: any) => r.Type === 'AWS::AccessAnalyzer::Analyzer').map(({ Properties: { Tags, ...p } }: any) => p);
  expect(analyzers).toEqual([
    { AnalyzerName: ACCESS_ANALYSIS.external.name, Type: 'ACCOUNT' },
    {
      AnalyzerName: ACCESS_ANALYSIS.internal.name,
      Type: 'ACCOUNT_INTERNAL_ACCESS',
      AnalyzerConfiguration: { InternalAccessConfiguration: { InternalAccessAnalysisRule: { Inclusions: [{ ResourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table'] }] } } },
    },
    { AnalyzerName: ACCESS_ANALYSIS.unused.name, Type: 'ACCOUNT_UNUSED_ACCESS', AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } } },
  ]);
  const routes = Object.values(TEMPLATE.Resources).filter((r: any) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern?.source?.[0] === 'aws.access-analyzer') as any[];
  const topicOf = (route: any) => TEMPLATE.Resources[route.Properties.Targets[0].Arn.Ref].Properties.TopicName;
  expect(routes.map((r) => [r.Properties.EventPattern['detail-type'][0], r.Properties.EventPattern.detail, topicOf(r)])).toEqual([
    ['Access Analyzer Finding', { status: ['ACTIVE'] }, ALERT_TOPIC_NAMES.high],
    ['Internal Access Finding', { status: ['ACTIVE'] }, ALERT_TOPIC_NAMES.medium],
    ['Unused Access Finding for IAM entities', { status: ['ACTIVE'] }, ALERT_TOPIC_NAMES.low],
  ]);
});

test('GIVEN the shipped account baseline THEN AccessAnalysisAsPlanned finds nothing', () => {
  expect(findings(SHIPPED.app)).toEqual([]);
});

test('GIVEN analyzers weakened through escape hatches THEN each is a finding', () => {
  const { app, stack } = baseline();
  stack.accessAnalysis!.external.addPropertyOverride('ArchiveRules', [{ RuleName: 'hide', Filter: [{ Property: 'isPublic', Eq: ['true'] }] }]);
  stack.accessAnalysis!.unused.addPropertyOverride('AnalyzerConfiguration.UnusedAccessConfiguration.UnusedAccessAge', 365);
  stack.accessAnalysis!.internal.addPropertyOverride('AnalyzerConfiguration.InternalAccessConfiguration.InternalAccessAnalysisRule.Inclusions.0.ResourceTypes', ['AWS::S3::Bucket']);
  new accessanalyzer.CfnAnalyzer(stack, 'Extra', { analyzerName: 'someone-elses', type: 'ACCOUNT' });
  expect(findings(app).sort()).toEqual([
    'TenantBaseline-AccessAnalysisAsPlanned[AnalyzerConfiguration::{"InternalAccessConfiguration":{"InternalAccessAnalysisRule":{"Inclusions":[{"ResourceTypes":["AWS::S3::Bucket"]}]}}}] @ AWS::AccessAnalyzer::Analyzer',
    'TenantBaseline-AccessAnalysisAsPlanned[AnalyzerConfiguration::{"UnusedAccessConfiguration":{"UnusedAccessAge":365}}] @ AWS::AccessAnalyzer::Analyzer',
    'TenantBaseline-AccessAnalysisAsPlanned[ArchiveRules::1] @ AWS::AccessAnalyzer::Analyzer',
    'TenantBaseline-AccessAnalysisAsPlanned[Unplanned::someone-elses] @ AWS::AccessAnalyzer::Analyzer',
  ]);
});

test('GIVEN the external route widened to archived findings THEN the external analyzer is not routed as planned', () => {
  const { app, stack } = baseline();
  const route = stack.accessAnalysis!.node.findChild('ExternalAccessRoute').node.defaultChild as any;
  route.addPropertyOverride('EventPattern.detail.status', ['ACTIVE', 'ARCHIVED']);
  expect(findings(app)).toEqual(['TenantBaseline-AccessAnalysisAsPlanned[NotRouted] @ AWS::AccessAnalyzer::Analyzer']);
});

test('GIVEN access analysis off THEN nothing is built or expected; built while planned off THEN the trail answers for both', () => {
  const off = platformTopology(validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), accountBaseline: { ...PACK.CONFIG.accountBaseline, accessAnalysis: false } }));
  const { app, stack } = baseline(false);
  expect(stack.accessAnalysis).toBeUndefined();
  expect(findings(app, off)).toEqual([]);
  expect(findings(SHIPPED.app, off)).toEqual([
    `TenantBaseline-AccessAnalysisAsPlanned[Analyzer::${ACCESS_ANALYSIS.external.name}::1::planned-0] @ AWS::CloudTrail::Trail`,
    `TenantBaseline-AccessAnalysisAsPlanned[Analyzer::${ACCESS_ANALYSIS.internal.name}::1::planned-0] @ AWS::CloudTrail::Trail`,
    `TenantBaseline-AccessAnalysisAsPlanned[Analyzer::${ACCESS_ANALYSIS.unused.name}::1::planned-0] @ AWS::CloudTrail::Trail`,
  ]);
  expect(findings(baseline(false).app)).toEqual([
    `TenantBaseline-AccessAnalysisAsPlanned[Analyzer::${ACCESS_ANALYSIS.external.name}::0::planned-1] @ AWS::CloudTrail::Trail`,
    `TenantBaseline-AccessAnalysisAsPlanned[Analyzer::${ACCESS_ANALYSIS.internal.name}::0::planned-1] @ AWS::CloudTrail::Trail`,
    `TenantBaseline-AccessAnalysisAsPlanned[Analyzer::${ACCESS_ANALYSIS.unused.name}::0::planned-1] @ AWS::CloudTrail::Trail`,
  ]);
});
