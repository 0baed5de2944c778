import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TAG_KEYS } from '../../lib/naming';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { SubnetFirewall } from '../../lib/network/subnet-firewall';
import { TENANT_INTERFACE_ENDPOINTS, TenantNetwork } from '../../lib/network/tenant-network';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { resourcesOfType, testApp, tenantStackProps } from '../helpers/app';
import { aclAt, decide, networkAcls } from '../helpers/nacl';

const CONTROL_PLANE = '10.0.0.0/16';

function tenantTemplate(id = 'acme', number = 0): Template {
  const app = testApp();
  const stack = new TenantStack(app, `Tenant-${id}`, tenantStackProps({ id, number }, { cidr: CONTROL_PLANE }));
  return Template.fromStack(stack);
}

describe('TenantNetwork', () => {
  const template = tenantTemplate('acme', 7);

  test('GIVEN tenant N = 7 THEN its VPC is 10.107.0.0/16 with DNS support', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.107.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
  });

  test('THEN every subnet lies inside the tenant VPC and the tiers span two AZs', () => {
    const subnets = Object.values(resourcesOfType(template, 'AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(8);
    for (const s of subnets) {
      expect(s.Properties!.CidrBlock).toMatch(/^10\.107\./);
    }
    const azs = new Set(subnets.map((s) => JSON.stringify(s.Properties!.AvailabilityZone)));
    expect(azs.size).toBe(2);
  });

  test('THEN no subnet gives public IPs on launch (no public ingress path)', () => {
    for (const s of Object.values(resourcesOfType(template, 'AWS::EC2::Subnet'))) {
      expect(s.Properties!.MapPublicIpOnLaunch).not.toBe(true);
    }
    template.resourceCountIs('AWS::EC2::EIP', 2); // the NAT gateways' addresses, nothing else
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::EC2::Instance', 0);
  });

  test('THEN only the public (NAT) subnets route 0.0.0.0/0 to the internet gateway; runtime subnets route it to NAT', () => {
    const routes = Object.values(resourcesOfType(template, 'AWS::EC2::Route'));
    const igwRoutes = routes.filter((r) => r.Properties!.GatewayId);
    expect(igwRoutes).toHaveLength(2);
    for (const r of igwRoutes) {
      expect(r.Properties!.RouteTableId.Ref).toMatch(/PublicSubnet/);
    }
    const natRoutes = routes.filter((r) => r.Properties!.NatGatewayId);
    expect(natRoutes).toHaveLength(2);
    for (const r of natRoutes) {
      expect(r.Properties!.RouteTableId.Ref).toMatch(/RuntimeSubnet/);
    }
  });

  test('THEN the default security group is stripped of all rules', () => {
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', { DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'DefaultSecurityGroup'] } });
  });

  test('THEN flow logs capture ALL traffic into a log group encrypted with the tenant key, with finite retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', MaxAggregationInterval: 60 });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/tenant-baseline/tenants/acme/vpc-flow-logs',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      RetentionInDays: 365,
    });
  });

  test('THEN the flow-log role trusts only this account\'s flow logs and may only write to its own log group', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{ Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogLogGroup'), 'Arn'] }, Sid: Match.anyValue() }],
      },
    });
    // No inline policy on the flow-log role: its permissions are the managed policy above.
    for (const policy of Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))) {
      expect(JSON.stringify(policy.Properties!.Roles)).not.toContain('FlowLogDeliveryRole');
    }
  });

  test('THEN gateway endpoints for S3 and DynamoDB and private interface endpoints for KMS, STS, Logs, Secrets Manager, SSM and Session Manager exist', () => {
    const endpoints = Object.values(resourcesOfType(template, 'AWS::EC2::VPCEndpoint'));
    const gateways = endpoints.filter((e) => e.Properties!.VpcEndpointType === 'Gateway').map((e) => JSON.stringify(e.Properties!.ServiceName));
    expect(gateways.some((n) => n.includes('.s3'))).toBe(true);
    expect(gateways.some((n) => n.includes('.dynamodb'))).toBe(true);
    const interfaces = endpoints.filter((e) => e.Properties!.VpcEndpointType === 'Interface');
    expect(interfaces).toHaveLength(Object.keys(TENANT_INTERFACE_ENDPOINTS).length);
    for (const service of ['kms', 'sts', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages']) {
      expect(interfaces.some((e) => JSON.stringify(e.Properties!.ServiceName).endsWith(`.${service}"]]}`))).toBe(true);
    }
    for (const e of interfaces) {
      expect(e.Properties!.PrivateDnsEnabled).toBe(true);
      expect(e.Properties!.SecurityGroupIds).toHaveLength(1);
    }
  });

  test('THEN the runtime security group admits only TCP 5678 from the control plane and sends only TCP 443', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Workflow runtime'),
      SecurityGroupIngress: [{ CidrIp: CONTROL_PLANE, IpProtocol: 'tcp', FromPort: 5678, ToPort: 5678, Description: Match.anyValue() }],
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
    });
  });

  test('THEN the endpoint security group admits only HTTPS from the tenant VPC and has no usable egress', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Interface endpoints'),
      SecurityGroupIngress: [{ CidrIp: '10.107.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
      // CDK's marker rule for "no egress": ICMP type 252 code 86 to 255.255.255.255/32 matches no real traffic.
      SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86, Description: Match.anyValue() }],
    });
  });

  test('THEN no security group rule anywhere admits port 22 or any traffic from 0.0.0.0/0 or ::/0', () => {
    const rules: any[] = [];
    for (const sg of Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroup'))) {
      rules.push(...(sg.Properties!.SecurityGroupIngress ?? []).map((r: any) => ({ ...r, ingress: true })));
      rules.push(...(sg.Properties!.SecurityGroupEgress ?? []));
    }
    for (const r of Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress'))) rules.push({ ...r.Properties, ingress: true });
    for (const r of Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupEgress'))) rules.push(r.Properties);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      if (r.ingress) {
        expect([r.CidrIp, r.CidrIpv6]).not.toContain('0.0.0.0/0');
        expect([r.CidrIp, r.CidrIpv6]).not.toContain('::/0');
      }
      if (r.IpProtocol === 'tcp' || r.IpProtocol === '-1') {
        const covers22 = r.IpProtocol === '-1' || (r.FromPort <= 22 && 22 <= r.ToPort);
        expect(covers22).toBe(false);
      }
    }
  });

  test('THEN no network ACL allow rule admits port 22 and no allow rule is all-protocol', () => {
    for (const entries of networkAcls(template).values()) {
      for (const e of entries.filter((x) => x.action === 'allow')) {
        expect(e.protocol).toBe(6);
        expect(22 >= e.from! && 22 <= e.to!).toBe(false);
      }
    }
  });

  test('THEN it attaches to the hub from its transit subnets, associated with the tenant table and propagated to the control-plane table', () => {
    template.resourceCountIs('AWS::EC2::TransitGatewayVpcAttachment', 1);
    template.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 1);
    template.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 1);
    const params = template.toJSON().Parameters as Record<string, { Default: string }>;
    const paramFor = (name: string) => Object.keys(params).find((k) => params[k].Default === name);
    template.hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', {
      TransitGatewayId: { Ref: paramFor(HUB_PARAMETERS.transitGatewayId) },
      SubnetIds: [{ Ref: Match.stringLikeRegexp('TransitSubnet1') }, { Ref: Match.stringLikeRegexp('TransitSubnet2') }],
    });
    // Security-group referencing across the hub stays off: a tenant's rules can never name a control-plane group.
    template.hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', { Options: { SecurityGroupReferencingSupport: 'disable', ApplianceModeSupport: 'disable', Ipv6Support: 'disable', DnsSupport: 'enable' } });
    template.hasResourceProperties('AWS::EC2::TransitGatewayRouteTableAssociation', { TransitGatewayRouteTableId: { Ref: paramFor(HUB_PARAMETERS.tenantRouteTableId) } });
    template.hasResourceProperties('AWS::EC2::TransitGatewayRouteTablePropagation', { TransitGatewayRouteTableId: { Ref: paramFor(HUB_PARAMETERS.controlPlaneRouteTableId) } });
  });

  test('THEN only the runtime subnets route to the hub, and only to the control-plane CIDR', () => {
    const tgwRoutes = Object.values(resourcesOfType(template, 'AWS::EC2::Route')).filter((r) => r.Properties!.TransitGatewayId);
    expect(tgwRoutes).toHaveLength(2);
    for (const r of tgwRoutes) {
      expect(r.Properties!.DestinationCidrBlock).toBe(CONTROL_PLANE);
      expect(r.Properties!.RouteTableId.Ref).toMatch(/RuntimeSubnet/);
      expect(r.DependsOn).toEqual([expect.stringMatching(/HubAttachment/)]);
    }
  });

  test('THEN tenant-stack resources carry the tenant tag and network resources the protection tag', () => {
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::NatGateway', 'AWS::EC2::NetworkAcl', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::KMS::Key', 'AWS::EC2::TransitGatewayVpcAttachment']) {
      for (const [id, r] of Object.entries(resourcesOfType(template, type))) {
        const tags = Object.fromEntries((r.Properties!.Tags ?? []).map((t: any) => [t.Key, t.Value]));
        expect({ id, tenant: tags[TAG_KEYS.tenant], protected: tags[TAG_KEYS.protection] }).toEqual({ id, tenant: 'acme', protected: 'true' });
      }
    }
  });
});

