/**
 * The positive model (ResourceTypesAsPlanned, NetworkAclAsPlanned, RuntimeHostsHardened, DatabaseAsPlanned,
 * TableProtected, PolicyPrincipalsAsPlanned) on real constructs: the shipped stacks pass, and each requirement fails
 * when it is broken through the L2 (or an L1 attribute) and through a CloudFormation override.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { testApp } from '../helpers/app';
import { judgeTemplates } from '../../lib/compliance/gate/judge';
import { findingsOf, PACK, shipped, tenantApp } from '../helpers/pack';

const { CONFIG } = PACK;

/** The CloudFormation resource of a stack with this logical-id prefix (ids carry a hash suffix). */
function resource(stack: Stack, logicalIdPrefix: string): CfnResource {
  const found = stack.node.findAll().filter((n: IConstruct): n is CfnResource => CfnResource.isCfnResource(n) && (stack.resolve(n.logicalId) as string).startsWith(logicalIdPrefix));
  if (found.length !== 1) {
    throw new Error(`${found.length} resources with logical id ${logicalIdPrefix}*`);
  }
  return found[0];
}

describe('ResourceTypesAsPlanned', () => {
  test('GIVEN the shipped tenant and control plane THEN every resource is of a planned type', () => {
    shipped('ResourceTypesAsPlanned', () => tenantApp().app);
    shipped('ResourceTypesAsPlanned', () => {
      const app = testApp();
      new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
      return app;
    });
  });

  test("GIVEN the CDK CLI's version reporting (AWS::CDK::Metadata, added to every stack at synth) THEN nothing is reported, while an unplanned type in the same template is", () => {
    const template = {
      Resources: {
        CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sIAAAAAAAA' } },
        Peering: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: 'vpc-1', PeerVpcId: 'vpc-2' } },
      },
    };
    const found = judgeTemplates([{ stackName: 'Tenant-acme', template }], PACK.TOPOLOGY).filter((f) => f.includes('ResourceTypesAsPlanned'));
    expect(found).toEqual(['Tenant-acme/Peering ResourceTypesAsPlanned[Unplanned::AWS::EC2::VPCPeeringConnection]']);
  });

  test('GIVEN an IAM user added through the L2 THEN it is reported', () => {
    const { app, stack } = tenantApp();
    new iam.User(stack, 'Backdoor');
    expect(findingsOf(app, 'ResourceTypesAsPlanned')).toEqual(['TenantBaseline-ResourceTypesAsPlanned[Unplanned::AWS::IAM::User] @ Tenant-acme/Backdoor/Resource']);
  });

  test('GIVEN a peering connection added as a raw CloudFormation resource THEN it is reported', () => {
    const { app, stack } = tenantApp();
    new CfnResource(stack, 'Peering', { type: 'AWS::EC2::VPCPeeringConnection', properties: { VpcId: 'vpc-1', PeerVpcId: 'vpc-2' } });
    expect(findingsOf(app, 'ResourceTypesAsPlanned')).toEqual(['TenantBaseline-ResourceTypesAsPlanned[Unplanned::AWS::EC2::VPCPeeringConnection] @ Tenant-acme/Peering']);
  });
});

