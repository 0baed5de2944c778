/**
 * The private admin API (controlPlane.privateAdminApi): the admin routes on a PRIVATE REST API behind an execute-api
 * interface endpoint in the control-plane private subnets, its resource policy, the endpoint's security group and
 * the private subnets' ACL entries for the VPN; the data-plane routes and every published URL stay on the public API.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { PRIVATE_ADMIN_API_ACCESS_LOG_GROUP, PRIVATE_ADMIN_API_NAME } from '../../lib/config/private-admin-api-plan';
import { API_TLS } from '../../lib/edge/control-plane-api';
import { CONTROL_PLANE_API_NAME } from '../../lib/naming';
import { resourcesOfType, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const VPN = ['10.8.0.0/22', '192.168.50.0/24'];

function build(extra: Record<string, unknown> = {}) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, privateAdminApi: { allowedCidrs: VPN }, ...extra }, tenants: [{ id: 'acme', number: 0 }] });
  const stack = controlPlaneOf(config);
  return { stack, template: Template.fromStack(stack) };
}
const apiId = (template: Template, name: string) => Object.entries(resourcesOfType(template, 'AWS::ApiGateway::RestApi')).find(([, r]) => r.Properties!.Name === name)![0];
/** Each method as `METHOD /path` with its API's name, following the resources' parents to the API's root. */
function routes(template: Template): string[] {
  const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
  const apis = resourcesOfType(template, 'AWS::ApiGateway::RestApi');
  const path = (id: any): string => (id?.Ref ? `${path(resources[id.Ref].Properties!.ParentId)}/${resources[id.Ref].Properties!.PathPart}` : '');
  return Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method'))
    .map((m) => `${apis[m.Properties!.RestApiId.Ref].Properties!.Name} ${m.Properties!.HttpMethod} ${path(m.Properties!.ResourceId) || '/'}`)
    .sort();
}

