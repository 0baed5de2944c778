import { Match, Template } from 'aws-cdk-lib/assertions';
import { TENANT_ADDRESS_SPACE } from '../../lib/config/platform-config';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { aclAt, decide, networkAcls } from '../helpers/nacl';

const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }, { id: 'globex', number: 1 }] });

describe('one-way routing through the network hub', () => {
  const stacks = buildPlatform(testApp(), config);
  const hub = Template.fromStack(stacks.networkHub!);
  const controlPlane = Template.fromStack(stacks.controlPlane!);
  const tenants = stacks.tenants.map((s) => Template.fromStack(s));

  test('THEN the Transit Gateway has no default route table, so nothing is associated or propagated implicitly', () => {
    hub.hasResourceProperties('AWS::EC2::TransitGateway', {
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
      AutoAcceptSharedAttachments: 'disable',
    });
    hub.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 2);
  });

  test('THEN the hub publishes its ids as SSM parameters and exports nothing', () => {
    const { verificationRouteTableId, ...always } = HUB_PARAMETERS;
    for (const name of Object.values(always)) {
      hub.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String' });
    }
    // Only a hub shared with other accounts has the verification table (test/network/cross-account.test.ts).
    hub.resourcePropertiesCountIs('AWS::SSM::Parameter', { Name: verificationRouteTableId }, 0);
    for (const t of [hub, controlPlane, ...tenants]) {
      expect(t.toJSON().Outputs ?? {}).toEqual({});
      expect(JSON.stringify(t.toJSON())).not.toContain('Fn::ImportValue');
    }
  });

  test('THEN no stack adds a static Transit Gateway route, so reachability is only what the associations and propagations give', () => {
    for (const t of [hub, controlPlane, ...tenants]) {
      t.resourceCountIs('AWS::EC2::TransitGatewayRoute', 0);
    }
  });

  test('THEN tenants associate with the tenant table and propagate only into the control-plane table; the control plane the reverse', () => {
    const param = (t: Template, name: string) => {
      const params = t.toJSON().Parameters as Record<string, { Default: string }>;
      return { Ref: Object.keys(params).find((k) => params[k].Default === name) };
    };
    for (const t of tenants) {
      t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', { TransitGatewayRouteTableId: param(t, HUB_PARAMETERS.tenantRouteTableId) });
      t.hasResourceProperties('AWS::EC2::TransitGatewayRouteTablePropagation', { TransitGatewayRouteTableId: param(t, HUB_PARAMETERS.controlPlaneRouteTableId) });
      t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 1);
    }
    controlPlane.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', { TransitGatewayRouteTableId: param(controlPlane, HUB_PARAMETERS.controlPlaneRouteTableId) });
    controlPlane.hasResourceProperties('AWS::EC2::TransitGatewayRouteTablePropagation', { TransitGatewayRouteTableId: param(controlPlane, HUB_PARAMETERS.tenantRouteTableId) });
  });

  test('THEN the control plane routes the whole tenant space through the hub from its private subnets only', () => {
    const tgwRoutes = Object.values(resourcesOfType(controlPlane, 'AWS::EC2::Route')).filter((r) => r.Properties!.TransitGatewayId);
    expect(tgwRoutes.map((r) => r.Properties!.DestinationCidrBlock).sort()).toEqual([...TENANT_ADDRESS_SPACE, ...TENANT_ADDRESS_SPACE].sort());
    for (const r of tgwRoutes) {
      expect(r.Properties!.RouteTableId.Ref).toMatch(/PrivateSubnet/);
    }
  });

  test('THEN the control-plane caller security group may only open TCP 5678 to tenants and accepts nothing', () => {
    controlPlane.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('call tenant runtimes'),
      SecurityGroupEgress: TENANT_ADDRESS_SPACE.map((block) => ({ CidrIp: block, IpProtocol: 'tcp', FromPort: 5678, ToPort: 5678, Description: Match.anyValue() })),
    });
    const caller = Object.values(resourcesOfType(controlPlane, 'AWS::EC2::SecurityGroup')).find((sg) => String(sg.Properties!.GroupDescription).includes('call tenant runtimes'));
    expect(caller!.Properties!.SecurityGroupIngress).toBeUndefined();
  });

  test('THEN the control-plane network ACLs let it open 5678 to tenants and admit from tenants only return traffic', () => {
    const acls = networkAcls(controlPlane);
    const priv = aclAt(acls, 'PrivateFirewall');
    const transit = aclAt(acls, 'TransitFirewall');
    expect(decide(priv, { direction: 'out', remote: '10.101.16.4', port: 5678 })).toBe('allow');
    expect(decide(transit, { direction: 'out', remote: '10.101.16.4', port: 5678 })).toBe('allow');
    for (const port of [22, 443, 5432, 8080]) {
      expect(decide(priv, { direction: 'out', remote: '10.101.16.4', port })).toBe('deny');
    }
    // A stateless ACL must admit the ephemeral range for return traffic; below it, nothing a tenant sends gets in.
    // New connections from tenants in the ephemeral range are stopped by the security groups, which admit none.
    for (const port of [22, 80, 443, 1023]) {
      expect(decide(priv, { direction: 'in', remote: '10.101.16.4', port })).toBe('deny');
      expect(decide(transit, { direction: 'in', remote: '10.101.16.4', port })).toBe('deny');
    }
    expect(decide(priv, { direction: 'in', remote: '10.101.16.4', port: 40000 })).toBe('allow');
    expect(decide(aclAt(acls, 'PublicFirewall'), { direction: 'in', remote: '10.101.16.4', port: 40000 })).toBe('deny');
  });

  test('THEN the control-plane flow logs are encrypted with the control-plane key', () => {
    controlPlane.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/tenant-baseline/control-plane/vpc-flow-logs', KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
    controlPlane.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tenant-baseline/control-plane' });
  });
});
