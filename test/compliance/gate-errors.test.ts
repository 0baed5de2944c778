/**
 * When the TenantBaseline pack cannot judge, the gate fails with an error that names what could not be judged, and no
 * acknowledgement can make it pass: a rule that throws, a platform stack the plan does not know as what it is, and a
 * resource in a template that no construct declares.
 */
import { CfnElement, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { NagMessageLevel } from 'cdk-nag';
import { GATE_ERRORS, TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { TemplateRule } from '../../lib/compliance/rules';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';
import { controlPlaneApp, findingsUnder } from '../helpers/pack';

const CONFIG = exampleConfig();
const TOPOLOGY = platformTopology(CONFIG);
const [ACME, GLOBEX] = CONFIG.tenants;

const throwing: TemplateRule = {
  id: 'AlwaysThrows',
  resourceTypes: ['AWS::EC2::VPC'],
  info: 'test rule',
  explanation: 'test rule',
  level: NagMessageLevel.ERROR,
  controls: [],
  check: () => {
    throw new Error('cannot read CidrBlock');
  },
};

describe('a rule that throws', () => {
  test('GIVEN a rule that throws on a resource THEN the gate fails with an error naming the rule, the stack and the resource, even when acknowledged', () => {
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    Validations.of(stack.network.vpc).acknowledge({ id: 'TenantBaseline-AlwaysThrows', reason: 'an acknowledgement must not hide a rule that could not judge' });
    const pack = new TenantBaselineChecks(TOPOLOGY, undefined, [throwing]);
    const report = pack.validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [GATE_ERRORS.ruleThrew, expect.stringMatching(/^TenantBaseline-AlwaysThrows threw on Tenant-acme\/NetworkVpc\w+ \(AWS::EC2::VPC\): cannot read CidrBlock$/)],
    ]);
    expect(pack.evaluations).toEqual([expect.objectContaining({ ruleId: 'TenantBaseline-AlwaysThrows', status: 'non-compliant', findings: ['TenantBaseline-AlwaysThrows[rule threw: cannot read CidrBlock]'] })]);
  });
});

describe('stacks and the platform plan', () => {
  test("GIVEN a tenant stack under another tenant's stack name THEN the gate fails naming both, and the stack is not judged", () => {
    const app = testApp();
    new TenantStack(app, 'Tenant-acme', { tenant: GLOBEX, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    const pack = new TenantBaselineChecks(TOPOLOGY);
    const report = pack.validateScope(app);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [
        GATE_ERRORS.stackNotInPlan,
        "Tenant-acme: is tenant 'globex' (10.101.0.0/16, alias/tenant-baseline/tenants/globex), but the platform plan has tenant 'acme' (10.100.0.0/16, alias/tenant-baseline/tenants/acme) under this name",
      ],
    ]);
    expect(pack.evaluations).toEqual([]);
  });

  test('GIVEN a tenant stack under a name the plan does not have THEN the gate fails instead of judging it as "other"', () => {
    const app = testApp();
    new TenantStack(app, 'Tenant-renamed', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    const report = new TenantBaselineChecks(TOPOLOGY).validateScope(app);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [GATE_ERRORS.stackNotInPlan, 'Tenant-renamed: is a tenant stack, but the platform plan has it as other: check its name against the configuration'],
    ]);
  });
});

/** A template fragment that is not a CfnResource: it renders resources no construct of the tree declares. */
class RawResources extends CfnElement {
  constructor(scope: Construct, id: string, private readonly resources: Record<string, unknown>) {
    super(scope, id);
  }
  public _toCloudFormation(): object {
    return { Resources: this.resources };
  }
}

describe('resources the construct tree does not show as they are', () => {
  const firstFunction = (stack: Stack) => stack.node.findAll().find((n): n is lambda.CfnFunction => n instanceof lambda.CfnFunction)!;

  test('GIVEN a raw template element that renders a resource (here a Lambda permission open to everyone) THEN the gate fails with an error naming it, even when acknowledged', () => {
    const { app, stack } = controlPlaneApp(CONFIG);
    const fn = firstFunction(stack);
    const raw = new RawResources(stack, 'Raw', { OpenToAll: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [stack.resolve(fn.logicalId), 'Arn'] }, Principal: '*' } } });
    Validations.of(raw).acknowledge({ id: GATE_ERRORS.undeclaredResource, reason: 'an acknowledgement must not hide a resource no rule judged' });
    const pack = new TenantBaselineChecks(TOPOLOGY);
    const report = pack.validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [GATE_ERRORS.undeclaredResource, 'ControlPlane/OpenToAll (AWS::Lambda::Permission) is in the template but no construct declares it, so no rule can judge it'],
    ]);
  });

  test("GIVEN a resource whose Type is overridden (declared as a wait handle, deployed as a Lambda permission to everyone) THEN it is judged as the template's type", () => {
    const { app, stack } = controlPlaneApp(CONFIG);
    const handle = new CfnResource(stack, 'Handle', { type: 'AWS::CloudFormation::WaitConditionHandle' });
    handle.addOverride('Type', 'AWS::Lambda::Permission');
    handle.addOverride('Properties', { Action: 'lambda:InvokeFunction', FunctionName: firstFunction(stack).getAtt('Arn'), Principal: '*' });
    expect(findingsUnder(app, CONFIG, 'LambdaInvokePermissionsAsPlanned')).toEqual([
      expect.stringMatching(/^TenantBaseline-LambdaInvokePermissionsAsPlanned\[Principal::\*::not-planned-in-a-control-plane-stack\] @ ControlPlane\/Handle$/),
    ]);
  });
});
