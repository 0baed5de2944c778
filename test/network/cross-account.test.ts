/**
 * Tenants in other accounts (config/platform-cross-account.json): the hub shared through RAM with exactly their
 * accounts, their stacks attaching without routing themselves, the hub owner's acceptor, one account baseline per
 * account, and the gate failing each of these when an escape hatch breaks it.
 */
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { networkProofDefinition } from '../../lib/config/network-proof-plan';
import { loadPlatformConfig } from '../../lib/config/platform-config';
import { addControlPlane, addNetworkHub, addTenant, buildPlatform, PlatformStacks, platformPlacement } from '../../lib/platform';
import { REPO_ROOT, resourcesOfType, testApp } from '../helpers/app';

const CONFIG = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-cross-account.json'));
const HUB_ACCOUNT = '111111111111';
const SHARED_ARN = `arn:aws:ssm:eu-west-1:${HUB_ACCOUNT}:parameter${HUB_PARAMETERS.transitGatewayId}`;

function platform(): { app: App; stacks: PlatformStacks } {
  const app = testApp();
  return { app, stacks: buildPlatform(app, CONFIG) };
}

/**
 * Only the stacks a break touches, built as the platform builds them (the rules judge each template on its own, so
 * the other stacks would only cost time): the hub, the control plane, or the tenants.
 */
type Part = 'hub' | 'control-plane' | 'tenants';
function part(which: Part): { app: App; stacks: PlatformStacks } {
  const app = testApp();
  const placement = platformPlacement(CONFIG);
  if (which === 'hub') return { app, stacks: { networkHub: addNetworkHub(app, CONFIG, placement), tenants: [] } };
  if (which === 'control-plane') return { app, stacks: { controlPlane: addControlPlane(app, CONFIG, placement), tenants: [] } };
  return { app, stacks: { tenants: CONFIG.tenants.map((t) => addTenant(app, CONFIG, t, placement)) } };
}