describe('NetworkAclAsPlanned', () => {
  test('GIVEN the shipped tenant and control plane THEN every ACL is exactly its tier', () => {
    shipped('NetworkAclAsPlanned', () => tenantApp().app);
    shipped('NetworkAclAsPlanned', () => {
      const app = testApp();
      new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
      return app;
    });
  });

  test("GIVEN an entry admitting a neighbour's CIDR added through the L2 THEN the ACL is reported", () => {
    const { app, stack } = tenantApp();
    const acl = stack.node.findAll().find((n) => n instanceof ec2.NetworkAcl && n.node.path === 'Tenant-acme/Network/RuntimeFirewall/Resource') as ec2.NetworkAcl;
    acl.addEntry('Neighbour', { cidr: ec2.AclCidr.ipv4('10.101.0.0/16'), ruleNumber: 105, traffic: ec2.AclTraffic.tcpPort(5678), direction: ec2.TrafficDirection.INGRESS });
    expect(findingsOf(app, 'NetworkAclAsPlanned')).toEqual(['TenantBaseline-NetworkAclAsPlanned[unplanned in 105 allow 6 10.101.0.0/16 5678-5678] @ Tenant-acme/Network/RuntimeFirewall/Resource/Resource']);
  });

  test('GIVEN the tenant-space deny of an entry overridden to allow THEN the ACL is reported', () => {
    const { app, stack } = tenantApp();
    resource(stack, 'NetworkDataFirewallInDenyTenantSpace0').addPropertyOverride('RuleAction', 'allow');
    expect(findingsOf(app, 'NetworkAclAsPlanned')).toEqual([
      'TenantBaseline-NetworkAclAsPlanned[missing in 120 deny -1 10.100.0.0/14] @ Tenant-acme/Network/DataFirewall/Resource/Resource',
      'TenantBaseline-NetworkAclAsPlanned[unplanned in 120 allow -1 10.100.0.0/14] @ Tenant-acme/Network/DataFirewall/Resource/Resource',
    ]);
  });

  test("GIVEN a data subnet's association moved to the public ACL by an override THEN the association is reported", () => {
    const { app, stack } = tenantApp();
    const publicAcl = resource(stack, 'NetworkPublicFirewall8');
    resource(stack, 'NetworkDataFirewallDefaultAssociationTenantacmeNetworkVpcDataSubnet1').addPropertyOverride('NetworkAclId', { Ref: stack.resolve(publicAcl.logicalId) });
    expect(findingsOf(app, 'NetworkAclAsPlanned')).toEqual([expect.stringMatching(/^TenantBaseline-NetworkAclAsPlanned\[Subnet::\$\{NetworkVpcDataSubnet1Subnet[0-9A-F]+\}::data::acl-public\] @ /)]);
  });
});

describe('RuntimeHostsHardened', () => {
  test('GIVEN the shipped tenant THEN IMDSv2 with hop limit 1, no public address, private NAT subnets', () => shipped('RuntimeHostsHardened', () => tenantApp().app));

  test('GIVEN IMDS tokens made optional and a public IP by overrides THEN the launch template is reported', () => {
    const { app, stack } = tenantApp();
    const template = stack.runtime.launchTemplate.node.defaultChild as CfnResource;
    template.addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpTokens', 'optional');
    template.addPropertyOverride('LaunchTemplateData.NetworkInterfaces.0.AssociatePublicIpAddress', true);
    expect(findingsOf(app, 'RuntimeHostsHardened').map((f) => f.split(' @ ')[0])).toEqual([
      'TenantBaseline-RuntimeHostsHardened[HttpTokens::optional]',
      'TenantBaseline-RuntimeHostsHardened[NetworkInterfaces0.AssociatePublicIpAddress::true]',
    ]);
  });

  test('GIVEN a subnet that maps public IPs on launch (L1 attribute) and the host group moved to public subnets (override) THEN both are reported', () => {
    const { app, stack } = tenantApp();
    (stack.network.vpc.publicSubnets[0].node.defaultChild as ec2.CfnSubnet).mapPublicIpOnLaunch = true;
    const publicSubnets = stack.network.vpc.publicSubnets.map((s) => ({ Ref: stack.resolve((s.node.defaultChild as CfnResource).logicalId) }));
    (stack.runtime.autoScalingGroup.node.defaultChild as CfnResource).addPropertyOverride('VPCZoneIdentifier', publicSubnets);
    const found = findingsOf(app, 'RuntimeHostsHardened').map((f) => f.split(' @ ')[0]);
    expect(found).toContain('TenantBaseline-RuntimeHostsHardened[MapPublicIpOnLaunch::true]');
    expect(found.filter((f) => /Subnet::.*::public\]$/.test(f))).toHaveLength(2);
  });
});