describe('GIVEN controlPlane.privateAdminApi with two VPN ranges', () => {
  const { stack, template } = build();
  const privateApi = apiId(template, PRIVATE_ADMIN_API_NAME);
  const publicApi = apiId(template, CONTROL_PLANE_API_NAME);
  const endpoint = stack.resolve(stack.edge!.adminApi.privateAdmin!.endpoint.vpcEndpointId);

  test('THEN the admin routes are on the private API and only the data-plane routes on the public one', () => {
    expect(routes(template)).toEqual([
      `${CONTROL_PLANE_API_NAME} GET /.well-known/jwks.json`,
      `${CONTROL_PLANE_API_NAME} GET /health-check`,
      `${CONTROL_PLANE_API_NAME} POST /heartbeats`,
      `${PRIVATE_ADMIN_API_NAME} GET /tenants`,
      `${PRIVATE_ADMIN_API_NAME} GET /tenants/{tenantId}/exports/{exportId}`,
      `${PRIVATE_ADMIN_API_NAME} POST /tenants/{tenantId}/erasure`,
      `${PRIVATE_ADMIN_API_NAME} POST /tenants/{tenantId}/erasure/{requestId}/confirm`,
      `${PRIVATE_ADMIN_API_NAME} POST /tenants/{tenantId}/exports`,
      `${PRIVATE_ADMIN_API_NAME} POST /tenants/{tenantId}/plans`,
    ]);
  });

  test('THEN the private API is PRIVATE on the endpoint, TLS 1.3 STRICT, and admits invocations through the endpoint only', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: PRIVATE_ADMIN_API_NAME,
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [endpoint] },
      SecurityPolicy: API_TLS.securityPolicy,
      EndpointAccessMode: API_TLS.endpointAccessMode,
      Policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': endpoint } } },
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': endpoint } } },
        ],
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: CONTROL_PLANE_API_NAME, EndpointConfiguration: { Types: ['REGIONAL'] }, Policy: Match.absent() });
  });

  test('THEN the endpoint is an execute-api interface in both private subnets, private DNS off, reaching this account\'s APIs only, with a group admitting 443 from the VPN only', () => {
    const privateSubnets = stack.network.vpc.privateSubnets.map((s) => stack.resolve(s.subnetId));
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.execute-api']] },
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: false,
      SubnetIds: privateSubnets,
      SecurityGroupIds: [stack.resolve(stack.edge!.adminApi.privateAdmin!.securityGroup.securityGroupId)],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*']] } }],
      },
    });
    expect(privateSubnets).toHaveLength(2);
    const props = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroup')).find((g) => g.Properties!.GroupDescription.startsWith('Private admin API endpoint'))!.Properties!;
    expect(props.SecurityGroupIngress).toEqual(VPN.map((cidr) => ({ CidrIp: cidr, Description: `Operators on the VPN (${cidr})`, FromPort: 443, IpProtocol: 'tcp', ToPort: 443 })));
    expect(props.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
  });

  test('THEN each API has its own stage behind the web ACL, its own access log group, and the private one its own authorizer on the same function', () => {
    const associations = Object.values(resourcesOfType(template, 'AWS::WAFv2::WebACLAssociation')).map((a) => JSON.stringify(a.Properties!.ResourceArn));
    expect(associations).toHaveLength(2);
    expect(associations.some((a) => a.includes(`"${privateApi}"`))).toBe(true);
    expect(associations.some((a) => a.includes(`"${publicApi}"`))).toBe(true);
    const authorizers = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Authorizer'));
    expect(authorizers.map((a) => a.Properties!.RestApiId)).toEqual([{ Ref: privateApi }]);
    expect(authorizers[0].Properties!.AuthorizerUri).toEqual(expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([{ 'Fn::GetAtt': [stack.resolve((stack.edge!.adminApi.authorizer.function.node.defaultChild as any).logicalId), 'Arn'] }])]) }));
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: PRIVATE_ADMIN_API_ACCESS_LOG_GROUP, KmsKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { RestApiId: { Ref: privateApi }, AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }), TracingEnabled: true });
  });

  test('THEN each stage carries the throttle entries of its own routes', () => {
    const settings = (api: string) => Object.values(resourcesOfType(template, 'AWS::ApiGateway::Stage')).find((s) => s.Properties!.RestApiId.Ref === api)!.Properties!.MethodSettings.map((m: any) => `${m.HttpMethod} ${m.ResourcePath}`).sort();
    expect(settings(publicApi)).toEqual(['* /*', 'GET /~1.well-known~1jwks.json', 'GET /~1health-check']);
    expect(settings(privateApi)).toEqual(['* /*', 'POST /~1tenants~1{tenantId}~1plans']);
  });

  test('THEN the private subnets admit 443 from each VPN range and answer it; the published URLs and the plans\' issuer stay on the public API', () => {
    for (const cidr of VPN) {
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: cidr, Egress: false, Protocol: 6, RuleAction: 'allow', PortRange: { From: 443, To: 443 } });
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: cidr, Egress: true, Protocol: 6, RuleAction: 'allow', PortRange: { From: 1024, To: 65535 } });
    }
    const publicUrl = { 'Fn::Join': ['', ['https://', { Ref: publicApi }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/prod/']] };
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: CONTROL_PLANE_PARAMETERS.apiUrl, Value: publicUrl });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: CONTROL_PLANE_PARAMETERS.apiId, Value: { Ref: publicApi } });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [FUNCTION_ENVIRONMENT.planSigner.issuer]: publicUrl }) } });
    const outputs = template.toJSON().Outputs;
    expect(Object.values(outputs).map((o: any) => JSON.stringify(o.Value)).find((v) => v.includes(privateApi))).toContain(`{"Ref":"${endpoint.Ref}"}`);
  });
});

describe('GIVEN controlPlane.privateAdminApi, the alarms', () => {
  test('THEN the private API\'s requests are watched like the public API\'s (> 100,000 in 5 minutes, medium tier); without it there is no such alarm', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'tenant-baseline-AdminApiTrafficSpike', Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiName', Value: PRIVATE_ADMIN_API_NAME }], Threshold: 100000, Period: 300, Statistic: 'Sum' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'tenant-baseline-ApiTrafficSpike', Dimensions: [{ Name: 'ApiName', Value: CONTROL_PLANE_API_NAME }] });
    const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP }, tenants: [] });
    const without = Template.fromStack(controlPlaneOf(config));
    expect(Object.values(resourcesOfType(without, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!.AlarmName)).not.toContain('tenant-baseline-AdminApiTrafficSpike');
  });
});

describe('GIVEN a private admin API and a custom domain', () => {
  const { template } = build({ domain: { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' } });
  test('THEN the domain maps the public API alone and only the public API\'s execute-api endpoint is disabled', () => {
    const publicApi = apiId(template, CONTROL_PLANE_API_NAME);
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { RestApiId: { Ref: publicApi } });
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: PRIVATE_ADMIN_API_NAME, DisableExecuteApiEndpoint: Match.absent() });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: CONTROL_PLANE_API_NAME, DisableExecuteApiEndpoint: true });
  });
});
