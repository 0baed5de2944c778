/**
 * SsmParametersAsPlanned on real stacks: the parameters through which the stacks and the hosts find each other are
 * exactly the planned ones, and each way of changing one (a swapped reference, a literal, another type, a lost tag, a
 * removed or an extra parameter) fails, through the L2 and through escape-hatch overrides.
 */
import { CfnResource } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { plannedParameters } from '../../lib/config/parameter-plan';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { NetworkHubStack } from '../../lib/stacks/network-hub-stack';
import { ALERT_PARAMETERS, CONTROL_PLANE_PARAMETERS, HUB_PARAMETERS, SIDECAR_PARAMETERS } from '../../contracts/ssm-parameters';
import { testApp } from '../helpers/app';
import { evaluate, PACK } from '../helpers/pack';

const { CONFIG } = PACK;
const found = (app: ReturnType<typeof testApp>) => evaluate(app).violations.filter((v) => v.startsWith('TenantBaseline-SsmParametersAsPlanned')).map((v) => v.split(' @ ')[0]).sort();
const parameter = (app: ReturnType<typeof testApp>, name: string) =>
  app.node.findAll().find((n) => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::SSM::Parameter' && (n as ssm.CfnParameter).name === name) as CfnResource;

function hub() {
  const app = testApp();
  return { app, stack: new NetworkHubStack(app, 'NetworkHub') };
}
function controlPlane() {
  const app = testApp();
  return { app, stack: new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar }) };
}
function baseline() {
  const app = testApp();
  return { app, stack: new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG }) };
}

describe('SsmParametersAsPlanned', () => {
  test('GIVEN the shipped hub, account baseline and control plane THEN every planned parameter is there as planned', () => {
    for (const { app } of [hub(), baseline(), controlPlane()]) {
      expect(found(app)).toEqual([]);
    }
    // Not vacuous: the plan has the hub's three, the four alert tiers', the API's three (URL, JWKS URL, id), the
    // sidecar's three, and three for each of the three tenants (each tenant's stack publishes its own: its API key id,
    // and for its runtime hosts the active key's secret and the transient hours).
    expect(plannedParameters(CONFIG).size).toBe(22);
    expect([...plannedParameters(CONFIG).values()].filter((p) => p.stack === 'tenant').map((p) => p.tenantId)).toEqual(CONFIG.tenants.flatMap((t) => [t.id, t.id, t.id]));
  });

  test("GIVEN the hub's route-table parameters swapped (overrides) THEN both are reported: every tenant would join the table that reaches all tenants", () => {
    const { app, stack } = hub();
    parameter(app, HUB_PARAMETERS.tenantRouteTableId).addPropertyOverride('Value', { Ref: stack.getLogicalId(stack.hub.controlPlaneRouteTable) });
    parameter(app, HUB_PARAMETERS.controlPlaneRouteTableId).addPropertyOverride('Value', { Ref: stack.getLogicalId(stack.hub.tenantRouteTable) });
    expect(found(app)).toEqual([
      `TenantBaseline-SsmParametersAsPlanned[Value::${HUB_PARAMETERS.controlPlaneRouteTableId}::\${${stack.getLogicalId(stack.hub.tenantRouteTable)}}]`,
      `TenantBaseline-SsmParametersAsPlanned[Value::${HUB_PARAMETERS.tenantRouteTableId}::\${${stack.getLogicalId(stack.hub.controlPlaneRouteTable)}}]`,
    ]);
  });

  test('GIVEN the transit gateway id replaced by a literal (another account\'s gateway) THEN it is reported', () => {
    const { app } = hub();
    parameter(app, HUB_PARAMETERS.transitGatewayId).addPropertyOverride('Value', 'tgw-0123456789abcdef0');
    expect(found(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::${HUB_PARAMETERS.transitGatewayId}::tgw-0123456789abcdef0]`]);
  });

  test('GIVEN the critical topic parameter pointing at the medium topic THEN it is reported', () => {
    const { app, stack } = baseline();
    parameter(app, ALERT_PARAMETERS.criticalTopicArn).addPropertyOverride('Value', { Ref: stack.getLogicalId(stack.alerts.topics.medium.node.defaultChild as CfnResource) });
    expect(found(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::${ALERT_PARAMETERS.criticalTopicArn}::\${${stack.getLogicalId(stack.alerts.topics.medium.node.defaultChild as CfnResource)}}]`]);
  });

  test("GIVEN the JWKS URL pointing elsewhere, another stage, or the protection tag dropped THEN each is reported", () => {
    const elsewhere = controlPlane();
    parameter(elsewhere.app, CONTROL_PLANE_PARAMETERS.jwksUrl).addPropertyOverride('Value', 'https://attacker.example/jwks.json');
    expect(found(elsewhere.app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::${CONTROL_PLANE_PARAMETERS.jwksUrl}::https://attacker.example/jwks.json]`]);
    const stage = controlPlane();
    const api = stage.stack.getLogicalId(stage.stack.edge!.adminApi.api.api.node.defaultChild as CfnResource);
    parameter(stage.app, CONTROL_PLANE_PARAMETERS.apiUrl).addPropertyOverride('Value', { 'Fn::Join': ['', ['https://', { Ref: api }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/test/']] });
    expect(found(stage.app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::${CONTROL_PLANE_PARAMETERS.apiUrl}::https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/test/]`]);
    const untagged = controlPlane();
    parameter(untagged.app, CONTROL_PLANE_PARAMETERS.apiUrl).addPropertyDeletionOverride('Tags');
    expect(found(untagged.app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[NotProtected::${CONTROL_PLANE_PARAMETERS.apiUrl}]`]);
  });

  test('GIVEN the release key parameter naming the control-plane key THEN it is reported (it must be the key of the release bucket)', () => {
    const { app, stack } = controlPlane();
    parameter(app, SIDECAR_PARAMETERS.releaseKeyArn).addPropertyOverride('Value', { 'Fn::GetAtt': [stack.getLogicalId(stack.key.key.node.defaultChild as CfnResource), 'Arn'] });
    expect(found(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::${SIDECAR_PARAMETERS.releaseKeyArn}::\${${stack.getLogicalId(stack.key.key.node.defaultChild as CfnResource)}.Arn}]`]);
  });

  test('GIVEN a parameter made a StringList, one removed, one added in the wrong stack THEN each is reported', () => {
    const list = hub();
    parameter(list.app, HUB_PARAMETERS.transitGatewayId).addPropertyOverride('Type', 'StringList');
    expect(found(list.app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Type::${HUB_PARAMETERS.transitGatewayId}::StringList]`]);
    const removed = hub();
    removed.stack.hub.node.tryRemoveChild('TransitGatewayIdParameter');
    expect(found(removed.app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Missing::${HUB_PARAMETERS.transitGatewayId}]`]);
    const misplaced = baseline();
    new ssm.StringParameter(misplaced.stack, 'Shadow', { parameterName: HUB_PARAMETERS.transitGatewayId, stringValue: 'tgw-0123456789abcdef0' });
    expect(found(misplaced.app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Unplanned::${HUB_PARAMETERS.transitGatewayId}]`]);
  });
});
