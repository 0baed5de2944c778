/**
 * A platform in two regions (config/platform-multi-region.json): each region an island with its own account baseline
 * (no second trail), hub and control plane, its tenants attached only to its own hub, and the gate judging each
 * region's stacks against that region's plan: a stack of one region judged against another's, a stack of no region of
 * the plan, or a tenant attached to another region's hub, fails it.
 */
import { join } from 'node:path';
import { App, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { GATE_ERRORS, TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { judgeTemplates } from '../../lib/compliance/gate/judge';
import { StackTemplate } from '../../lib/compliance/rules';
import { platformTopology } from '../../lib/compliance/topology';
import { loadPlatformConfig, regionalConfig } from '../../lib/config/platform-config';
import { addNetworkHub, addTenant, buildPlatform, PlatformStacks } from '../../lib/platform';
import { REPO_ROOT, resourcesOfType, testApp } from '../helpers/app';

const CONFIG = loadPlatformConfig(join(REPO_ROOT, 'config', 'platform-multi-region.json'));
const HOME = 'eu-west-1';
const OTHER = 'us-east-1';
const ARN_IN = (region: string) => `arn:aws:ssm:${region}:111111111111:parameter${HUB_PARAMETERS.transitGatewayId}`;

function platform(): { app: App; stacks: PlatformStacks; other: PlatformStacks } {
  const app = testApp();
  const stacks = buildPlatform(app, CONFIG);
  return { app, stacks, other: stacks.otherRegions!.get(OTHER)! };
}

/** The pack's findings and gate errors on the app, judged against the whole two-region plan. */
function judge(app: App): { findings: string[]; errors: string[] } {
  const pack = new TenantBaselineChecks(platformTopology(CONFIG));
  const report = pack.validateScope(app);
  const findings = pack.evaluations.filter((e) => e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath}`));
  const errors = report.violations.filter((v) => v.ruleName.includes('GateError')).map((v) => `${v.ruleName}: ${v.description}`);
  return { findings, errors };
}

function resourceOf(stack: Stack, type: string): CfnResource {
  const found = stack.node.findAll().filter((n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === type);
  expect(found).toHaveLength(1);
  return found[0];
}

const tenantIdsOf = (stack: Stack) =>
  [...new Set(Object.values(resourcesOfType(Template.fromStack(stack), 'AWS::Lambda::Function')).map((f) => f.Properties!.Environment?.Variables?.TENANT_IDS).filter((v) => v !== undefined))];

// The unbroken two-region platform, read (never changed) by the tests below that do not break it.
const SHIPPED = platform();

describe('GIVEN a platform in a home and an additional region', () => {
  const { app, stacks, other } = SHIPPED;
  const tenant = (s: PlatformStacks, id: string) => s.tenants.find((t) => t.plan.id === id)!;

  test('THEN the home region keeps its stack names and ids, and the additional region has the same stack names in its own region', () => {
    expect([stacks.accountBaseline!, stacks.networkHub!, stacks.controlPlane!].map((s) => [s.node.id, s.stackName, s.region])).toEqual([
      ['AccountBaseline', 'AccountBaseline', HOME],
      ['NetworkHub', 'NetworkHub', HOME],
      ['ControlPlane', 'ControlPlane', HOME],
    ]);
    expect([other.accountBaseline!, other.networkHub!, other.controlPlane!].map((s) => [s.node.id, s.stackName, s.region])).toEqual([
      [`AccountBaseline-${OTHER}`, 'AccountBaseline', OTHER],
      [`NetworkHub-${OTHER}`, 'NetworkHub', OTHER],
      [`ControlPlane-${OTHER}`, 'ControlPlane', OTHER],
    ]);
    expect(stacks.tenants.map((t) => [t.stackName, t.region])).toEqual([['Tenant-acme', HOME]]);
    expect(other.tenants.map((t) => [t.stackName, t.region])).toEqual([['Tenant-globex', OTHER], ['Tenant-initech', OTHER]]);
    expect([...other.tenantAccountBaselines!].map(([account, s]) => [account, s.node.id, s.region])).toEqual([['222222222222', `AccountBaseline-222222222222-${OTHER}`, OTHER]]);
  });

  test("THEN only the home region's account baseline holds the multi-region trail and the CIS alarms; each region has its own detection and hook", () => {
    const home = Template.fromStack(stacks.accountBaseline!);
    home.resourceCountIs('AWS::CloudTrail::Trail', 1);
    home.hasResourceProperties('AWS::CloudTrail::Trail', { IsMultiRegionTrail: true });
    for (const baseline of [other.accountBaseline!, other.tenantAccountBaselines!.get('222222222222')!]) {
      const t = Template.fromStack(baseline);
      t.resourceCountIs('AWS::CloudTrail::Trail', 0);
      t.resourceCountIs('AWS::Logs::MetricFilter', 0);
      for (const type of ['AWS::GuardDuty::Detector', 'AWS::Config::ConfigurationRecorder', 'AWS::CloudFormation::LambdaHook', 'AWS::SecurityHub::Hub']) {
        t.resourceCountIs(type, 1);
      }
      t.resourceCountIs('AWS::SNS::Topic', 4);
      t.hasResourceProperties('AWS::S3::Bucket', { ObjectLockEnabled: true });
    }
  });

  test("THEN each hub is shared only with its own region's other accounts, and each control plane serves only its own region's tenants", () => {
    Template.fromStack(stacks.networkHub!).resourceCountIs('AWS::RAM::ResourceShare', 0);
    Template.fromStack(other.networkHub!).hasResourceProperties('AWS::RAM::ResourceShare', { Principals: ['222222222222'], AllowExternalPrincipals: false });
    expect(tenantIdsOf(stacks.controlPlane!)).toEqual(['acme']);
    expect(tenantIdsOf(other.controlPlane!)).toEqual(['globex,initech']);
    expect(stacks.controlPlane!.attachmentAcceptor).toBeUndefined();
    Template.fromStack(other.controlPlane!).hasResourceProperties('AWS::IAM::Role', { RoleName: `tenant-baseline-attachment-acceptor-${OTHER}` });
  });

  test("THEN a tenant in the additional region attaches to that region's hub only: by name in its own region, or by the ARN of that region's shared parameter", () => {
    const globex = Template.fromStack(tenant(other, 'globex')).toJSON();
    expect(JSON.stringify(globex)).not.toContain(HOME);
    expect(Template.fromStack(tenant(other, 'initech')).toJSON().Parameters.SharedHubTransitGatewayIdParameter.Default).toBe(ARN_IN(OTHER));
    expect(tenant(other, 'globex').dependencies).toContain(other.networkHub);
    expect(tenant(other, 'globex').dependencies).not.toContain(stacks.networkHub);
  });

  test('THEN the TenantBaseline pack finds nothing in either region, and judges each region against its own plan', () => {
    expect(judge(app)).toEqual({ findings: [], errors: [] });
  });

  test("THEN each region's deploy-time hook bundles that region's plan, so it refuses a stack of another region", () => {
    expect(stacks.accountBaseline!.deployTimeGate!.plan).toEqual(regionalConfig(CONFIG, HOME));
    expect(other.accountBaseline!.deployTimeGate!.plan).toEqual(regionalConfig(CONFIG, OTHER));
    expect(other.tenantAccountBaselines!.get('222222222222')!.deployTimeGate!.plan).toEqual(regionalConfig(CONFIG, OTHER));
  });
});

describe('GIVEN an escape hatch that breaks a region THEN the gate fails', () => {
  const cases: [string, (s: PlatformStacks, other: PlatformStacks) => void, RegExp][] = [
    [
      "a cross-account tenant of the additional region reads the home region's hub",
      (_s, o) => {
        const parameters = o.tenants[1].node.findAll().filter((n): n is CfnParameter => n instanceof CfnParameter && n.default === ARN_IN(OTHER));
        expect(parameters).toHaveLength(1);
        parameters[0].default = ARN_IN(HOME);
      },
      /^TenantBaseline-TransitGatewayOneWay\[TransitGateway::.*\] @ Tenant-initech\//,
    ],
    [
      "a tenant of the additional region attaches to the home region's hub by ARN",
      (_s, o) => resourceOf(o.tenants[0], 'AWS::EC2::TransitGatewayVpcAttachment').addPropertyOverride('TransitGatewayId', `{{resolve:ssm:${ARN_IN(HOME)}}}`),
      /^TenantBaseline-TransitGatewayOneWay\[TransitGateway::.*\] @ Tenant-globex\//,
    ],
    [
      "the additional region's baseline holds a second trail",
      (_s, o) => new CfnResource(o.accountBaseline!, 'SecondTrail', { type: 'AWS::CloudTrail::Trail', properties: { IsLogging: true, S3BucketName: 'x', IsMultiRegionTrail: true } }),
      /^TenantBaseline-ResourceTypesAsPlanned\[Unplanned::AWS::CloudTrail::Trail::home-region-only\] @ AccountBaseline-us-east-1\/SecondTrail/,
    ],
    [
      "the additional region's baseline loses its deploy-time hook",
      (_s, o) => o.accountBaseline!.deployTimeGate!.node.tryRemoveChild('Hook'),
      /^TenantBaseline-DeployTimeGateAsPlanned\[LambdaHooks::0::planned-1\] @ AccountBaseline-us-east-1\//,
    ],
    [
      "the additional region's baseline loses its network proofs",
      (_s, o) => o.accountBaseline!.node.tryRemoveChild('NetworkProofs'),
      /^TenantBaseline-NetworkProofsAsPlanned\[Runner::0::planned-1\] @ AccountBaseline-us-east-1\//,
    ],
    [
      "the additional region's control plane serves a tenant of the home region",
      (_s, o) => {
        const fn = o.controlPlane!.node.findAll().find((n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::Lambda::Function' && JSON.stringify(o.controlPlane!.resolve((n as any)._cfnProperties)).includes('TENANT_IDS'))!;
        fn.addPropertyOverride('Environment.Variables.TENANT_IDS', 'acme,globex,initech');
      },
      /^TenantBaseline-ControlPlaneTenantsAsPlanned\[TenantIds::acme,globex,initech::planned-globex,initech\] @ ControlPlane-us-east-1\//,
    ],
  ];

  test.each(cases)('%s', (_what, breakIt, expected) => {
    const { app, stacks, other } = platform();
    breakIt(stacks, other);
    const { findings } = judge(app);
    expect(findings.filter((f) => expected.test(f))).toEqual([expect.stringMatching(expected)]);
  });
});

describe("GIVEN a stack of one region judged against another region's plan THEN it is a finding, never skipped", () => {
  test("WHEN a tenant of the additional region is built into the home region THEN the gate reports it as not in the home region's plan", () => {
    const app = testApp();
    const view = regionalConfig(CONFIG, OTHER);
    addTenant(app, view, view.tenants[0], { env: { region: HOME } });
    expect(judge(app).errors).toEqual([`${GATE_ERRORS.stackNotInPlan}: Tenant-globex (${HOME}): is a tenant stack, but the platform plan has it as other: check its name against the configuration`]);
  });

  test('WHEN a stack is in a region of no plan THEN the gate reports the region', () => {
    const app = testApp();
    addNetworkHub(app, regionalConfig(CONFIG, OTHER), { env: { region: 'ap-southeast-2' } });
    expect(judge(app).errors).toEqual([`${GATE_ERRORS.regionNotInPlan}: NetworkHub: is in region ap-southeast-2, which is no region of the platform plan (${HOME}, ${OTHER})`]);
  });

  test("WHEN the additional region's templates are judged against the home region's plan THEN they have findings", () => {
    const { app, other } = SHIPPED;
    app.synth();
    const templateOf = (s: Stack) => ({ stackName: s.stackName, template: Template.fromStack(s).toJSON() as StackTemplate });
    const againstHome = judgeTemplates([other.networkHub!, other.controlPlane!, other.accountBaseline!].map(templateOf), platformTopology(regionalConfig(CONFIG, HOME)));
    expect(againstHome.some((f) => f.startsWith('NetworkHub/') && f.includes('HubShareAsPlanned'))).toBe(true);
    expect(againstHome.some((f) => f.startsWith('ControlPlane/') && f.includes('ControlPlaneTenantsAsPlanned'))).toBe(true);
    expect(againstHome.some((f) => f.startsWith('AccountBaseline/') && f.includes('NetworkProofsAsPlanned'))).toBe(true);
    const againstOwn = judgeTemplates([other.networkHub!, other.controlPlane!, other.accountBaseline!].map(templateOf), platformTopology(regionalConfig(CONFIG, OTHER)));
    expect(againstOwn).toEqual([]);
  });
});
