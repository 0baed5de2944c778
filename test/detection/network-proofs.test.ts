/**
 * The network proofs (lib/config/network-proof-plan.ts): each tenant's ingress scope and the account's runner as
 * built, NetworkProofsAsPlanned against breaks made through escape hatches, and the runner's definition executed with
 * the real JSONata engine against a fake Network Access Analyzer (test/helpers/step-functions.ts).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { NETWORK_PROOF_RUNNER, NETWORK_PROOF_TAG, networkProofDefinition, networkProofSchedule } from '../../lib/config/network-proof-plan';
import { PlatformConfigError, TENANT_SUBNETS, validatePlatformConfig } from '../../lib/config/platform-config';
import { TAG_KEYS } from '../../lib/naming';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp } from '../helpers/app';
import { PACK } from '../helpers/pack';
import { runStateMachine } from '../helpers/step-functions';

const RULE = 'TenantBaseline-NetworkProofsAsPlanned';

/** The account baseline and a tenant stack, or only one of them (a case that breaks one needs only that one). */
function platform(networkProofs = true, only?: 'baseline' | 'tenant'): { app: App; baseline: AccountBaselineStack; tenant: TenantStack } {
  const app = testApp();
  const baseline = only === 'tenant' ? undefined : new AccountBaselineStack(app, 'AccountBaseline', { baseline: { ...PACK.CONFIG.accountBaseline, ...(networkProofs ? {} : { networkProofs: false }) }, deployTimeGate: PACK.CONFIG });
  const tenant = only === 'baseline' ? undefined : new TenantStack(app, 'Tenant-acme', { tenant: PACK.ACME, controlPlane: PACK.CONFIG.controlPlane, sidecar: PACK.CONFIG.sidecar, networkProofs });
  return { app, baseline: baseline!, tenant: tenant! };
}

/** The rule's findings, judged before synthesis (the scope carries its own tags; no aspect is needed). */
function findings(app: App, topology = PACK.TOPOLOGY): string[] {
  const pack = new TenantBaselineChecks(topology);
  pack.validateScope(app);
  return pack.evaluations.filter((e) => e.ruleId === RULE && e.status !== 'compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.resourceType}`));
}

const SHIPPED = platform();
const TENANT = Template.fromStack(SHIPPED.tenant).toJSON();
const BASELINE = Template.fromStack(SHIPPED.baseline).toJSON();
const ofType = (template: any, type: string) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);

describe('the ingress scope', () => {
  test('GIVEN a tenant stack THEN one scope: every path into its VPC, except from itself and the control plane on TCP 5678 to the runtime subnets through the hub', () => {
    const [[, scope]] = ofType(TENANT, 'AWS::EC2::NetworkInsightsAccessScope');
    const [[vpc]] = ofType(TENANT, 'AWS::EC2::VPC');
    const runtime = ofType(TENANT, 'AWS::EC2::Subnet').filter(([, s]) => s.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-name' && t.Value === TENANT_SUBNETS.runtime)).map(([id]) => ({ Ref: id }));
    expect(runtime).toHaveLength(2);
    expect(scope.Properties.MatchPaths).toEqual([{ Destination: { ResourceStatement: { Resources: [{ Ref: vpc }] } } }]);
    expect(scope.Properties.ExcludePaths).toEqual([
      { Source: { ResourceStatement: { Resources: [{ Ref: vpc }] } } },
      {
        Source: { PacketHeaderStatement: { SourceAddresses: [PACK.CONFIG.controlPlane.cidr] } },
        Destination: { ResourceStatement: { Resources: runtime }, PacketHeaderStatement: { Protocols: ['tcp'], DestinationPorts: ['5678'] } },
        ThroughResources: [{ ResourceStatement: { ResourceTypes: ['AWS::EC2::TransitGatewayAttachment'] } }],
      },
    ]);
    expect(scope.Properties.Tags).toEqual(expect.arrayContaining([{ Key: NETWORK_PROOF_TAG.key, Value: NETWORK_PROOF_TAG.value }, { Key: TAG_KEYS.tenant, Value: 'acme' }, { Key: TAG_KEYS.protection, Value: 'true' }]));
  });

  test('GIVEN the shipped stacks THEN NetworkProofsAsPlanned finds nothing, and judged the scope, the runner and both presences', () => {
    expect(findings(SHIPPED.app)).toEqual([]);
    const pack = new TenantBaselineChecks(PACK.TOPOLOGY);
    pack.validateScope(SHIPPED.app);
    expect(pack.evaluations.filter((e) => e.ruleId === RULE && e.status === 'compliant').map((e) => e.resourceType).sort()).toEqual(['AWS::CloudTrail::Trail', 'AWS::EC2::NetworkInsightsAccessScope', 'AWS::EC2::VPC', 'AWS::StepFunctions::StateMachine']);
  });

  test('GIVEN a scope widened or retagged through escape hatches THEN each is a finding', () => {
    const cases: [string, (scope: ec2.CfnNetworkInsightsAccessScope) => void, string][] = [
      ['any port from the control plane', (s) => s.addPropertyOverride('ExcludePaths.1.Destination.PacketHeaderStatement.DestinationPorts', ['0-65535']), 'ExcludePaths'],
      ['any destination for the control plane', (s) => s.addPropertyOverride('ExcludePaths.1.Destination.ResourceStatement', undefined), 'ExcludePaths'],
      ['the internet excluded', (s) => s.addPropertyOverride('ExcludePaths.2', { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } }), 'ExcludePaths'],
      ['only the runtime subnets watched', (s) => s.addPropertyOverride('MatchPaths.0.Destination.ResourceStatement.Resources', ['subnet-0123']), 'MatchPaths'],
      ['the runner tag removed', (s) => s.addPropertyOverride('Tags', [{ Key: TAG_KEYS.tenant, Value: 'acme' }]), 'Tags'],
    ];
    for (const [, breakIt, property] of cases) {
      const { app, tenant } = platform(true, 'tenant');
      breakIt(tenant.ingressScope!.scope);
      expect(findings(app)).toEqual([expect.stringMatching(new RegExp(`^${RULE}\\[${property}::.* @ AWS::EC2::NetworkInsightsAccessScope$`))]);
    }
  });

  test('GIVEN a scope removed, or one added outside a tenant stack THEN findings', () => {
    const removed = platform(true, 'tenant');
    removed.tenant.ingressScope!.node.tryRemoveChild('Scope');
    expect(findings(removed.app)).toEqual([`${RULE}[IngressScope::0::planned-1] @ AWS::EC2::VPC`]);
    const elsewhere = platform();
    new ec2.CfnNetworkInsightsAccessScope(elsewhere.baseline, 'Mine', { matchPaths: [] });
    expect(findings(elsewhere.app)).toEqual([`${RULE}[Unplanned::outside-tenant-stack] @ AWS::EC2::NetworkInsightsAccessScope`]);
  });
});

