/**
 * The gate on the control plane with a private admin API: the shipped stack is green under the whole pack, and each
 * property the private API rests on, broken through an escape hatch, is a finding: an admin route left on the public
 * API, a resource policy that admits anything but the endpoint, the endpoint type changed, the endpoint's security
 * group widened, the private API without its authorizer. And every mutant of the values its rules judge is killed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RuleIndex } from '../../lib/compliance/gate/judge';
import { mutateAndJudge } from '../../lib/compliance/mutation/run';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { ApiThrottlingAsPlanned } from '../../lib/compliance/rules/api-throttling-as-planned';
import { ControlPlaneGroupsAsPlanned } from '../../lib/compliance/rules/control-plane-groups-as-planned';
import { PrivateAdminApiAsPlanned } from '../../lib/compliance/rules/private-admin-api-as-planned';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { REPO_ROOT } from '../helpers/app';
import { PACK, cfn, controlPlaneApp, findingsUnder } from '../helpers/pack';

const RAW = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'platform.json'), 'utf8'));
const PRIVATE_API = 'ControlPlane/Edge/Private/Api/Resource/Resource';
const PUBLIC_API = 'ControlPlane/Edge/Api/Resource/Resource';
const ENDPOINT = 'ControlPlane/Edge/Private/Endpoint/Resource';
const ENDPOINT_GROUP = 'ControlPlane/Edge/Private/EndpointSecurityGroup/Resource';
const TENANTS_GET = 'ControlPlane/Edge/Private/Api/Resource/Default/tenants/GET/Resource';
const INVOKE = { Action: 'execute-api:Invoke', Principal: { AWS: '*' }, Resource: 'execute-api:/*' };
const OTHER_VPCE = 'vpce-0123456789abcdef0';
const PRIVATE: PlatformConfig = validatePlatformConfig({ ...RAW, controlPlane: { ...RAW.controlPlane, privateAdminApi: { allowedCidrs: ['10.8.0.0/22', '192.168.50.0/24'] } } }, 'private admin API test configuration');

const controlPlane = (config: PlatformConfig = PRIVATE) => controlPlaneApp(config);

const found = (app: App, config: PlatformConfig = PRIVATE, rule?: string) => findingsUnder(app, config, rule);

describe('PrivateAdminApiAsPlanned', () => {
  test('GIVEN the shipped control plane with a private admin API THEN the whole pack finds nothing', () => {
    const { app } = controlPlane();
    expect(found(app)).toEqual([]);
    const pack = new TenantBaselineChecks(platformTopology(PRIVATE));
    pack.validateScope(app);
    const judged = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-PrivateAdminApiAsPlanned' && e.status === 'compliant').map((e) => e.constructPath);
    expect(judged).toEqual(expect.arrayContaining([PUBLIC_API, PRIVATE_API, ENDPOINT, TENANTS_GET, 'ControlPlane/Edge/Api/Resource/Default/health-check/GET/Resource']));
  });

  test('GIVEN a private admin API together with a custom domain (which serves the public API) THEN the whole pack finds nothing', () => {
    const both = validatePlatformConfig({ ...RAW, controlPlane: { ...RAW.controlPlane, domain: { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' }, privateAdminApi: { allowedCidrs: ['10.8.0.0/22'] } } }, 'both');
    expect(found(controlPlane(both).app, both)).toEqual([]);
    // The domain's mapping pointed at the private API instead: it would put the admin routes on the internet.
    const { app, stack } = controlPlane(both);
    const mapping = 'ControlPlane/Edge/Domain/Resource/Map:prod=>ControlPlaneEdgeApiACC317E1/Resource';
    cfn(app, mapping).addPropertyOverride('RestApiId', stack.resolve(stack.edge!.adminApi.privateAdmin!.api.api.restApiId));
    const privateApi = stack.resolve(stack.edge!.adminApi.privateAdmin!.api.api.restApiId).Ref;
    // The public API's stage no longer belongs to the mapped API either.
    const publicStage = stack.resolve(stack.edge!.adminApi.api.api.deploymentStage.stageName).Ref;
    expect(found(app, both, 'CustomDomainAsPlanned')).toEqual([
      `TenantBaseline-CustomDomainAsPlanned[RestApiId::\${${privateApi}}] @ ${mapping}`,
      `TenantBaseline-CustomDomainAsPlanned[Stage::\${${publicStage}}] @ ${mapping}`,
    ]);
  });

  test("GIVEN the domain's mapping naming the private API's stage (also `prod`) THEN it is reported: the stage must be the mapped API's own", () => {
    const both = validatePlatformConfig({ ...RAW, controlPlane: { ...RAW.controlPlane, domain: { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' }, privateAdminApi: { allowedCidrs: ['10.8.0.0/22'] } } }, 'both');
    const { app, stack } = controlPlane(both);
    const mapping = 'ControlPlane/Edge/Domain/Resource/Map:prod=>ControlPlaneEdgeApiACC317E1/Resource';
    const privateStage = stack.resolve(stack.edge!.adminApi.privateAdmin!.api.api.deploymentStage.stageName);
    cfn(app, mapping).addPropertyOverride('Stage', privateStage);
    expect(found(app, both, 'CustomDomainAsPlanned')).toEqual([`TenantBaseline-CustomDomainAsPlanned[Stage::\${${privateStage.Ref}}] @ ${mapping}`]);
  });

  test('GIVEN the admin route GET /tenants moved onto the public API through an override THEN it is reported, with its authorizer of the other API', () => {
    const { app, stack } = controlPlane();
    cfn(app, TENANTS_GET).addPropertyOverride('RestApiId', stack.resolve(stack.edge!.adminApi.api.api.restApiId));
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([
      `TenantBaseline-PrivateAdminApiAsPlanned[AdminRouteOnPublicApi::GET /tenants] @ ${TENANTS_GET}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[AuthorizerOfAnotherApi::GET /tenants] @ ${TENANTS_GET}`,
    ]);
  });

  test('GIVEN an authorized route added to the public API by hand THEN it is reported as an admin route on the public API', () => {
    const { app, stack } = controlPlane();
    stack.edge!.adminApi.api.api.root.addResource('admin').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual(['TenantBaseline-PrivateAdminApiAsPlanned[AdminRouteOnPublicApi::GET /admin] @ ControlPlane/Edge/Api/Resource/Default/admin/GET/Resource']);
  });

  test('GIVEN the private API\'s Allow without its endpoint condition THEN the statement is unplanned and the planned Allow missing', () => {
    const { app } = controlPlane();
    cfn(app, PRIVATE_API).addDeletionOverride('Properties.Policy.Statement.0.Condition');
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Missing::Allow] @ ${PRIVATE_API}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Unplanned::Allow#0] @ ${PRIVATE_API}`,
    ]);
  });

  test('GIVEN the Allow and the Deny naming another VPC endpoint THEN both are reported', () => {
    const { app } = controlPlane();
    const api = cfn(app, PRIVATE_API);
    api.addPropertyOverride('Policy.Statement.0.Condition.StringEquals.aws:SourceVpce', OTHER_VPCE);
    api.addPropertyOverride('Policy.Statement.1.Condition.StringNotEquals.aws:SourceVpce', OTHER_VPCE);
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Missing::Allow] @ ${PRIVATE_API}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Missing::Deny] @ ${PRIVATE_API}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Unplanned::Allow#0] @ ${PRIVATE_API}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Unplanned::Deny#1] @ ${PRIVATE_API}`,
    ]);
  });

  test.each([
    { extra: { ...INVOKE, Effect: 'Allow', Principal: '*' }, why: '* principal without a condition' },
    { extra: { ...INVOKE, Effect: 'Allow', Condition: { IpAddress: { 'aws:SourceIp': '10.8.0.0/22' } } }, why: 'an extra Allow on another condition' },
    { extra: { ...INVOKE, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, why: 'an extra Allow for another account' },
  ])('GIVEN the policy widened by $why THEN the extra statement is reported', ({ extra }) => {
    const { app, stack } = controlPlane();
    const endpoint = stack.resolve(stack.edge!.adminApi.privateAdmin!.endpoint.vpcEndpointId);
    const planned = [
      { ...INVOKE, Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpce': endpoint } } },
      { ...INVOKE, Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': endpoint } } },
    ];
    cfn(app, PRIVATE_API).addPropertyOverride('Policy.Statement', [...planned, extra]);
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([`TenantBaseline-PrivateAdminApiAsPlanned[Policy::Unplanned::Allow#2] @ ${PRIVATE_API}`]);
  });

  test('GIVEN the explicit Deny removed THEN its absence is reported', () => {
    const { app, stack } = controlPlane();
    const endpoint = stack.resolve(stack.edge!.adminApi.privateAdmin!.endpoint.vpcEndpointId);
    cfn(app, PRIVATE_API).addPropertyOverride('Policy.Statement', [{ ...INVOKE, Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceVpce': endpoint } } }]);
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([`TenantBaseline-PrivateAdminApiAsPlanned[Policy::Missing::Deny] @ ${PRIVATE_API}`]);
  });

  test('GIVEN the private API\'s endpoint type changed to REGIONAL, or its policy removed THEN each is reported', () => {
    const regional = controlPlane();
    cfn(regional.app, PRIVATE_API).addPropertyOverride('EndpointConfiguration.Types', ['REGIONAL']);
    expect(found(regional.app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([`TenantBaseline-PrivateAdminApiAsPlanned[EndpointType::REGIONAL] @ ${PRIVATE_API}`]);

    const open = controlPlane();
    cfn(open.app, PRIVATE_API).addPropertyDeletionOverride('Policy');
    expect(found(open.app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Missing::Allow] @ ${PRIVATE_API}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Missing::Deny] @ ${PRIVATE_API}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[Policy::Version::unset] @ ${PRIVATE_API}`,
    ]);
  });

  test('GIVEN the endpoint\'s security group widened to the internet, to all ports, or to the whole VPC THEN ControlPlaneGroupsAsPlanned reports each rule', () => {
    const { app } = controlPlane();
    cfn(app, ENDPOINT_GROUP).addPropertyOverride('SecurityGroupIngress', [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
      { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, CidrIp: '10.8.0.0/22' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '192.168.50.0/24' },
    ]);
    expect(found(app, PRIVATE, 'ControlPlaneGroupsAsPlanned')).toEqual([
      `TenantBaseline-ControlPlaneGroupsAsPlanned[Ingress::0.0.0.0/0:tcp:443] @ ${ENDPOINT_GROUP}`,
      `TenantBaseline-ControlPlaneGroupsAsPlanned[Ingress::10.0.0.0/16:tcp:443] @ ${ENDPOINT_GROUP}`,
      `TenantBaseline-ControlPlaneGroupsAsPlanned[Ingress::10.8.0.0/22:tcp:0-65535] @ ${ENDPOINT_GROUP}`,
    ]);
  });

  test('GIVEN the VPN ingress rule on another control-plane group THEN it is reported (only the endpoint\'s group admits the VPN)', () => {
    const { app } = controlPlane();
    cfn(app, 'ControlPlane/Edge/FunctionSecurityGroup/Resource').addPropertyOverride('SecurityGroupIngress', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.8.0.0/22' }]);
    expect(found(app, PRIVATE, 'ControlPlaneGroupsAsPlanned')).toEqual(['TenantBaseline-ControlPlaneGroupsAsPlanned[Ingress::10.8.0.0/22:tcp:443] @ ControlPlane/Edge/FunctionSecurityGroup/Resource']);
  });

  test('GIVEN the private API\'s method without its authorizer THEN ApiMethodsAuthorized reports it as public', () => {
    const { app } = controlPlane();
    const method = cfn(app, TENANTS_GET);
    method.addPropertyOverride('AuthorizationType', 'NONE');
    method.addPropertyDeletionOverride('AuthorizerId');
    expect(found(app, PRIVATE, 'ApiMethodsAuthorized')).toEqual([`TenantBaseline-ApiMethodsAuthorized[Public::GET /tenants] @ ${TENANTS_GET}`]);
  });

  test('GIVEN the endpoint with private DNS on, in the public subnets, without its group THEN each is reported', () => {
    const { app, stack } = controlPlane();
    const endpoint = cfn(app, ENDPOINT);
    endpoint.addPropertyOverride('PrivateDnsEnabled', true);
    endpoint.addPropertyOverride('SubnetIds', stack.network.vpc.publicSubnets.map((s) => stack.resolve(s.subnetId)));
    endpoint.addPropertyOverride('SecurityGroupIds', []);
    expect(found(app, PRIVATE, 'PrivateAdminApiAsPlanned')).toEqual([
      `TenantBaseline-PrivateAdminApiAsPlanned[PrivateDnsEnabled::true] @ ${ENDPOINT}`,
      `TenantBaseline-PrivateAdminApiAsPlanned[SecurityGroupIds::unset] @ ${ENDPOINT}`,
      expect.stringMatching(/^TenantBaseline-PrivateAdminApiAsPlanned\[SubnetIds::\$\{NetworkVpcPublicSubnet1/),
    ]);
  });

  test('GIVEN the endpoint\'s policy removed, or opened to every account\'s APIs THEN each is reported', () => {
    const removed = controlPlane();
    cfn(removed.app, ENDPOINT).addPropertyDeletionOverride('PolicyDocument');
    expect(found(removed.app)).toEqual([`TenantBaseline-PrivateAdminApiAsPlanned[PolicyDocument::unset] @ ${ENDPOINT}`]);
    const opened = controlPlane();
    cfn(opened.app, ENDPOINT).addPropertyOverride('PolicyDocument.Statement.0.Resource', '*');
    expect(found(opened.app)).toEqual([`TenantBaseline-PrivateAdminApiAsPlanned[PolicyDocument::Allow:*] @ ${ENDPOINT}`]);
  });

  test('GIVEN the private subnets\' VPN entry widened to the internet THEN NetworkAclAsPlanned reports it', () => {
    const { app } = controlPlane();
    cfn(app, 'ControlPlane/Network/PrivateFirewall/Resource/InAllowVpnHttpsToAdminEndpoint0/Resource').addPropertyOverride('CidrBlock', '0.0.0.0/0');
    expect(found(app, PRIVATE, 'NetworkAclAsPlanned')).toEqual([
      'TenantBaseline-NetworkAclAsPlanned[missing in 120 allow 6 10.8.0.0/22 443-443] @ ControlPlane/Network/PrivateFirewall/Resource/Resource',
      'TenantBaseline-NetworkAclAsPlanned[unplanned in 120 allow 6 0.0.0.0/0 443-443] @ ControlPlane/Network/PrivateFirewall/Resource/Resource',
    ]);
  });

  test('GIVEN no private admin API configured and an execute-api endpoint or a second REST API added by hand THEN each is unplanned', () => {
    const { app, stack } = controlPlane(PACK.CONFIG);
    new ec2.InterfaceVpcEndpoint(stack, 'SneakyEndpoint', { vpc: stack.network.vpc, service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY, privateDnsEnabled: false, open: false });
    new apigw.RestApi(stack, 'SneakyApi', { restApiName: 'tenant-baseline-control-plane-admin', endpointTypes: [apigw.EndpointType.PRIVATE] }).root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
    expect(found(app, PACK.CONFIG, 'PrivateAdminApiAsPlanned')).toEqual([
      expect.stringMatching(/^TenantBaseline-PrivateAdminApiAsPlanned\[RestApiId::\$\{SneakyApi[0-9A-F]{8}\}\] @ ControlPlane\/SneakyApi\/Default\/GET\/Resource$/),
      'TenantBaseline-PrivateAdminApiAsPlanned[Unplanned::ExecuteApiEndpoint] @ ControlPlane/SneakyEndpoint/Resource',
      'TenantBaseline-PrivateAdminApiAsPlanned[Unplanned::Name::tenant-baseline-control-plane-admin] @ ControlPlane/SneakyApi/Resource',
    ]);
  });

  test('GIVEN the published API id swapped to the private API THEN SsmParametersAsPlanned reports it (the tenants\' usage plans attach to the public stage)', () => {
    const { app, stack } = controlPlane();
    const privateApi = stack.resolve(stack.edge!.adminApi.privateAdmin!.api.api.restApiId);
    cfn(app, 'ControlPlane/Edge/Heartbeats/ApiIdParameter/Resource').addPropertyOverride('Value', privateApi);
    expect(found(app, PRIVATE, 'SsmParametersAsPlanned')).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::/tenant-baseline/control-plane/api-id::\${${privateApi.Ref}}] @ ControlPlane/Edge/Heartbeats/ApiIdParameter/Resource`]);
  });

  test('GIVEN the per-route limit of plan signing on the public stage instead of the private one THEN ApiThrottlingAsPlanned reports both stages', () => {
    const { app } = controlPlane();
    const entry = { ResourcePath: '/~1tenants~1{tenantId}~1plans', HttpMethod: 'POST', DataTraceEnabled: false, LoggingLevel: 'ERROR', MetricsEnabled: true, ThrottlingBurstLimit: 20, ThrottlingRateLimit: 10 };
    cfn(app, 'ControlPlane/Edge/Api/Resource/DeploymentStage.prod/Resource').addPropertyOverride('MethodSettings.3', entry);
    cfn(app, 'ControlPlane/Edge/Private/Api/Resource/DeploymentStage.prod/Resource').addPropertyOverride('MethodSettings', [{ ResourcePath: '/*', HttpMethod: '*', DataTraceEnabled: false, LoggingLevel: 'ERROR', MetricsEnabled: true, ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 }]);
    expect(found(app, PRIVATE, 'ApiThrottlingAsPlanned')).toEqual([
      'TenantBaseline-ApiThrottlingAsPlanned[MethodSettings::/~1tenants~1{tenantId}~1plans POST::missing] @ ControlPlane/Edge/Private/Api/Resource/DeploymentStage.prod/Resource',
      'TenantBaseline-ApiThrottlingAsPlanned[MethodSettings::/~1tenants~1{tenantId}~1plans POST::unplanned] @ ControlPlane/Edge/Api/Resource/DeploymentStage.prod/Resource',
    ]);
  });

  test('GIVEN the admin API\'s traffic alarm removed, or watching the public API THEN it is reported', () => {
    const removed = controlPlane();
    expect(removed.stack.edge!.alarms.node.tryRemoveChild('AdminApiTrafficSpike')).toBe(true);
    expect(found(removed.app)).toEqual([
      'TenantBaseline-AlarmsAsPlanned[Missing::tenant-baseline-AdminApiTrafficSpike] @ ControlPlane/Edge/Api/Resource/Resource',
      `TenantBaseline-PrivateAdminApiAsPlanned[Missing::TrafficAlarm] @ ${PRIVATE_API}`,
    ]);
    const elsewhere = controlPlane();
    cfn(elsewhere.app, 'ControlPlane/Edge/Alarms/AdminApiTrafficSpike/Resource').addPropertyOverride('Dimensions', [{ Name: 'ApiName', Value: 'tenant-baseline-control-plane' }]);
    expect(found(elsewhere.app)).toEqual([
      'TenantBaseline-AlarmsAsPlanned[Dimensions::ApiName=tenant-baseline-control-plane::planned-ApiName=tenant-baseline-control-plane-admin] @ ControlPlane/Edge/Alarms/AdminApiTrafficSpike/Resource',
      `TenantBaseline-PrivateAdminApiAsPlanned[Missing::TrafficAlarm] @ ${PRIVATE_API}`,
    ]);
  });

  test('GIVEN every mutant of the values the private admin API\'s rules judge in its control plane THEN every one is killed', () => {
    const { stack } = controlPlane();
    const templates = [{ stackName: 'ControlPlane', template: Template.fromStack(stack).toJSON() }];
    const judgedBy = [PrivateAdminApiAsPlanned, ControlPlaneGroupsAsPlanned, ApiThrottlingAsPlanned];
    const report = mutateAndJudge(templates, platformTopology(PRIVATE), { judgedBy });
    expect(report.survivors).toEqual([]);
    expect(report.mutants).toBeGreaterThan(100);
    // Not blind: without the rule, the APIs' and the methods' mutants survive.
    const index = new RuleIndex(TENANT_BASELINE_RULES.filter((r) => r.id !== 'PrivateAdminApiAsPlanned'));
    const without = mutateAndJudge(templates, platformTopology(PRIVATE), { judgedBy: [PrivateAdminApiAsPlanned], index });
    expect(new Set(without.survivors.map((s) => s.resourceType))).toEqual(new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Method']));
  });
});