describe('tenant network ACLs, judged on the synthesized template', () => {
  const acls = networkAcls(tenantTemplate('acme', 7));
  const runtime = aclAt(acls, 'RuntimeFirewall');
  const data = aclAt(acls, 'DataFirewall');
  const pub = aclAt(acls, 'PublicFirewall');
  const transit = aclAt(acls, 'TransitFirewall');
  const OTHER_TENANTS = ['10.100.0.10', '10.106.255.1', '10.108.0.1', '10.155.3.4', '10.255.255.254'];
  const PORTS = [22, 443, 5432, 5678, 40000];

  test.each(OTHER_TENANTS)('GIVEN another tenant address %s THEN every tier denies it in both directions on every port', (remote) => {
    for (const acl of [runtime, data, pub, transit]) {
      for (const port of PORTS) {
        expect(decide(acl, { direction: 'in', remote, port })).toBe('deny');
        expect(decide(acl, { direction: 'out', remote, port })).toBe('deny');
      }
    }
  });

  test('GIVEN the control plane THEN the runtime and transit tiers admit TCP 5678 and nothing else inbound', () => {
    for (const acl of [runtime, transit]) {
      expect(decide(acl, { direction: 'in', remote: '10.0.3.3', port: 5678 })).toBe('allow');
      for (const port of [22, 80, 443, 5432, 8080, 40000]) {
        expect(decide(acl, { direction: 'in', remote: '10.0.3.3', port })).toBe('deny');
      }
    }
    expect(decide(data, { direction: 'in', remote: '10.0.3.3', port: 5678 })).toBe('deny');
    expect(decide(pub, { direction: 'in', remote: '10.0.3.3', port: 5678 })).toBe('deny');
  });

  test('GIVEN the runtime THEN towards the control plane it may send only return traffic (no new connection to its 443 or 22)', () => {
    expect(decide(runtime, { direction: 'out', remote: '10.0.3.3', port: 40000 })).toBe('allow');
    for (const port of [22, 443, 80]) {
      expect(decide(runtime, { direction: 'out', remote: '10.0.3.3', port })).toBe('deny');
    }
  });

  test('GIVEN the internet THEN nothing reaches the runtime port or SSH, and only HTTPS leaves', () => {
    for (const acl of [runtime, data, pub, transit]) {
      expect(decide(acl, { direction: 'in', remote: '203.0.113.9', port: 22 })).toBe('deny');
    }
    expect(decide(runtime, { direction: 'in', remote: '203.0.113.9', port: 5678 })).toBe('deny');
    expect(decide(runtime, { direction: 'out', remote: '203.0.113.9', port: 443 })).toBe('allow');
    expect(decide(runtime, { direction: 'out', remote: '203.0.113.9', port: 80 })).toBe('deny');
    expect(decide(runtime, { direction: 'in', remote: '203.0.113.9', port: 40000 })).toBe('allow');
    expect(decide(pub, { direction: 'out', remote: '203.0.113.9', port: 443 })).toBe('allow');
    expect(decide(pub, { direction: 'out', remote: '203.0.113.9', port: 25 })).toBe('deny');
  });

  test('GIVEN the data tier THEN it never talks to the internet or the control plane', () => {
    for (const remote of ['203.0.113.9', '10.0.3.3']) {
      for (const port of PORTS) {
        expect(decide(data, { direction: 'out', remote, port })).toBe('deny');
        expect(decide(data, { direction: 'in', remote, port })).toBe('deny');
      }
    }
    expect(decide(data, { direction: 'in', remote: '10.107.16.5', port: 5432 })).toBe('allow');
  });

  test('GIVEN UDP THEN nothing is admitted by an allow rule', () => {
    for (const acl of [runtime, data, pub, transit]) {
      expect(decide(acl, { direction: 'in', remote: '203.0.113.9', port: 40000, protocol: 'udp' })).toBe('deny');
    }
  });
});