describe('the runner', () => {
  test('GIVEN the account baseline THEN the planned definition for the configured tenants, logged and traced, on the configured schedule, its failures to the security topic', () => {
    const [[id, machine]] = ofType(BASELINE, 'AWS::StepFunctions::StateMachine');
    expect(machine.Properties.StateMachineName).toBe(NETWORK_PROOF_RUNNER.name);
    expect(JSON.parse(machine.Properties.DefinitionString)).toEqual(networkProofDefinition(PACK.CONFIG.tenants.map((t) => t.id)));
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    const rules = ofType(BASELINE, 'AWS::Events::Rule').map(([, r]) => r.Properties).filter((r) => JSON.stringify(r.Targets).includes(id) || JSON.stringify(r.EventPattern ?? {}).includes(id));
    expect(rules.map((r) => r.ScheduleExpression ?? r.EventPattern.detail.status)).toEqual(['rate(1 day)', ['FAILED', 'TIMED_OUT', 'ABORTED']]);
  });

  test('GIVEN the runner broken through escape hatches THEN each is a finding', () => {
    const cases: [string, (b: AccountBaselineStack) => void, string][] = [
      ['another definition', (b) => (b.networkProofs!.stateMachine.node.defaultChild as any).addPropertyOverride('DefinitionString', '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}'), 'Definition::not-the-planned-definition'],
      ['errors only', (b) => (b.networkProofs!.stateMachine.node.defaultChild as any).addPropertyOverride('LoggingConfiguration.Level', 'ERROR'), 'LoggingConfiguration::'],
      ['schedule off', (b) => (b.networkProofs!.schedule.node.defaultChild as any).addPropertyOverride('State', 'DISABLED'), 'Schedule::not-rate(1 day)'],
      ['weekly', (b) => (b.networkProofs!.schedule.node.defaultChild as any).addPropertyOverride('ScheduleExpression', 'rate(7 days)'), 'Schedule::not-rate(1 day)'],
      ['only failures', (b) => (b.networkProofs!.routing.node.defaultChild as any).addPropertyOverride('EventPattern.detail.status', ['TIMED_OUT']), 'Failures::not-routed-to-security-topic'],
      ['a change among the reads', (b) => (b.networkProofs!.node.findChild('Policy').node.defaultChild as any).addPropertyOverride('PolicyDocument.Statement.0.Action.3', 'ec2:DeleteVpc'), 'RolePolicy::'],
      ['starting on anything', (b) => (b.networkProofs!.node.findChild('Policy').node.defaultChild as any).addPropertyOverride('PolicyDocument.Statement.1.Resource', '*'), 'RolePolicy::'],
      ['another trusted principal', (b) => (b.networkProofs!.node.findChild('Role').node.defaultChild as any).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Principal.AWS', 'arn:aws:iam::222222222222:root'), 'RoleTrust::'],
      ['an AWS managed policy', (b) => (b.networkProofs!.node.findChild('Role').node.defaultChild as any).addPropertyOverride('ManagedPolicyArns', ['arn:aws:iam::aws:policy/AdministratorAccess']), 'ManagedPolicyArns::'],
    ];
    for (const [, breakIt, finding] of cases) {
      const { app, baseline } = platform(true, 'baseline');
      breakIt(baseline);
      expect(findings(app)).toEqual([expect.stringContaining(`${RULE}[${finding}`)]);
    }
  });

  test('GIVEN a platform placed in an account and region THEN the ARNs the runner may start analyses on are literal and still planned', () => {
    const placement = { account: '111111111111', region: 'us-east-1' };
    const placed = validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), placement });
    const app = testApp();
    new AccountBaselineStack(app, 'AccountBaseline', { env: placement, baseline: placed.accountBaseline, deployTimeGate: placed });
    const policy = ofType(Template.fromStack(app.node.findChild('AccountBaseline') as AccountBaselineStack).toJSON(), 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('NetworkProofsPolicy'))![1];
    expect(JSON.stringify(policy.Properties.PolicyDocument.Statement[1].Resource)).toContain('arn:aws:ec2:us-east-1:111111111111:network-insights-access-scope/*');
    expect(findings(app, platformTopology(placed))).toEqual([]);
  });

  test('GIVEN a tenant added to the configuration but not to the runner THEN its definition is not the planned one', () => {
    const more = validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), tenants: [...PACK.CONFIG.tenants, { id: 'umbrella', number: 42 }] });
    expect(findings(SHIPPED.app, platformTopology(more))).toContain(`${RULE}[Definition::not-the-planned-definition] @ AWS::StepFunctions::StateMachine`);
  });

  test('GIVEN network proofs off THEN nothing is built or expected; built while planned off THEN findings', () => {
    const offTopology = platformTopology(validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), accountBaseline: { ...PACK.CONFIG.accountBaseline, networkProofs: false } }));
    const off = platform(false);
    expect(off.baseline.networkProofs).toBeUndefined();
    expect(off.tenant.ingressScope).toBeUndefined();
    expect(findings(off.app, offTopology)).toEqual([]);
    expect(findings(SHIPPED.app, offTopology).sort()).toEqual([
      `${RULE}[IngressScope::1::planned-0] @ AWS::EC2::VPC`,
      `${RULE}[Runner::1::planned-0] @ AWS::CloudTrail::Trail`,
      `${RULE}[Unplanned::${NETWORK_PROOF_RUNNER.name}] @ AWS::StepFunctions::StateMachine`,
    ]);
    expect(findings(off.app).sort()).toEqual([`${RULE}[IngressScope::0::planned-1] @ AWS::EC2::VPC`, `${RULE}[Runner::0::planned-1] @ AWS::CloudTrail::Trail`]);
  });
});

