/**
 * The deploy-time gate in the account baseline (lib/detection/deploy-time-gate.ts): the hook, its function and roles
 * as planned, and DeployTimeGateAsPlanned failing every way of weakening it through an escape hatch.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { DEPLOY_TIME_GATE_NAMES } from '../../lib/detection/deploy-time-gate';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { testApp } from '../helpers/app';
import { PACK } from '../helpers/pack';

function baseline(withGate = true): { app: App; stack: AccountBaselineStack } {
  const app = testApp();
  const stack = withGate
    ? new AccountBaselineStack(app, 'AccountBaseline', { baseline: PACK.CONFIG.accountBaseline, deployTimeGate: PACK.CONFIG })
    : new AccountBaselineStack(app, 'AccountBaseline', { baseline: { ...PACK.CONFIG.accountBaseline, deployTimeGate: false } });
  return { app, stack };
}

function findings(app: App, topology = PACK.TOPOLOGY): string[] {
  const pack = new TenantBaselineChecks(topology);
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-DeployTimeGateAsPlanned' && e.status !== 'compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.resourceType}`));
}

const SHIPPED = baseline();
const TEMPLATE = Template.fromStack(SHIPPED.stack);

describe('the deploy-time gate', () => {
  test('GIVEN the account baseline THEN one Lambda hook in FAIL mode judges every stack operation but the bootstrap stack\'s', () => {
    TEMPLATE.resourceCountIs('AWS::CloudFormation::LambdaHook', 1);
    TEMPLATE.hasResourceProperties('AWS::CloudFormation::LambdaHook', {
      Alias: DEPLOY_TIME_GATE_NAMES.hookAlias,
      FailureMode: 'FAIL',
      HookStatus: 'ENABLED',
      TargetOperations: ['STACK'],
      StackFilters: { FilteringCriteria: 'ALL', StackNames: { Exclude: ['CDKToolkit', 'AccountBaseline', 'Delivery'] } },
    });
  });

  test('GIVEN the hook role THEN only CloudFormation Hooks of this account may assume it, and it may only invoke the gate', () => {
    const hook = Object.values(TEMPLATE.findResources('AWS::CloudFormation::LambdaHook'))[0] as any;
    const roleId = hook.Properties.ExecutionRole['Fn::GetAtt'][0];
    const role = TEMPLATE.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'hooks.cloudformation.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
    ]);
    const policies = Object.values(TEMPLATE.findResources('AWS::IAM::ManagedPolicy')).filter((p: any) => JSON.stringify(p.Properties.Roles).includes(roleId)) as any[];
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([{ Sid: 'InvokeGate', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: hook.Properties.LambdaFunction }]);
  });

  test('GIVEN the gate function THEN it may write its own logs and traces and nothing else; its logs and environment are under its own key', () => {
    const fn = Object.values(TEMPLATE.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Description?.startsWith('Deploy-time gate')) as any;
    expect(fn.Properties.KmsKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DeployTimeGateKey/), 'Arn'] });
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(20);
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(TEMPLATE.findResources('AWS::IAM::ManagedPolicy')).filter((p: any) => JSON.stringify(p.Properties.Roles).includes(roleId)).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((s: any) => [s.Sid, s.Action])).toEqual([['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']], ['Tracing', ['xray:PutTelemetryRecords', 'xray:PutTraceSegments']]]);
    expect(Object.values(TEMPLATE.findResources('AWS::IAM::Policy')).filter((p: any) => JSON.stringify(p.Properties.Roles).includes(roleId))).toEqual([]);
  });

  test('GIVEN the shipped account baseline THEN DeployTimeGateAsPlanned finds nothing', () => {
    expect(findings(SHIPPED.app)).toEqual([]);
  });

  test.each([
    ['warn instead of fail', 'FailureMode', 'WARN', 'FailureMode::"WARN"'],
    ['disabled', 'HookStatus', 'DISABLED', 'HookStatus::"DISABLED"'],
    ['resources only', 'TargetOperations', ['RESOURCE'], 'TargetOperations::["RESOURCE"]'],
    ['only some stacks', 'StackFilters', { FilteringCriteria: 'ALL', StackNames: { Include: ['Tenant-acme'] } }, 'StackFilters::{"FilteringCriteria":"ALL","StackNames":{"Exclude":["CDKToolkit","AccountBaseline","Delivery"],"Include":["Tenant-acme"]}}'],
    ['more stacks excluded', 'StackFilters.StackNames.Exclude', ['CDKToolkit', 'AccountBaseline', 'Delivery', 'Tenant-acme'], 'StackFilters::{"FilteringCriteria":"ALL","StackNames":{"Exclude":["CDKToolkit","AccountBaseline","Delivery","Tenant-acme"]}}'],
    ['another function', 'LambdaFunction', 'arn:aws:lambda:us-east-1:111122223333:function:yes', 'LambdaFunction::"arn:aws:lambda:us-east-1:111122223333:function:yes"'],
  ])('GIVEN a hook overridden to %s THEN it is a finding', (_, path, value, finding) => {
    const { app, stack } = baseline();
    stack.deployTimeGate!.hook.addPropertyOverride(path, value);
    expect(findings(app)).toEqual([`TenantBaseline-DeployTimeGateAsPlanned[${finding}] @ AWS::CloudFormation::LambdaHook`]);
  });

  test('GIVEN the hook role trusted without the account condition THEN it is a finding', () => {
    const { app, stack } = baseline();
    const role = stack.deployTimeGate!.node.findChild('HookRole').node.defaultChild as any;
    role.addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', undefined);
    expect(findings(app)).toEqual([expect.stringMatching(/^TenantBaseline-DeployTimeGateAsPlanned\[ExecutionRole::/)]);
  });

  test('GIVEN the gate asked for without the plan to judge with THEN construction stops with a named error', () => {
    expect(() => new AccountBaselineStack(testApp(), 'AccountBaseline', { baseline: PACK.CONFIG.accountBaseline })).toThrow(
      "AccountBaseline: 'deployTimeGate' must be the platform configuration when accountBaseline.deployTimeGate is true (the hook judges every stack against it), got nothing",
    );
  });

  test('GIVEN the hook removed while the plan has it THEN the trail answers for the missing hook; planned off, no finding', () => {
    const { app } = baseline(false);
    expect(findings(app)).toEqual(['TenantBaseline-DeployTimeGateAsPlanned[LambdaHooks::0::planned-1] @ AWS::CloudTrail::Trail']);
    const off = validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), accountBaseline: { ...PACK.CONFIG.accountBaseline, deployTimeGate: false } });
    expect(findings(baseline(false).app, platformTopology(off))).toEqual([]);
  });
});