/** The TenantBaseline pack's findings on the app, as `<finding> @ <construct path>`, for one rule. */
function findingsOf(app: App, rule: string): string[] {
  const pack = new TenantBaselineChecks(platformTopology(CONFIG));
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === `TenantBaseline-${rule}` && e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f.replace(/^TenantBaseline-[A-Za-z]+\[(.*)\]$/, '$1')} @ ${e.constructPath}`));
}

function resourceOf(stack: Stack, type: string): CfnResource {
  const found = stack.node.findAll().filter((n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === type);
  expect(found).toHaveLength(1);
  return found[0];
}

const placedIn = (stack: Stack) => Template.fromStack(stack).toJSON().Rules?.PlacedInAccount?.Assertions?.[0]?.Assert?.['Fn::Equals']?.[1];

describe('GIVEN tenants in two other accounts of the hub region', () => {
  // Read, never changed, by every test of this block.
  const { app, stacks } = platform();
  const hub = Template.fromStack(stacks.networkHub!);
  const tenant = (id: string) => stacks.tenants.find((t) => t.plan.id === id)!;

  test('THEN the hub shares its transit gateway and id parameter with exactly those accounts, inside the organization', () => {
    hub.resourceCountIs('AWS::RAM::ResourceShare', 1);
    hub.hasResourceProperties('AWS::RAM::ResourceShare', { AllowExternalPrincipals: false, Principals: ['222222222222', '333333333333'] });
    const share = Object.values(resourcesOfType(hub, 'AWS::RAM::ResourceShare'))[0];
    expect(share.Properties!.ResourceArns).toHaveLength(2);
    expect(share.Properties!.PermissionArns).toBeUndefined();
    hub.hasResourceProperties('AWS::SSM::Parameter', { Name: HUB_PARAMETERS.transitGatewayId, Tier: 'Advanced' });
    hub.hasResourceProperties('AWS::EC2::TransitGateway', { AutoAcceptSharedAttachments: 'disable' });
    hub.hasResourceProperties('AWS::SSM::Parameter', { Name: HUB_PARAMETERS.verificationRouteTableId });
    hub.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 3);
  });

  test('THEN a tenant in another account attaches by the shared ARN and neither associates nor propagates; the hub-account tenant still does', () => {
    for (const id of ['globex', 'initech']) {
      const t = Template.fromStack(tenant(id));
      expect(t.toJSON().Parameters.SharedHubTransitGatewayIdParameter).toEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: SHARED_ARN });
      t.hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', { TransitGatewayId: { Ref: 'SharedHubTransitGatewayIdParameter' } });
      t.resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 0);
      t.resourceCountIs('AWS::EC2::TransitGatewayRouteTablePropagation', 0);
    }
    expect(placedIn(tenant('globex'))).toBe('222222222222');
    expect(placedIn(tenant('initech'))).toBe('333333333333');
    expect(placedIn(tenant('acme'))).toBe(HUB_ACCOUNT);
    Template.fromStack(tenant('acme')).resourceCountIs('AWS::EC2::TransitGatewayRouteTableAssociation', 1);
  });

  test('THEN each other account gets its own account baseline (same stack name), proving only its own tenants', () => {
    expect([...stacks.tenantAccountBaselines!.keys()]).toEqual(['222222222222', '333333333333']);
    const definition = (s: Stack) => Object.values(resourcesOfType(Template.fromStack(s), 'AWS::StepFunctions::StateMachine'))[0].Properties!.DefinitionString;
    for (const [account, baseline] of stacks.tenantAccountBaselines!) {
      expect(baseline.stackName).toBe('AccountBaseline');
      expect(placedIn(baseline)).toBe(account);
    }
    expect(definition(stacks.tenantAccountBaselines!.get('222222222222')!)).toBe(JSON.stringify(networkProofDefinition(['globex'])));
    expect(definition(stacks.accountBaseline!)).toBe(JSON.stringify(networkProofDefinition(['acme'])));
    expect(tenant('globex').dependencies).toContain(stacks.tenantAccountBaselines!.get('222222222222'));
  });

  test('THEN the control plane holds the acceptor: planned accounts and CIDRs, a five-minute schedule, an alarm to the high tier', () => {
    const cp = Template.fromStack(stacks.controlPlane!);
    cp.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PLANNED_ATTACHMENTS: '222222222222=1,333333333333=2' }) } });
    cp.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    cp.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'tenant-baseline-TransitGatewayAttachmentRefused', Namespace: 'tenant-baseline/Network', Statistic: 'Maximum', TreatMissingData: 'missing' });
  });

  test("THEN a tenant's export function in another account admits the control plane's account, which calls it by ARN; a hub-account tenant's admits nobody", () => {
    const permissions = (id: string) => Object.values(resourcesOfType(Template.fromStack(tenant(id)), 'AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties!.FunctionName).includes('DataExport'));
    expect(permissions('globex').map((p) => p.Properties)).toEqual([{ Action: 'lambda:InvokeFunction', FunctionName: expect.anything(), Principal: HUB_ACCOUNT }]);
    expect(permissions('acme')).toEqual([]);
    const cp = Template.fromStack(stacks.controlPlane!).toJSON();
    const gdpr = Object.values(cp.Resources as Record<string, any>).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.TENANT_EXPORT_ACCOUNTS);
    // Positions in TENANT_IDS (acme, globex, initech): compact, so the environment stays within Lambda's 4 KB.
    expect(gdpr.Properties.Environment.Variables.TENANT_IDS).toBe('acme,globex,initech');
    expect(gdpr.Properties.Environment.Variables.TENANT_EXPORT_ACCOUNTS).toBe('222222222222=1,333333333333=2');
  });

  test('THEN the TenantBaseline pack finds nothing on the whole cross-account platform', () => {
    const pack = new TenantBaselineChecks(platformTopology(CONFIG));
    const report = pack.validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    const judged = (rule: string) => pack.evaluations.filter((e) => e.ruleId === `TenantBaseline-${rule}` && e.status === 'compliant').length;
    expect(judged('HubShareAsPlanned')).toBe(1);
    expect(judged('AttachmentAcceptorAsPlanned')).toBe(2);
  });
});

describe('GIVEN an escape hatch that breaks a cross-account property THEN the gate fails', () => {
  const cases: [string, string, Part, (s: PlatformStacks) => void, RegExp][] = [
    ['the share admits principals outside the organization', 'HubShareAsPlanned', 'hub', (s) => resourceOf(s.networkHub!, 'AWS::RAM::ResourceShare').addPropertyOverride('AllowExternalPrincipals', true), /^AllowExternalPrincipals::true @ NetworkHub/],
    ['the share names another account', 'HubShareAsPlanned', 'hub', (s) => resourceOf(s.networkHub!, 'AWS::RAM::ResourceShare').addPropertyOverride('Principals.1', '444444444444'), /^Principal::444444444444 @ /],
    ['the share hands out something else', 'HubShareAsPlanned', 'hub', (s) => resourceOf(s.networkHub!, 'AWS::RAM::ResourceShare').addPropertyOverride('ResourceArns.1', 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-1'), /^Resource::arn:aws:ec2:eu-west-1:111111111111:subnet\/subnet-1 @ /],
    ['a tenant stack holds a share', 'HubShareAsPlanned', 'tenants', (s) => new CfnResource(s.tenants[1], 'Rogue', { type: 'AWS::RAM::ResourceShare', properties: { Name: 'x', AllowExternalPrincipals: false, Principals: ['444444444444'] } }), /^Unplanned::tenant @ Tenant-globex\/Rogue/],
    ['the acceptor admits a CIDR no tenant of that account has', 'AttachmentAcceptorAsPlanned', 'control-plane', (s) => acceptorFunction(s).addPropertyOverride('Environment.Variables.PLANNED_ATTACHMENTS', '222222222222=1.7,333333333333=2'), /^PlannedAttachments::222222222222=1.7,333333333333=2 @ /],
    ['the acceptor reads the control-plane table as the tenant table', 'AttachmentAcceptorAsPlanned', 'control-plane', (s) => acceptorFunction(s).addPropertyOverride('Environment.Variables.TENANT_ROUTE_TABLE_ID', acceptorEnv(s).CONTROL_PLANE_ROUTE_TABLE_ID), /^TENANT_ROUTE_TABLE_ID::/],
    ['the acceptor may associate with any table', 'AttachmentAcceptorAsPlanned', 'control-plane', (s) => acceptorPolicy(s).addPropertyOverride('PolicyDocument.Statement.6.Resource', '*'), /^AssociateWithTenantTable::Resource::other:\* @ /],
    ['another role may propagate into hub tables', 'AttachmentAcceptorAsPlanned', 'tenants', (s) => new CfnResource(s.tenants[0], 'RoguePolicy', { type: 'AWS::IAM::ManagedPolicy', properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Enable*', Resource: '*' }] } } }), /^Unplanned::no-sid::ec2:EnableTransitGatewayRouteTablePropagation @ Tenant-acme\/RoguePolicy/],
    ['the export function admits another account', 'DataExportAsPlanned', 'tenants', (s) => exportPermission(s.tenants[1]).addPropertyOverride('Principal', '444444444444'), /^InvokePermission::Principal::444444444444 @ Tenant-globex/],
    ["a hub-account tenant's export admits another account", 'DataExportAsPlanned', 'tenants', (s) => new CfnResource(s.tenants[0], 'RoguePermission', { type: 'AWS::Lambda::Permission', properties: { Action: 'lambda:InvokeFunction', FunctionName: 'tenant-baseline-acme-export', Principal: '444444444444' } }), /^InvokePermission::444444444444::no-other-account-invokes-this-export @ Tenant-acme\/RoguePermission/],
    ['a cross-account tenant associates by itself', 'TransitGatewayOneWay', 'tenants', (s) => new CfnResource(s.tenants[1], 'RogueAssociation', { type: 'AWS::EC2::TransitGatewayRouteTableAssociation', properties: { TransitGatewayAttachmentId: 'tgw-attach-1', TransitGatewayRouteTableId: 'tgw-rtb-1' } }), /^CrossAccount::routed-by-the-hub-owner @ Tenant-globex\/RogueAssociation/],
    ['a cross-account tenant attaches to another transit gateway', 'TransitGatewayOneWay', 'tenants', (s) => resourceOf(s.tenants[1], 'AWS::EC2::TransitGatewayVpcAttachment').addPropertyOverride('TransitGatewayId', 'tgw-0123456789abcdef0'), /^TransitGateway::tgw-0123456789abcdef0 @ Tenant-globex/],
  ];

  test.each(cases)('%s (%s)', (_what, rule, which, breakIt, expected) => {
    // Unbroken, the whole platform has no finding (the test above); a fresh app with only the stacks the break
    // touches, since judging synthesizes it.
    const { app, stacks } = part(which);
    breakIt(stacks);
    const found = findingsOf(app, rule);
    expect(found.filter((f) => expected.test(f))).toEqual([expect.stringMatching(expected)]);
  });
});

function acceptorFunction(s: PlatformStacks): CfnResource {
  return s.controlPlane!.attachmentAcceptor!.acceptor.function.node.defaultChild as CfnResource;
}
function acceptorEnv(s: PlatformStacks): Record<string, unknown> {
  return (Template.fromStack(s.controlPlane!).toJSON().Resources[Stack.of(s.controlPlane!).getLogicalId(acceptorFunction(s))].Properties.Environment.Variables) as Record<string, unknown>;
}
function acceptorPolicy(s: PlatformStacks): CfnResource {
  return s.controlPlane!.attachmentAcceptor!.acceptor.policy.node.defaultChild as CfnResource;
}
function exportPermission(stack: Stack): CfnResource {
  return stack.node.findAll().find((n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::Lambda::Permission' && n.node.path.includes('DataExport'))!;
}