describe('the configuration', () => {
  const withProofs = (networkProofs: unknown) => () => validatePlatformConfig({ ...JSON.parse(JSON.stringify(PACK.CONFIG)), accountBaseline: { ...PACK.CONFIG.accountBaseline, networkProofs } });
  test('GIVEN true, false or an interval THEN accepted; the schedule renders as EventBridge writes it', () => {
    expect(withProofs(true)().accountBaseline.networkProofs).toEqual({ intervalHours: 24 });
    expect(withProofs(false)().accountBaseline.networkProofs).toBe(false);
    expect(withProofs({ intervalHours: 6 })().accountBaseline.networkProofs).toEqual({ intervalHours: 6 });
    expect([1, 6, 24, 48, 168, 25].map(networkProofSchedule)).toEqual(['rate(1 hour)', 'rate(6 hours)', 'rate(1 day)', 'rate(2 days)', 'rate(7 days)', 'rate(25 hours)']);
  });
  test.each([
    [{ intervalHours: 0 }, 'accountBaseline.networkProofs.intervalHours'],
    [{ intervalHours: 169 }, 'accountBaseline.networkProofs.intervalHours'],
    [{ intervalHours: 1.5 }, 'accountBaseline.networkProofs.intervalHours'],
    [{ every: 6 }, 'accountBaseline.networkProofs.every'],
    ['daily', 'accountBaseline.networkProofs'],
  ])('GIVEN networkProofs %j THEN a named error for %s', (value, field) => {
    expect(withProofs(value)).toThrow(PlatformConfigError);
    expect(withProofs(value)).toThrow(field);
  });
});

