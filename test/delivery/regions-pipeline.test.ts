/**
 * The delivery pipeline of a platform in two regions (config/platform-multi-region-delivery.json): each region's
 * foundation and control plane side by side in the Foundation and ControlPlane stages, tenants of both regions in the
 * waves, a drift check per account and region and a health check per region, the artifacts of the additional region in
 * the platform's own replication store there; the whole gate green on it, and failing when an escape hatch breaks it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { complianceChecks } from '../../lib/compliance/gate/gate';
import { platformTopology } from '../../lib/compliance/topology';
import { judgeStackTemplate } from '../../lib/compliance/hook/stack-verdict';
import { StackTemplate } from '../../lib/compliance/rules';
import { DeliveryConfig, loadPlatformConfig, PlatformConfig, regionalConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { layoutProblems, pipelineLayout, wavePlan } from '../../lib/config/wave-plan';
import { actualLayout, placementLayout, plannedLayout } from '../../lib/delivery/fleet-pipeline';
import { DeliveryStack } from '../../lib/delivery/delivery-stack';
import { buildPlatformStages } from '../../lib/delivery/platform-stages';
import { REPO_ROOT, testApp } from '../helpers/app';

const CONFIG_PATH = 'config/platform-multi-region-delivery.json';
type Delivered = PlatformConfig & { readonly delivery: DeliveryConfig };
const CONFIG = loadPlatformConfig(join(REPO_ROOT, CONFIG_PATH)) as Delivered;
const HOME = 'eu-west-1';
const OTHER = 'us-east-1';

function build(): { app: App; stack: DeliveryStack } {
  const app = testApp();
  return { app, stack: new DeliveryStack(app, 'Delivery', { config: CONFIG, configPath: CONFIG_PATH }) };
}

type Action = { Name: string; Region?: string; RunOrder: number; ActionTypeId: { Provider: string } };
const { stack: STACK } = build();
const RESOURCES: Record<string, { Type: string; Properties: Record<string, any> }> = Template.fromStack(STACK).toJSON().Resources;
const PIPELINE = Object.values(RESOURCES).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!.Properties;
const actionsOf = (name: string): Action[] => PIPELINE.Stages.find((s: { Name: string }) => s.Name === name).Actions;
const names = (name: string, provider: string) => actionsOf(name).filter((a) => a.ActionTypeId.Provider === provider).map((a) => `${a.Name}@${a.Region ?? HOME}`).sort();

describe('GIVEN a pipeline for two regions', () => {
  test('THEN the stages are those of one region (the regions side by side in them) and the layout is the one the wave plan predicts', () => {
    expect(PIPELINE.Stages.map((s: { Name: string }) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Foundation', 'AccountBaseline-222222222222-us-east-1', 'ControlPlane', 'Tenant-acme', 'Wave-1']);
    const actual = actualLayout(STACK.pipeline.pipeline.pipeline);
    const assets = actual.find((s) => s.name === 'Assets')!.actions;
    expect(actual.map((s) => s.actions)).toEqual(plannedLayout(STACK.pipeline.plan, assets, CONFIG).map((s) => s.actions));
    expect(layoutProblems(actual)).toEqual([]);
  });

  test("THEN each region's foundation and control plane deploy in their own region, each behind its own drift check, each control plane followed by its region's health check", () => {
    expect(names('Foundation', 'CloudFormation').filter((n) => n.includes('.Deploy'))).toEqual([
      `Foundation-us-east-1.AccountBaseline.Deploy@${OTHER}`,
      `Foundation-us-east-1.NetworkHub.Deploy@${OTHER}`,
      `Foundation.AccountBaseline.Deploy@${HOME}`,
      `Foundation.NetworkHub.Deploy@${HOME}`,
    ]);
    expect(names('Foundation', 'CodeBuild')).toEqual([`Foundation-DriftCheck@${HOME}`, `Foundation-us-east-1-DriftCheck@${HOME}`]);
    expect(names('ControlPlane', 'CodeBuild')).toEqual([`ControlPlane-DriftCheck@${HOME}`, `ControlPlane-HealthCheck@${HOME}`, `ControlPlane-us-east-1-DriftCheck@${HOME}`, `ControlPlane-us-east-1-HealthCheck@${HOME}`]);
    const command = (step: string) => {
      const action = actionsOf('ControlPlane').find((a) => a.Name === step) as unknown as { Configuration: { ProjectName: { Ref: string } } };
      return JSON.parse(RESOURCES[action.Configuration.ProjectName.Ref].Properties.Source.BuildSpec).phases.build.commands.join('\n');
    };
    expect(command('ControlPlane-us-east-1-HealthCheck')).toContain(`health-check.sh 111111111111 ${OTHER} `);
    expect(command('ControlPlane-us-east-1-DriftCheck')).toContain(`drift-check.sh 111111111111 ${OTHER} ControlPlane`);
  });

  test('THEN a wave of the additional region has a drift check per account there and one health check of its region', () => {
    expect(names('Wave-1', 'CloudFormation').filter((n) => n.includes('.Deploy'))).toEqual([`Tenant-globex.Tenant-globex.Deploy@${OTHER}`, `Tenant-initech.Tenant-initech.Deploy@${OTHER}`]);
    expect(names('Wave-1', 'CodeBuild')).toEqual([`Wave-1-222222222222-us-east-1-DriftCheck@${HOME}`, `Wave-1-us-east-1-DriftCheck@${HOME}`, `Wave-1-us-east-1-HealthCheck@${HOME}`]);
  });

  test("THEN the additional region's artifacts go through the platform's own replication store there, which admits only that region's tenant accounts", () => {
    expect(PIPELINE.ArtifactStore).toBeUndefined();
    expect(PIPELINE.ArtifactStores.map((s: { Region: string }) => s.Region)).toEqual([HOME, OTHER]);
    expect(STACK.replication.map((s) => [s.node.id, s.stackName, s.region])).toEqual([[`DeliveryReplication-${OTHER}`, 'DeliveryReplication', OTHER]]);
    expect(STACK.dependencies).toContain(STACK.replication[0]);
    const store = Template.fromStack(STACK.replication[0]);
    store.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tenant-baseline/delivery-replication' });
    const policy = JSON.stringify(store.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain(':iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-us-east-1');
    expect(policy).not.toContain('333333333333');
  });

  test('THEN each stack the pipeline deploys, in either region, has the path, region and template of the stack a hand deploy builds', () => {
    const direct = testApp();
    buildPlatformStages(direct, CONFIG);
    const stagedIn = (app: App) => app.node.findAll().filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) !== app);
    const byHand = stagedIn(direct);
    const staged = stagedIn(STACK.node.scope as App);
    expect(staged.map((s) => `${s.node.path}@${s.region}`).sort()).toEqual(byHand.map((s) => `${s.node.path}@${s.region}`).sort());
    expect(byHand.filter((s) => s.region === OTHER).map((s) => s.node.path).sort()).toEqual([
      `AccountBaseline-222222222222-${OTHER}/AccountBaseline-222222222222-${OTHER}`,
      `ControlPlane-${OTHER}/ControlPlane-${OTHER}`,
      `Foundation-${OTHER}/AccountBaseline-${OTHER}`,
      `Foundation-${OTHER}/NetworkHub-${OTHER}`,
      'Tenant-globex/Tenant-globex',
      'Tenant-initech/Tenant-initech',
    ]);
    for (const stack of byHand) {
      const twin = staged.find((s) => s.node.path === stack.node.path)!;
      expect(Template.fromStack(twin).toJSON()).toEqual(Template.fromStack(stack).toJSON());
    }
  });

  test("THEN the additional region's deploy-time hook, which bundles that region's plan, admits its replication store and refuses it in a platform without a pipeline", () => {
    const template = Template.fromStack(STACK.replication[0]).toJSON() as StackTemplate;
    expect(judgeStackTemplate('DeliveryReplication', template, platformTopology(regionalConfig(CONFIG, OTHER))).compliant).toBe(true);
    const { delivery: _none, ...withoutPipeline } = CONFIG;
    expect(judgeStackTemplate('DeliveryReplication', template, platformTopology(regionalConfig(withoutPipeline, OTHER))).compliant).toBe(false);
  });

  test('THEN every check of the gate finds nothing on the pipeline and its replication store', () => {
    // Each check judges the pipeline's own stacks (the stages' stacks are those of a hand deploy, judged elsewhere).
    type Checkable = { validateScope(scope: unknown): { violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[] } };
    const checks = complianceChecks(STACK.node.scope as App, platformTopology(CONFIG)) as unknown as Checkable[];
    const found = [STACK, ...STACK.replication].flatMap((scope) => checks.flatMap((c) => c.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`))));
    expect(found).toEqual([]);
  });
});

describe('GIVEN an escape hatch that breaks the pipeline across regions THEN the gate fails', () => {
  const pipelineOf = (s: DeliveryStack) => s.pipeline.pipeline.pipeline.node.defaultChild as CfnResource;
  const storeBucketOf = (s: DeliveryStack) => s.replication[0].store.bucket.node.defaultChild as CfnResource;
  const cases: [string, (s: DeliveryStack) => void, RegExp][] = [
    ["the additional region's artifacts go to another bucket", (s) => pipelineOf(s).addPropertyOverride('ArtifactStores.1.ArtifactStore.Location', 'someone-elses-bucket'), /DeliveryPipelineAsPlanned\[ArtifactStores::us-east-1::Location::someone-elses-bucket\] @ Delivery\//],
    ["the additional region's artifacts are encrypted under another key", (s) => pipelineOf(s).addPropertyOverride('ArtifactStores.1.ArtifactStore.EncryptionKey.Id', 'arn:aws:kms:us-east-1:444444444444:key/x'), /DeliveryPipelineAsPlanned\[ArtifactStores::us-east-1::EncryptionKey::/],
    ['a store for a region the platform does not run in', (s) => pipelineOf(s).addPropertyOverride('ArtifactStores.1.Region', 'ap-southeast-2'), /DeliveryPipelineAsPlanned\[ArtifactStores::Region::ap-southeast-2\] @ Delivery\//],
    [
      'the replication store admits another account',
      (s) => s.replication[0].store.bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('444444444444')], actions: ['s3:GetObject'], resources: [s.replication[0].store.bucket.arnForObjects('*')] })),
      /PolicyPrincipalsAsPlanned\[.*444444444444.*\] @ DeliveryReplication-us-east-1\//,
    ],
    ['the replication store is not under its own key', (s) => storeBucketOf(s).addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault', { SSEAlgorithm: 'AES256' }), /DataUnderOwnStackKey\[.*\] @ DeliveryReplication-us-east-1\/Store\//],
  ];

  test.each(cases)('%s', (_what, breakIt, expected) => {
    const { app, stack } = build();
    breakIt(stack);
    type Judged = { evaluations: { status: string; findings: readonly string[]; constructPath: string }[]; validateScope(scope: unknown): unknown };
    const pack = complianceChecks(app, platformTopology(CONFIG)).find((c) => c.name === 'TenantBaseline') as unknown as Judged;
    // The pipeline's own stacks, where each break is (the stages' stacks are unchanged by it).
    const found = [stack, ...stack.replication].flatMap((scope) => {
      pack.validateScope(scope);
      return pack.evaluations.filter((e) => e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath}`));
    });
    expect(found.filter((f) => expected.test(f)).length).toBeGreaterThan(0);
  });
});

describe('wave layout across regions', () => {
  test('GIVEN 9 tenants in two regions and waves of four THEN each wave counts a drift and a health check per region, Foundation and ControlPlane one region each more', () => {
    const raw = JSON.parse(readFileSync(join(REPO_ROOT, CONFIG_PATH), 'utf8'));
    // Even tenants in the home region, odd ones in the additional region; one account.
    const tenants = Array.from({ length: 9 }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n, ...(n % 2 === 1 ? { region: OTHER } : {}) }));
    const config = validatePlatformConfig({ ...raw, tenants, delivery: { ...raw.delivery, canaryTenants: ['tenant-000'], waveSize: 4 } }, 'two regions') as Delivered;
    const plan = wavePlan(config.tenants, config.delivery);
    const layout = pipelineLayout(plan, { assets: 15, foundationStacks: 2, ...placementLayout(config) });
    expect(layout.map((s) => [s.name, s.actions])).toEqual([
      ['Source', 1], ['Build', 1], ['UpdatePipeline', 1], ['Assets', 15],
      ['Foundation', 2 * (2 * 2 + 1)],
      ['ControlPlane', 2 * (2 + 2)],
      ['Canary', 2 + 1 + 1 + 1],
      ['Wave-1', 4 * 2 + 2 + 2],
      ['Wave-2', 4 * 2 + 2 + 2],
    ]);
    expect(layoutProblems(layout)).toEqual([]);
    // The built pipeline has exactly these counts.
    const stack = new DeliveryStack(testApp(), 'Delivery', { config, configPath: CONFIG_PATH });
    const actual = actualLayout(stack.pipeline.pipeline.pipeline);
    expect(actual.map((s) => s.actions)).toEqual(pipelineLayout(plan, { assets: actual.find((s) => s.name === 'Assets')!.actions, foundationStacks: 2, ...placementLayout(config) }).map((s) => s.actions));
  });
});
