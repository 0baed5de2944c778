import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { evaluate, PACK, controlPlaneApp, findingsUnder, tenantApp } from '../helpers/pack';

const RULE = 'LambdaInvokePermissionsAsPlanned';
const found = (app: App) => findingsUnder(app, PACK.CONFIG, RULE);

/** The stack's invoke permissions, by principal. */
function permissions(stack: Stack, principal: string): lambda.CfnPermission[] {
  return stack.node.findAll().filter((n): n is lambda.CfnPermission => n instanceof lambda.CfnPermission && n.principal === principal);
}

function firstFunction(stack: Stack): lambda.CfnFunction {
  return stack.node.findAll().find((n): n is lambda.CfnFunction => n instanceof lambda.CfnFunction)!;
}

describe(RULE, () => {
  test('GIVEN the shipped control plane and tenant THEN every invoke permission is judged and none is a finding', () => {
    for (const { app } of [controlPlaneApp(PACK.CONFIG), tenantApp()]) {
      const judged = evaluate(app).evaluations.filter((e) => e.ruleId === `TenantBaseline-${RULE}`);
      expect(judged.length).toBeGreaterThan(0);
      expect(judged.filter((e) => e.status !== 'compliant')).toEqual([]);
    }
  });

  test.each([
    ['everyone', '*'],
    ['another account', '222222222222'],
    ['another service', 's3.amazonaws.com'],
    ['API Gateway, which a tenant stack does not plan', 'apigateway.amazonaws.com'],
  ])("GIVEN a tenant's restore-test permission opened to %s through an escape hatch THEN the gate fails", (_what, principal) => {
    const { app, stack } = tenantApp();
    permissions(stack, 'events.amazonaws.com')[0].addPropertyOverride('Principal', principal);
    expect(found(app)).toEqual([expect.stringMatching(new RegExp(`^TenantBaseline-${RULE}\\[Principal::${principal.replace(/[.*]/g, '\\$&')}::not-planned-in-a-tenant-stack\\]`))]);
  });

  test('GIVEN the SourceArn removed, or naming a rule outside the stack THEN the gate fails (the service would act for anyone)', () => {
    const removed = tenantApp();
    permissions(removed.stack, 'events.amazonaws.com')[0].addPropertyDeletionOverride('SourceArn');
    expect(found(removed.app)).toEqual([expect.stringMatching(/SourceArn::.*not-a-AWS::Events::Rule-of-this-stack/)]);
    const elsewhere = tenantApp();
    permissions(elsewhere.stack, 'events.amazonaws.com')[0].addPropertyOverride('SourceArn', 'arn:aws:events:eu-west-1:222222222222:rule/other');
    expect(found(elsewhere.app)).toEqual([expect.stringMatching(/SourceArn::arn:aws:events:eu-west-1:222222222222:rule\/other::/)]);
  });

  test('GIVEN a wider action, a function URL grant or another function THEN the gate fails', () => {
    const wider = tenantApp();
    permissions(wider.stack, 'events.amazonaws.com')[0].addPropertyOverride('Action', 'lambda:*');
    expect(found(wider.app)).toEqual([expect.stringMatching(/\[Action::lambda:\*\]/)]);
    const url = tenantApp();
    permissions(url.stack, 'events.amazonaws.com')[0].addPropertyOverride('FunctionUrlAuthType', 'NONE');
    expect(found(url.app)).toEqual([expect.stringMatching(/\[FunctionUrlAuthType::outside-the-plan\]/)]);
    const other = tenantApp();
    permissions(other.stack, 'events.amazonaws.com')[0].addPropertyOverride('FunctionName', 'arn:aws:lambda:eu-west-1:222222222222:function:other');
    expect(found(other.app)).toEqual([expect.stringMatching(/\[FunctionName::arn:aws:lambda:eu-west-1:222222222222:function:other::not-a-function-of-this-stack\]/)]);
  });

  test("GIVEN a control-plane API permission whose SourceArn names an API id as text, or no API of this stack THEN the gate fails", () => {
    const literal = controlPlaneApp(PACK.CONFIG);
    permissions(literal.stack, 'apigateway.amazonaws.com')[0].addPropertyOverride('SourceArn', 'arn:aws:execute-api:eu-west-1:111111111111:abcdef1234/prod/GET/health-check');
    expect(found(literal.app)).toEqual([expect.stringMatching(/SourceArn::arn:aws:execute-api:.*::not-a-AWS::ApiGateway::RestApi-of-this-stack/)]);
    const anyApi = controlPlaneApp(PACK.CONFIG);
    permissions(anyApi.stack, 'apigateway.amazonaws.com')[0].addPropertyOverride('SourceArn', 'arn:aws:execute-api:eu-west-1:111111111111:*/*/*/*');
    expect(found(anyApi.app)).toEqual([expect.stringMatching(/SourceArn::arn:aws:execute-api:eu-west-1:111111111111:\*\/\*\/\*\/\*::/)]);
  });

  test('GIVEN a permission pointed at another function of the same stack, one its API or rule does not invoke THEN the gate fails', () => {
    const api = controlPlaneApp(PACK.CONFIG);
    // The VPC's default-security-group custom resource handler: a function of the stack that no API method calls.
    const other = api.stack.node.findAll().find((n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::Lambda::Function' && n.node.path.includes('RestrictDefaultSG'))!;
    permissions(api.stack, 'apigateway.amazonaws.com')[0].addPropertyOverride('FunctionName', other.getAtt('Arn'));
    expect(found(api.app)).toEqual([expect.stringMatching(/\[FunctionName::\$\{.*\.Arn\}::not-invoked-by-.*Api/)]);
    const rule = tenantApp();
    permissions(rule.stack, 'events.amazonaws.com')[0].addPropertyOverride('FunctionName', firstFunction(rule.stack).attrArn);
    expect(found(rule.app)).toEqual([expect.stringMatching(/\[FunctionName::\$\{.*\.Arn\}::not-invoked-by-RestoreTesting/)]);
  });

  test('GIVEN a new invoke permission added to a stack (no escape hatch needed) THEN it is judged like the planned ones', () => {
    const { app, stack } = controlPlaneApp(PACK.CONFIG);
    new lambda.CfnPermission(stack, 'Extra', { action: 'lambda:InvokeFunction', functionName: firstFunction(stack).attrArn, principal: 'events.amazonaws.com' });
    new CfnResource(stack, 'Raw', { type: 'AWS::Lambda::Permission', properties: { Action: 'lambda:InvokeFunction', FunctionName: firstFunction(stack).ref, Principal: '*' } });
    expect(found(app)).toEqual([
      expect.stringMatching(/^TenantBaseline-LambdaInvokePermissionsAsPlanned\[Principal::\*::not-planned-in-a-control-plane-stack\] @ ControlPlane\/Raw$/),
      expect.stringMatching(/^TenantBaseline-LambdaInvokePermissionsAsPlanned\[Principal::events.amazonaws.com::not-planned-in-a-control-plane-stack\] @ ControlPlane\/Extra$/),
    ]);
  });
});