describe('the runner definition, executed (real JSONata, fake Network Access Analyzer)', () => {
  const TAGS = (tenant: string) => [{ Key: NETWORK_PROOF_TAG.key, Value: NETWORK_PROOF_TAG.value }, { Key: TAG_KEYS.tenant, Value: tenant }];
  const DEFINITION = networkProofDefinition(['acme', 'globex']);

  /** A fake EC2 endpoint: scopes over `pages`, and per scope the analysis states it answers in turn. */
  function fakeEc2(pages: any[][], analyses: Record<string, { Status: string; FindingsFound?: string }[]>) {
    return (resource: string, args: any) => {
      const api = resource.split(':').pop();
      if (api === 'describeNetworkInsightsAccessScopes') {
        const page = args.NextToken === undefined ? 0 : Number(args.NextToken);
        return { NetworkInsightsAccessScopes: pages[page], ...(page + 1 < pages.length ? { NextToken: String(page + 1) } : {}) };
      }
      if (api === 'startNetworkInsightsAccessScopeAnalysis') {
        return { NetworkInsightsAccessScopeAnalysis: { NetworkInsightsAccessScopeAnalysisId: `nisa-${args.NetworkInsightsAccessScopeId}`, Status: 'running' } };
      }
      if (api === 'describeNetworkInsightsAccessScopeAnalyses') {
        const scope = args.NetworkInsightsAccessScopeAnalysisIds[0].slice('nisa-'.length);
        return { NetworkInsightsAccessScopeAnalyses: [analyses[scope].length > 1 ? analyses[scope].shift() : analyses[scope][0]] };
      }
      throw new Error(`unexpected call ${resource}`);
    };
  }

  test('GIVEN every planned tenant proved over two pages, one after polling THEN the run succeeds; other scopes are not analysed', async () => {
    const pages = [
      [{ NetworkInsightsAccessScopeId: 'nis-a', Tags: TAGS('acme') }, { NetworkInsightsAccessScopeId: 'nis-other', Tags: [{ Key: 'team', Value: 'x' }] }],
      [{ NetworkInsightsAccessScopeId: 'nis-g', Tags: TAGS('globex') }],
    ];
    const calls: { resource: string; args: any }[] = [];
    const outcome = await runStateMachine(DEFINITION, {}, fakeEc2(pages, { 'nis-a': [{ Status: 'running' }, { Status: 'succeeded', FindingsFound: 'false' }], 'nis-g': [{ Status: 'succeeded', FindingsFound: 'false' }] }), calls);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(calls.filter((c) => c.resource.endsWith('startNetworkInsightsAccessScopeAnalysis')).map((c) => c.args)).toEqual([{ NetworkInsightsAccessScopeId: 'nis-a' }, { NetworkInsightsAccessScopeId: 'nis-g' }]);
    expect(calls.filter((c) => c.resource.endsWith('describeNetworkInsightsAccessScopes')).map((c) => c.args)).toEqual([{ MaxResults: 100 }, { MaxResults: 100, NextToken: '1' }]);
  });

  test.each([
    ['findings', { Status: 'succeeded', FindingsFound: 'true' }],
    ['findings unknown', { Status: 'succeeded', FindingsFound: 'unknown' }],
    ['a failed analysis', { Status: 'failed' }],
  ])('GIVEN %s for one tenant THEN the run fails naming its scope and analysis', async (_, answer) => {
    const pages = [[{ NetworkInsightsAccessScopeId: 'nis-a', Tags: TAGS('acme') }, { NetworkInsightsAccessScopeId: 'nis-g', Tags: TAGS('globex') }]];
    const outcome = await runStateMachine(DEFINITION, {}, fakeEc2(pages, { 'nis-a': [{ Status: 'succeeded', FindingsFound: 'false' }], 'nis-g': [answer] }));
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'NetworkProofFailed' });
    const cause = JSON.parse((outcome as any).cause);
    expect([].concat(cause).map((c: any) => [c.scopeId, c.analysisId, c.proved])).toEqual([['nis-g', 'nisa-nis-g', false]]);
  });

  test('GIVEN a planned tenant whose scope is gone or untagged THEN the run fails naming the tenant, before analysing anything', async () => {
    const calls: { resource: string; args: any }[] = [];
    const pages = [[{ NetworkInsightsAccessScopeId: 'nis-a', Tags: TAGS('acme') }, { NetworkInsightsAccessScopeId: 'nis-g', Tags: [{ Key: TAG_KEYS.tenant, Value: 'globex' }] }]];
    const outcome = await runStateMachine(DEFINITION, {}, fakeEc2(pages, {}), calls);
    expect(outcome).toEqual({ status: 'FAILED', error: 'NetworkProofScopesMissing', cause: 'No ingress scope for tenants: globex' });
    expect(calls.some((c) => c.resource.endsWith('startNetworkInsightsAccessScopeAnalysis'))).toBe(false);
  });
});