describe('DatabaseAsPlanned', () => {
  test('GIVEN the shipped tenant THEN the database is private, IAM-authenticated, protected, with the planned backups', () => shipped('DatabaseAsPlanned', () => tenantApp().app));

  test('GIVEN IAM authentication off (L1 attribute) and public access on (override) THEN both are reported', () => {
    const { app, stack } = tenantApp();
    const instance = stack.database.instance.node.defaultChild as rds.CfnDBInstance;
    instance.enableIamDatabaseAuthentication = false;
    instance.addPropertyOverride('PubliclyAccessible', true);
    expect(findingsOf(app, 'DatabaseAsPlanned').map((f) => f.split(' @ ')[0])).toEqual([
      'TenantBaseline-DatabaseAsPlanned[EnableIAMDatabaseAuthentication::false]',
      'TenantBaseline-DatabaseAsPlanned[PubliclyAccessible::true]',
    ]);
  });

  test('GIVEN the subnet group moved to the public subnets and backups shortened by overrides THEN both are reported', () => {
    const { app, stack } = tenantApp();
    const publicSubnets = stack.network.vpc.publicSubnets.map((s) => ({ Ref: stack.resolve((s.node.defaultChild as CfnResource).logicalId) }));
    resource(stack, 'DatabaseSubnetGroup').addPropertyOverride('SubnetIds', publicSubnets);
    (stack.database.instance.node.defaultChild as CfnResource).addPropertyOverride('BackupRetentionPeriod', 1);
    const found = findingsOf(app, 'DatabaseAsPlanned').map((f) => f.split(' @ ')[0]);
    expect(found).toContain(`TenantBaseline-DatabaseAsPlanned[BackupRetentionPeriod::1::planned-${PACK.ACME.database.backupRetentionDays}]`);
    expect(found.filter((f) => /Subnet::.*::public\]$/.test(f))).toHaveLength(2);
  });
});

describe('TableProtected', () => {
  test('GIVEN the shipped tenant THEN its table keeps deletion protection and PITR', () => shipped('TableProtected', () => tenantApp().app));

  test('GIVEN deletion protection off (L1 attribute) and PITR off (override) THEN both are reported', () => {
    const { app, stack } = tenantApp();
    const table = stack.table.table.node.defaultChild as dynamodb.CfnTable;
    table.deletionProtectionEnabled = false;
    table.addPropertyOverride('PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', false);
    expect(findingsOf(app, 'TableProtected').map((f) => f.split(' @ ')[0])).toEqual([
      'TenantBaseline-TableProtected[DeletionProtectionEnabled::false]',
      'TenantBaseline-TableProtected[PointInTimeRecovery::off]',
    ]);
  });
});

describe('PolicyPrincipalsAsPlanned', () => {
  test('GIVEN the shipped tenant and account baseline THEN every policy trusts only planned principals', () => {
    shipped('PolicyPrincipalsAsPlanned', () => tenantApp().app);
    shipped('PolicyPrincipalsAsPlanned', () => {
      const app = testApp();
      new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
      return app;
    });
  });

  test("GIVEN kms:Decrypt granted to another account's role through the L2 THEN the tenant key is reported", () => {
    const { app, stack } = tenantApp();
    stack.key.key.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/reader')], actions: ['kms:Decrypt'], resources: ['*'] }));
    expect(findingsOf(app, 'PolicyPrincipalsAsPlanned')).toEqual([expect.stringMatching(/\[Statement\d::Allow::AWS:arn:aws:iam::111122223333:role\/reader\] @ Tenant-acme\/Key\//)]);
  });

  test('GIVEN s3:GetObject to everyone on the tenant bucket (L2) and a topic opened to any publisher (override) THEN both are reported', () => {
    const { app, stack } = tenantApp();
    stack.bucket.bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:GetObject'], resources: [stack.bucket.bucket.arnForObjects('*')] }));
    expect(findingsOf(app, 'PolicyPrincipalsAsPlanned')).toEqual([expect.stringMatching(/\[Statement2::Allow::AWS:\*\] @ Tenant-acme\/Bucket\//)]);

    const baselineApp = testApp();
    const baseline = new AccountBaselineStack(baselineApp, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
    const policy = baseline.node.findAll().find((n) => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::SNS::TopicPolicy') as CfnResource;
    // Statement 1 is the CloudWatch publish grant (statement 0 denies publishing without TLS to everyone).
    policy.addPropertyOverride('PolicyDocument.Statement.1.Principal', '*');
    expect(findingsOf(baselineApp, 'PolicyPrincipalsAsPlanned')).toEqual([expect.stringMatching(/\[AllowcloudwatchPublish::Allow::\*\] @ AccountBaseline\/Alerts\//)]);
  });
});
