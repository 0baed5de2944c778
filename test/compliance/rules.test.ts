/**
 * Every rule of the TenantBaseline pack, on real constructs: the shipped stacks are compliant (and the rule actually
 * judged something there), and a deliberate break, mostly through a CloudFormation escape hatch that construct-level
 * rules cannot see, is reported on exactly the broken resource. The pack itself and the network rules here; the data,
 * key, edge and detection rules in rules-data-edge.test.ts.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { NetworkHubStack } from '../../lib/stacks/network-hub-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp } from '../helpers/app';
import { cfn, evaluate, findingsOf, PACK, shipped, tenantApp } from '../helpers/pack';

const { CONFIG } = PACK;

describe('the pack', () => {
  test('contract: the rule list, in report order', () => {
    expect(TENANT_BASELINE_RULES.map((r) => r.id)).toEqual([
      'ResourceTypesAsPlanned',
      'NetworkAclAsPlanned',
      'RoutesAsPlanned',
      'RuntimeHostsHardened',
      'DatabaseAsPlanned',
      'DatabaseAccessAsPlanned',
      'RestoreTestingAsPlanned',
      'BackupPlanAsPlanned',
      'BackupVaultLockAsPlanned',
      'TableProtected',
      'PolicyPrincipalsAsPlanned',
      'DataUnderOwnStackKey',
      'FindingRulesDeliver',
      'AlarmsAsPlanned',
      'SchedulesAsPlanned',
      'ControlPlaneGroupsAsPlanned',
      'ControlPlaneTenantsAsPlanned',
      'BucketLogsInOwnStack',
      'WebAclAsPlanned',
      'GatewayResponsesSecure',
      'CorsAsPlanned',
      'ApiThrottlingAsPlanned',
      'CustomDomainAsPlanned',
      'PrivateAdminApiAsPlanned',
      'TenantApiKeysAsPlanned',
      'RetentionAsPlanned',
    'DataExportAsPlanned',
    'LambdaInvokePermissionsAsPlanned',
      'TrailAsPlanned',
      'ProtectedBucketsAbac',
      'SidecarReleasesAsPlanned',
      'SsmParametersAsPlanned',
      'TenantVpcPlannedCidr',
      'NoCrossTenantRoute',
      'TransitGatewayOneWay',
      'HubShareAsPlanned',
      'AttachmentAcceptorAsPlanned',
      'NoInternetOrSshIngress',
      'TenantIngressControlPlaneOnly',
      'TenantEgressHttpsOnly',
      'TenantDataUnderTenantKey',
      'KeyLifecycleAsPlanned',
      'KmsServicePrincipalConditioned',
      'KmsFullAccessOnlyRoot',
      'LogGroupCmkFiniteRetention',
      'LogGroupsMaskPersonalData',
      'RdsForceSsl',
      'ApiGatewayTls13Strict',
      'ApiStageBehindWaf',
      'ApiMethodsAuthorized',
      'AuditTrailObjectLock',
      'GuardDutyOnlyInAccountBaseline',
      'GuardDutyFindingsReachTheirTier',
      'DriftDetectionAsPlanned',
      'AlarmsNotifyAlertTopics',
      'DeliveryPipelineAsPlanned',
      'DeployTimeGateAsPlanned',
      'ConfigRulesAsPlanned',
      'AccessAnalysisAsPlanned',
      'NetworkProofsAsPlanned',
      'AlertSubscriptionsAsPlanned',
    ]);
  });

  test.each(TENANT_BASELINE_RULES.map((r) => [r.id, r] as const))('%s names its resource types, controls and an explanation', (_, rule) => {
    expect(rule.resourceTypes.length).toBeGreaterThan(0);
    expect(rule.controls.length).toBeGreaterThan(0);
    expect(rule.info.length).toBeGreaterThan(20);
    expect(rule.explanation.length).toBeGreaterThan(20);
  });

  test('GIVEN the whole example platform THEN no unacknowledged finding; the acknowledged ones are the public routes', () => {
    const app = testApp();
    new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
    new NetworkHubStack(app, 'NetworkHub');
    new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: CONFIG.tenants.map((t) => t.id), sidecar: CONFIG.sidecar });
    for (const tenant of CONFIG.tenants) {
      new TenantStack(app, `Tenant-${tenant.id}`, { tenant, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    }
    app.synth(); // the protection tags are applied by an aspect at synth; the rules read the rendered tags
    const { evaluations, violations } = evaluate(app);
    expect(violations).toEqual([]);
    // Nothing of our pack is acknowledged: the deliberately public routes are part of the plan (lib/config/public-routes.ts).
    expect(evaluations.filter((e) => e.status === 'acknowledged')).toEqual([]);
    // every rule judged at least one resource of the shipped platform
    // (the delivery pipeline's rule judges the Delivery stack, which this configuration has not: test/delivery/; the hub
    // share and the attachment acceptor exist only with tenants in other accounts: test/network/cross-account.test.ts)
    const deliveryOnly = ['TenantBaseline-DeliveryPipelineAsPlanned', 'TenantBaseline-HubShareAsPlanned', 'TenantBaseline-AttachmentAcceptorAsPlanned'];
    expect(new Set(evaluations.map((e) => e.ruleId))).toEqual(new Set(TENANT_BASELINE_RULES.map((r) => `TenantBaseline-${r.id}`).filter((id) => !deliveryOnly.includes(id))));
  });

  test('GIVEN an escape hatch that removes a log group key THEN the stock packs miss it and TenantBaseline reports it', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Network/FlowLog/LogGroup/Resource').addPropertyDeletionOverride('KmsKeyId');
    const stock = [new HIPAASecurityChecks(), new NIST80053R5Checks()].flatMap((p) => p.validateScope(app).violations.map((v) => v.ruleName));
    expect(stock).not.toContain('HIPAA.Security-CloudWatchLogGroupEncrypted');
    expect(findingsOf(app, 'LogGroupCmkFiniteRetention')).toEqual(['TenantBaseline-LogGroupCmkFiniteRetention[KmsKeyId::unset] @ Tenant-acme/Network/FlowLog/LogGroup/Resource']);
  });
});

describe('TenantVpcPlannedCidr', () => {
  test('GIVEN the shipped tenant THEN its VPC has the planned CIDR', () => shipped('TenantVpcPlannedCidr', () => tenantApp().app));

  test("GIVEN a VPC CIDR overridden to the neighbour's block THEN it is reported", () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Network/Vpc/Resource').addPropertyOverride('CidrBlock', '10.101.0.0/16');
    expect(findingsOf(app, 'TenantVpcPlannedCidr')).toEqual(['TenantBaseline-TenantVpcPlannedCidr[CidrBlock::10.101.0.0/16] @ Tenant-acme/Network/Vpc/Resource']);
  });

  test('GIVEN a secondary CIDR block THEN it is reported', () => {
    const { app, stack } = tenantApp();
    new ec2.CfnVPCCidrBlock(stack, 'Extra', { vpcId: stack.network.vpc.vpcId, cidrBlock: '10.102.0.0/16' });
    expect(findingsOf(app, 'TenantVpcPlannedCidr')).toEqual(['TenantBaseline-TenantVpcPlannedCidr[SecondaryCidr::10.102.0.0/16] @ Tenant-acme/Extra']);
  });
});

describe('NoCrossTenantRoute', () => {
  test('GIVEN the shipped tenant THEN every route goes to the internet or the control plane', () => shipped('NoCrossTenantRoute', () => tenantApp().app));

  test('GIVEN the hub route widened to 10.0.0.0/8 (every tenant) THEN it is reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Network/HubAttachment/Route0To0').addPropertyOverride('DestinationCidrBlock', '10.0.0.0/8');
    expect(findingsOf(app, 'NoCrossTenantRoute')).toEqual(['TenantBaseline-NoCrossTenantRoute[10.0.0.0/8::TransitGatewayId] @ Tenant-acme/Network/HubAttachment/Route0To0']);
  });

  test("GIVEN a route to a neighbour's VPC through a peering connection THEN both are reported", () => {
    const { app, stack } = tenantApp();
    const peering = new ec2.CfnVPCPeeringConnection(stack, 'Peering', { vpcId: stack.network.vpc.vpcId, peerVpcId: 'vpc-0123456789abcdef0' });
    new ec2.CfnRoute(stack, 'ToGlobex', { routeTableId: stack.network.vpc.privateSubnets[0].routeTable.routeTableId, destinationCidrBlock: '10.101.0.0/16', vpcPeeringConnectionId: peering.ref });
    expect(findingsOf(app, 'NoCrossTenantRoute').sort()).toEqual([
      'TenantBaseline-NoCrossTenantRoute[10.101.0.0/16::VpcPeeringConnectionId] @ Tenant-acme/ToGlobex',
      'TenantBaseline-NoCrossTenantRoute[VpcPeeringConnection] @ Tenant-acme/Peering',
    ]);
  });
});

describe('TransitGatewayOneWay', () => {
  test('GIVEN the shipped hub, control plane and tenant THEN routing is one-way', () =>
    shipped('TransitGatewayOneWay', () => {
      const { app } = tenantApp();
      new NetworkHubStack(app, 'NetworkHub');
      return app;
    }));

  test('GIVEN default route-table propagation switched on THEN the gateway is reported', () => {
    const app = testApp();
    new NetworkHubStack(app, 'NetworkHub');
    cfn(app, 'NetworkHub/Hub/TransitGateway').addPropertyOverride('DefaultRouteTablePropagation', 'enable');
    expect(findingsOf(app, 'TransitGatewayOneWay')).toEqual(['TenantBaseline-TransitGatewayOneWay[DefaultRouteTablePropagation] @ NetworkHub/Hub/TransitGateway']);
  });

  test("GIVEN a tenant attachment propagated into the tenants' table THEN it is reported", () => {
    const { app } = tenantApp();
    const association = cfn(app, 'Tenant-acme/Network/HubAttachment/Association') as ec2.CfnTransitGatewayRouteTableAssociation;
    cfn(app, 'Tenant-acme/Network/HubAttachment/Propagation').addPropertyOverride('TransitGatewayRouteTableId', association.transitGatewayRouteTableId);
    expect(findingsOf(app, 'TransitGatewayOneWay')).toEqual(['TenantBaseline-TransitGatewayOneWay[RouteTable::tenant] @ Tenant-acme/Network/HubAttachment/Propagation']);
  });

  test('GIVEN a static hub route written by a tenant stack THEN it is reported', () => {
    const { app, stack } = tenantApp();
    new ec2.CfnTransitGatewayRoute(stack, 'Sneaky', { transitGatewayRouteTableId: 'tgw-rtb-0123456789abcdef0', destinationCidrBlock: '10.101.0.0/16' });
    expect(findingsOf(app, 'TransitGatewayOneWay')).toEqual(['TenantBaseline-TransitGatewayOneWay @ Tenant-acme/Sneaky']);
  });
});

describe('NoInternetOrSshIngress', () => {
  test('GIVEN the shipped tenant THEN no group admits the internet or port 22 and no key pair exists', () => shipped('NoInternetOrSshIngress', () => tenantApp().app));

  test('GIVEN SSH from anywhere added to the runtime group THEN both problems are reported', () => {
    const { app, stack } = tenantApp();
    stack.network.runtimeSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'ssh');
    expect(findingsOf(app, 'NoInternetOrSshIngress')).toEqual([
      'TenantBaseline-NoInternetOrSshIngress[Internet::0.0.0.0/0:tcp:22] @ Tenant-acme/Network/RuntimeSecurityGroup/Resource',
      'TenantBaseline-NoInternetOrSshIngress[Port22::0.0.0.0/0:tcp:22] @ Tenant-acme/Network/RuntimeSecurityGroup/Resource',
    ]);
  });

  test('GIVEN a key pair set on the launch template by an override THEN it is reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Runtime/LaunchTemplate/Resource').addPropertyOverride('LaunchTemplateData.KeyName', 'ops');
    expect(findingsOf(app, 'NoInternetOrSshIngress')).toEqual(['TenantBaseline-NoInternetOrSshIngress[KeyName] @ Tenant-acme/Runtime/LaunchTemplate/Resource']);
  });
});

describe('TenantIngressControlPlaneOnly', () => {
  test('GIVEN the shipped tenant THEN ingress is 5678 from the control plane, 443 in the VPC, 5432 from own groups', () =>
    shipped('TenantIngressControlPlaneOnly', () => tenantApp().app));

  test('GIVEN the runtime port overridden to 8080 THEN it is reported', () => {
    const { app } = tenantApp();
    const sg = cfn(app, 'Tenant-acme/Network/RuntimeSecurityGroup/Resource');
    sg.addPropertyOverride('SecurityGroupIngress.0.FromPort', 8080);
    sg.addPropertyOverride('SecurityGroupIngress.0.ToPort', 8080);
    expect(findingsOf(app, 'TenantIngressControlPlaneOnly')).toEqual(['TenantBaseline-TenantIngressControlPlaneOnly[10.0.0.0/16:tcp:8080] @ Tenant-acme/Network/RuntimeSecurityGroup/Resource']);
  });

  test("GIVEN 5678 opened to another tenant's VPC THEN it is reported", () => {
    const { app, stack } = tenantApp();
    stack.network.runtimeSecurityGroup.addIngressRule(ec2.Peer.ipv4('10.101.0.0/16'), ec2.Port.tcp(5678), 'globex');
    expect(findingsOf(app, 'TenantIngressControlPlaneOnly')).toEqual(['TenantBaseline-TenantIngressControlPlaneOnly[10.101.0.0/16:tcp:5678] @ Tenant-acme/Network/RuntimeSecurityGroup/Resource']);
  });
});

describe('TenantEgressHttpsOnly', () => {
  test('GIVEN the shipped tenant THEN egress is 443, or 5432 to its own database', () => shipped('TenantEgressHttpsOnly', () => tenantApp().app));

  test("GIVEN the runtime group's egress rules removed (CloudFormation then allows all) THEN it is reported", () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Network/RuntimeSecurityGroup/Resource').addPropertyDeletionOverride('SecurityGroupEgress');
    expect(findingsOf(app, 'TenantEgressHttpsOnly')).toEqual(['TenantBaseline-TenantEgressHttpsOnly[DefaultAllowAllEgress] @ Tenant-acme/Network/RuntimeSecurityGroup/Resource']);
  });

  test('GIVEN plain HTTP out THEN it is reported', () => {
    const { app, stack } = tenantApp();
    stack.network.runtimeSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'http');
    expect(findingsOf(app, 'TenantEgressHttpsOnly')).toEqual(['TenantBaseline-TenantEgressHttpsOnly[0.0.0.0/0:tcp:80] @ Tenant-acme/Network/RuntimeSecurityGroup/Resource']);
  });
});