describe('SubnetFirewall', () => {
  test('GIVEN an all-protocol allow rule THEN construction fails: allow rules must name TCP ports', () => {
    const stack = new Stack(testApp(), 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const spec = { inbound: [{ action: 'allow' as const, cidr: '10.0.0.0/16', name: 'Everything' }], outbound: [] };
    expect(() => new SubnetFirewall(stack, 'Fw', { vpc, subnets: { subnetGroupName: 'Iso' }, spec })).toThrow('S/Fw: an allow rule must name TCP ports; all-protocol rules are for deny only');
  });
});

describe('TenantNetwork props', () => {
  const key = (stack: Stack) => new kms.Key(stack, 'K');
  const hub = { transitGatewayId: 'tgw-1', associateWithRouteTableId: 'tgw-rtb-1', propagateToRouteTableId: 'tgw-rtb-2' };

  test.each([
    [{ tenantNumber: -1 }, "'tenantNumber' must be an integer in 0..155, got -1"],
    [{ tenantNumber: 156 }, "'tenantNumber' must be an integer in 0..155, got 156"],
    [{ tenantNumber: 1.5 }, "'tenantNumber' must be an integer in 0..155, got 1.5"],
    [{ controlPlaneCidr: '10.120.0.0/16' }, "'controlPlaneCidr' must lie outside the tenant address space, got 10.120.0.0/16"],
    [{ controlPlaneCidr: 'nonsense' }, "'controlPlaneCidr' must be an IPv4 CIDR block like 10.0.0.0/16, got nonsense"],
    [{ maxAzs: 1 }, "'maxAzs' must be an integer >= 2, got 1"],
    [{ natGateways: 3 }, "'natGateways' must be an integer in 1..2 (maxAzs), got 3"],
  ])('GIVEN %p THEN construction fails naming the prop, the rule and the value', (override, message) => {
    const stack = new Stack(testApp(), 'S');
    expect(() => new TenantNetwork(stack, 'N', { tenantId: 'acme', tenantNumber: 0, controlPlaneCidr: CONTROL_PLANE, encryptionKey: key(stack), hub, ...override })).toThrow(message);
  });

  test('GIVEN several bad props THEN all are reported at once', () => {
    const stack = new Stack(testApp(), 'S');
    expect(() => new TenantNetwork(stack, 'N', { tenantId: 'acme', tenantNumber: 200, controlPlaneCidr: 'x', encryptionKey: key(stack), hub, maxAzs: 0 })).toThrow(
      /tenantNumber[\s\S]*controlPlaneCidr[\s\S]*maxAzs/,
    );
  });
});
