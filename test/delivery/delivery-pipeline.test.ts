/**
 * The delivery pipeline (lib/delivery/): CDK Pipelines on CodePipeline V2, built from the same stack builders as the
 * stacks deployed by hand; its layout within CodePipeline's quotas; its checks before and after every stage; and the
 * gate's model of it (DeliveryPipelineAsPlanned), broken through escape hatches.
 */
import { NETWORK_PROOF_RUNNER } from '../../lib/config/network-proof-plan';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { DeliveryConfig, PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { CODEPIPELINE_LIMITS, layoutProblems, wavePlan } from '../../lib/config/wave-plan';
import { actualLayout, BAKE_SECONDS, DELIVERY_NAMES, PIPELINE_CDK_ASSETS_VERSION, PIPELINE_CLI_VERSION, plannedLayout, waveHealthAlarms } from '../../lib/delivery/fleet-pipeline';
import { buildPlatformStages } from '../../lib/delivery/platform-stages';
import { buildPlatform } from '../../lib/platform';
import { DeliveryStack } from '../../lib/delivery/delivery-stack';
import { REPO_ROOT, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';

const CONFIG_PATH = 'config/platform-delivery.json';
type DeliveredConfig = PlatformConfig & { readonly delivery: DeliveryConfig };

function deliveryConfig(overrides: Record<string, unknown> = {}): DeliveredConfig {
  const raw = JSON.parse(readFileSync(join(REPO_ROOT, CONFIG_PATH), 'utf8'));
  return validatePlatformConfig({ ...raw, ...overrides }, CONFIG_PATH) as DeliveredConfig;
}

function pipelineApp(config: DeliveredConfig): { app: App; stack: DeliveryStack } {
  const app = testApp();
  const stack = new DeliveryStack(app, 'Delivery', { config, configPath: CONFIG_PATH });
  return { app, stack };
}

const CONFIG = deliveryConfig();
const { app: APP, stack: STACK } = pipelineApp(CONFIG);
const TEMPLATE = Template.fromStack(STACK).toJSON();
const RESOURCES: Record<string, { Type: string; Properties: Record<string, any> }> = TEMPLATE.Resources;
const PIPELINE = Object.values(RESOURCES).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!.Properties;
const stage = (name: string) => PIPELINE.Stages.find((s: { Name: string }) => s.Name === name);
const projectOf = (action: { Configuration: { ProjectName: { Ref: string } } }) => RESOURCES[action.Configuration.ProjectName.Ref].Properties;
const buildSpecOf = (action: any) => JSON.parse(projectOf(action).Source.BuildSpec);

describe('the delivery pipeline', () => {
  test('GIVEN the example delivery config THEN it is CodePipeline V2: source, synth, self-update, assets, Foundation, ControlPlane, the canary, then the waves', () => {
    expect(PIPELINE.PipelineType).toBe('V2');
    expect(PIPELINE.Stages.map((s: { Name: string }) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Foundation', 'ControlPlane', 'Tenant-acme', 'Wave-1']);
    expect(stage('Source').Actions[0].ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
    expect(stage('Source').Actions[0].Configuration).toMatchObject({ ConnectionArn: CONFIG.delivery.source.connectionArn, FullRepositoryId: CONFIG.delivery.source.repository, BranchName: 'main' });
  });

  test('GIVEN the synth step THEN it installs with npm ci and runs the tests and the whole gate with the Control Tower checks on the same config; a failure stops the pipeline', () => {
    const spec = buildSpecOf(stage('Build').Actions[0]);
    expect(spec.phases.install.commands).toEqual(['npm ci']);
    expect(spec.phases.build.commands).toEqual(['npm test', `npm run compliance -- -c config=${CONFIG_PATH}`]);
    expect(spec.artifacts['base-directory']).toBe('cdk.out');
  });

  test('GIVEN every deploying stage THEN a drift check runs first; after the control plane and each wave a health check of the platform alarms this configuration builds; the canary waits for an approval after its health check', () => {
    const alarms = waveHealthAlarms(CONFIG);
    expect(alarms).toEqual(['FailedAuthentication', 'TamperDetected', 'UnauthenticatedHeartbeats', 'ApiTrafficSpike', 'SidecarReleaseTampered', 'SidecarReleaseUnavailable'].map((id) => `tenant-baseline-${id}`));
    // With a private admin API its traffic alarm is one of them.
    const withPrivate = waveHealthAlarms({ ...CONFIG, controlPlane: { ...CONFIG.controlPlane, privateAdminApi: { allowedCidrs: ['10.8.0.0/22'] } } });
    expect(withPrivate).toEqual([...alarms.slice(0, 4), 'tenant-baseline-AdminApiTrafficSpike', ...alarms.slice(4)]);
    for (const name of ['Foundation', 'ControlPlane', 'Tenant-acme', 'Wave-1']) {
      const actions = stage(name).Actions;
      const first = Math.min(...actions.map((a: any) => a.RunOrder));
      const drift = actions.find((a: any) => a.Name.endsWith('-DriftCheck'));
      const health = actions.find((a: any) => a.Name.endsWith('-HealthCheck'));
      const deploys = actions.filter((a: any) => a.ActionTypeId.Provider === 'CloudFormation');
      expect(drift.RunOrder).toBe(first);
      expect(Math.min(...deploys.map((a: any) => a.RunOrder))).toBeGreaterThan(drift.RunOrder);
      expect(buildSpecOf(drift).phases.build.commands[0]).toMatch(/^bash scripts\/delivery\/drift-check\.sh 111111111111 us-east-1 /);
      expect(drift.Configuration.EnvironmentVariables).toContain(`"ACCEPT_DRIFT","type":"PLAINTEXT","value":"#{variables.${DELIVERY_NAMES.acceptDriftVariable}}"`);
      if (name === 'Foundation') {
        // The health alarms are the control plane's: nothing exists to watch before it.
        expect(health).toBeUndefined();
        continue;
      }
      expect(Math.max(...deploys.map((a: any) => a.RunOrder))).toBeLessThan(health.RunOrder);
      // Then the network proofs start (they report to the security topic; the pipeline does not wait for them).
      expect(buildSpecOf(health).phases.build.commands).toEqual([`bash scripts/delivery/health-check.sh 111111111111 us-east-1 ${alarms.join(' ')}`, `bash scripts/delivery/start-network-proofs.sh 111111111111 us-east-1 ${health.Name.replace(/-HealthCheck$/, "")} ${NETWORK_PROOF_RUNNER.name}`]);
      expect(projectOf(health).Environment.EnvironmentVariables).toEqual([{ Name: 'BAKE_SECONDS', Type: 'PLAINTEXT', Value: String(BAKE_SECONDS) }]);
    }
    expect(buildSpecOf(stage('Tenant-acme').Actions.find((a: any) => a.Name.endsWith('-DriftCheck'))).phases.build.commands[0]).toBe('bash scripts/delivery/drift-check.sh 111111111111 us-east-1 Tenant-acme');
    const canary = stage('Tenant-acme').Actions;
    const approval = canary.find((a: any) => a.ActionTypeId.Category === 'Approval');
    expect(approval.Name).toBe('PromoteCanary');
    expect(approval.RunOrder).toBeGreaterThan(canary.find((a: any) => a.Name.endsWith('-HealthCheck')).RunOrder);
    expect(PIPELINE.Variables).toEqual([expect.objectContaining({ Name: DELIVERY_NAMES.acceptDriftVariable, DefaultValue: 'none' })]);
  });

  test('GIVEN the pipeline\'s own CLI steps THEN the CDK CLI and cdk-assets they install are pinned, never latest', () => {
    const installs = Object.values(RESOURCES)
      .filter((r) => r.Type === 'AWS::CodeBuild::Project')
      .flatMap((r) => JSON.parse(r.Properties.Source.BuildSpec).phases?.install?.commands ?? [])
      .filter((c: string) => c.startsWith('npm install -g'));
    expect(installs.length).toBeGreaterThan(0);
    expect([...new Set(installs)].sort()).toEqual([`npm install -g aws-cdk@${PIPELINE_CLI_VERSION}`, `npm install -g cdk-assets@${PIPELINE_CDK_ASSETS_VERSION}`]);
  });

  test('GIVEN a config path a shell could read as code THEN the pipeline refuses it', () => {
    expect(() => new DeliveryStack(testApp(), 'Delivery', { config: CONFIG, configPath: 'config/x.json; curl evil' })).toThrow("FleetPipeline: 'configPath' must be a path of letters, digits and . _ - /");
    expect(() => new DeliveryStack(testApp(), 'Delivery', { config: CONFIG, configPath: 'config/$(id).json' })).toThrow("'configPath' must be a path of letters");
    expect(() => new DeliveryStack(testApp(), 'Delivery', { config: CONFIG, configPath: 'my config.json' })).toThrow("'configPath' must be a path of letters");
  });

  test('GIVEN the checks THEN they may only assume the lookup role of the platform environment (read-only), nothing else', () => {
    const checkRoles = Object.entries(RESOURCES).filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && /(DriftCheck|HealthCheck)/.test(id));
    expect(checkRoles.length).toBe(7);
    for (const [, policy] of checkRoles) {
      const assume = policy.Properties.PolicyDocument.Statement.filter((s: any) => JSON.stringify(s.Action).includes('sts:'));
      expect(assume).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-us-east-1']] } }]);
      const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
      expect(actions.filter((a: string) => /^(cloudformation|cloudwatch|iam):/.test(a))).toEqual([]);
    }
  });

  test('GIVEN the pipeline THEN artifacts, build logs and notifications are under the pipeline key, and no build is privileged', () => {
    const key = Object.keys(RESOURCES).find((id) => RESOURCES[id].Type === 'AWS::KMS::Key')!;
    expect(PIPELINE.ArtifactStore.EncryptionKey).toEqual({ Type: 'KMS', Id: { 'Fn::GetAtt': [key, 'Arn'] } });
    const projects = Object.values(RESOURCES).filter((r) => r.Type === 'AWS::CodeBuild::Project');
    expect(projects.length).toBeGreaterThan(8);
    for (const p of projects) {
      expect(p.Properties.Environment.PrivilegedMode).toBe(false);
      expect(p.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
    }
    const topic = Object.values(RESOURCES).find((r) => r.Type === 'AWS::SNS::Topic')!;
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
    const rule = Object.values(RESOURCES).find((r) => r.Type === 'AWS::CodeStarNotifications::NotificationRule')!;
    expect(rule.Properties.EventTypeIds).toEqual(expect.arrayContaining(['codepipeline-pipeline-pipeline-execution-failed', 'codepipeline-pipeline-manual-approval-needed']));
  });

  test('GIVEN the pipeline as built THEN its layout is the one the wave plan predicts, within CodePipeline quotas', () => {
    const actual = actualLayout(STACK.pipeline.pipeline.pipeline);
    const assets = actual.find((s) => s.name === 'Assets')!.actions;
    expect(actual.map((s) => s.actions)).toEqual(plannedLayout(STACK.pipeline.plan, assets).map((s) => s.actions));
    expect(layoutProblems(actual)).toEqual([]);
  });
});

describe('wave layout', () => {
  const fleet = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `tenant-${String(i).padStart(3, '0')}`, number: i }));

  test('GIVEN 156 tenants, the default wave size THEN the canary is alone, then fifteen waves of ten and one of five, within every quota', () => {
    const config = deliveryConfig({ tenants: fleet(156), delivery: { ...JSON.parse(readFileSync(join(REPO_ROOT, CONFIG_PATH), 'utf8')).delivery, canaryTenants: ['tenant-000'] } });
    const plan = wavePlan(config.tenants, config.delivery);
    expect(plan.canary).toEqual(['tenant-000']);
    expect(plan.waves.map((w) => w.length)).toEqual([...Array(15).fill(10), 5]);
    expect(plan.waves.flat()).toEqual(config.tenants.slice(1).map((t) => t.id));
    const layout = plannedLayout(plan, 7);
    expect(layout).toHaveLength(6 + 1 + 16);
    expect(Math.max(...layout.map((s) => s.actions))).toBe(22);
    expect(layout.reduce((n, s) => n + s.actions, 0)).toBe(1 + 1 + 1 + 7 + 5 + 4 + 5 + 15 * 22 + 12);
    expect(layoutProblems(layout)).toEqual([]);
  });

  test('GIVEN a wave layout past a quota THEN layoutProblems names the quota and the number', () => {
    expect(layoutProblems([{ name: 'Wave-1', actions: CODEPIPELINE_LIMITS.actionsPerStage + 1 }])).toEqual(['stage Wave-1 has 51 actions, more than CodePipeline\'s 50 per stage']);
    expect(layoutProblems(Array.from({ length: 51 }, (_, i) => ({ name: `S${i}`, actions: 1 })))).toEqual(["51 stages, more than CodePipeline's 50 per pipeline"]);
    expect(layoutProblems(Array.from({ length: 11 }, (_, i) => ({ name: `S${i}`, actions: 50 })))).toEqual(["550 actions, more than CodePipeline's 500 per pipeline"]);
  });

  test('GIVEN a smaller fleet in waves of three THEN the built pipeline has exactly the planned stages and actions', () => {
    const raw = JSON.parse(readFileSync(join(REPO_ROOT, CONFIG_PATH), 'utf8'));
    const config = deliveryConfig({ tenants: fleet(8), delivery: { ...raw.delivery, canaryTenants: ['tenant-003', 'tenant-000'], waveSize: 3, approveAfterCanary: false } });
    const { stack } = pipelineApp(config);
    const actual = actualLayout(stack.pipeline.pipeline.pipeline);
    const assets = actual.find((s) => s.name === 'Assets')!.actions;
    expect(stack.pipeline.plan).toEqual({ canary: ['tenant-000', 'tenant-003'], approveAfterCanary: false, waves: [['tenant-001', 'tenant-002', 'tenant-004'], ['tenant-005', 'tenant-006', 'tenant-007']] });
    expect(actual.map((s) => s.actions)).toEqual(plannedLayout(stack.pipeline.plan, assets).map((s) => s.actions));
    expect(actual.slice(6).map((s) => s.name)).toEqual(['Canary', 'Wave-1', 'Wave-2']);
    expect(actual.some((s) => s.name === 'Canary' && s.actions === 2 * 2 + 2)).toBe(true);
  });
});

describe('the same stacks by hand or by pipeline', () => {
  test('GIVEN the delivery config THEN each stack the pipeline deploys has the template, name and environment of the stack a hand deploy builds', () => {
    const direct = testApp();
    const built = buildPlatformStages(direct, CONFIG);
    const byHand = [built.foundation!.accountBaseline, built.foundation!.networkHub, built.controlPlane!.controlPlane, ...built.tenants.map((t) => t.tenant)];
    const staged = APP.node.findAll().filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) !== APP);
    expect(staged.map((s) => s.stackName).sort()).toEqual(byHand.map((s) => s.stackName).sort());
    for (const stack of byHand) {
      const twin = staged.find((s) => s.stackName === stack.stackName)!;
      expect(twin.node.path).toBe(stack.node.path);
      expect(twin.region).toBe('us-east-1');
      expect(stack.region).toBe('us-east-1');
      expect(Template.fromStack(twin).toJSON()).toEqual(Template.fromStack(stack).toJSON());
    }
  });

  test('GIVEN one tenant by hand THEN it is built at the construct path the pipeline gives it, and nothing else is built', () => {
    // Template equality with real bundling (asset hashes) is proven on the CLI's output: test/e2e/delivery-cli.test.ts.
    const built = buildPlatformStages(testApp(), CONFIG, [CONFIG.tenants[1]]);
    expect(built.foundation).toBeUndefined();
    expect(built.controlPlane).toBeUndefined();
    expect(built.tenants.map((t) => t.tenant.node.path)).toEqual(['Tenant-globex/Tenant-globex']);
    const twin = APP.node.findAll().find((c): c is Stack => Stack.isStack(c) && c.stackName === 'Tenant-globex')!;
    expect(twin.node.path).toBe('Tenant-globex/Tenant-globex');
  });

  test('GIVEN placement.account THEN every stack carries a rule that refuses any other account, and keeps the account a pseudo parameter in its resources', () => {
    const staged = APP.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    for (const stack of staged) {
      const template = Template.fromStack(stack).toJSON();
      expect(template.Rules.PlacedInAccount.Assertions[0].Assert).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111111111111'] });
      expect(JSON.stringify(template.Resources).includes('111111111111')).toBe(stack === STACK);
    }
  });

  test('GIVEN no placement THEN the stacks stay environment-agnostic and carry no account rule', () => {
    const app = testApp();
    const { tenants } = buildPlatform(app, validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }] }));
    const template = Template.fromStack(tenants[0]).toJSON();
    expect(template.Rules?.PlacedInAccount).toBeUndefined();
    expect(Token.isUnresolved(tenants[0].region)).toBe(true);
  });
});

describe('DeliveryPipelineAsPlanned', () => {
  const pack = () => new TenantBaselineChecks(platformTopology(CONFIG));
  // The rule judges the pipeline's projects and pipeline, all in the Delivery stack: only that stack is judged.
  const findings = (scope: Stack) => {
    const checks = pack();
    checks.validateScope(scope);
    return checks.evaluations.filter((e) => e.ruleId === 'TenantBaseline-DeliveryPipelineAsPlanned');
  };

  test('GIVEN the shipped pipeline THEN every project and the pipeline are judged compliant', () => {
    const judged = findings(STACK);
    expect(judged.filter((e) => e.status !== 'compliant')).toEqual([]);
    expect(judged.filter((e) => e.resourceType === 'AWS::CodeBuild::Project').length).toBeGreaterThan(8);
    expect(judged.filter((e) => e.resourceType === 'AWS::CodePipeline::Pipeline')).toHaveLength(1);
  });

  test('GIVEN breaks through escape hatches (privileged build, key removed, logs elsewhere, own source, V1, artifacts unencrypted) THEN each is a finding on its resource', () => {
    const { stack } = pipelineApp(CONFIG);
    const projects = stack.node.findAll().filter((n): n is codebuild.CfnProject => n instanceof codebuild.CfnProject);
    projects[0].addPropertyOverride('Environment.PrivilegedMode', true);
    projects[1].addPropertyDeletionOverride('EncryptionKey');
    projects[2].addPropertyOverride('LogsConfig.CloudWatchLogs.Status', 'DISABLED');
    projects[3].addPropertyOverride('LogsConfig.S3Logs', { Status: 'ENABLED', Location: 'some-bucket/logs' });
    projects[4].addPropertyOverride('Source.Type', 'GITHUB');
    const cp = stack.node.findAll().find((n): n is codepipeline.CfnPipeline => n instanceof codepipeline.CfnPipeline)!;
    cp.addPropertyOverride('PipelineType', 'V1');
    cp.addPropertyDeletionOverride('ArtifactStore.EncryptionKey');
    const bad = findings(stack).filter((e) => e.status === 'non-compliant');
    const at = (r: CfnResource) => bad.find((e) => e.constructPath === r.node.path)?.findings ?? [];
    expect(at(projects[0])).toEqual(['TenantBaseline-DeliveryPipelineAsPlanned[PrivilegedMode::true]']);
    expect(at(projects[1])).toEqual(['TenantBaseline-DeliveryPipelineAsPlanned[EncryptionKey::null]']);
    expect(at(projects[2])[0]).toMatch(/^TenantBaseline-DeliveryPipelineAsPlanned\[LogsConfig\.CloudWatchLogs::/);
    expect(at(projects[3])[0]).toMatch(/^TenantBaseline-DeliveryPipelineAsPlanned\[LogsConfig\.S3Logs::/);
    expect(at(projects[4])).toEqual(['TenantBaseline-DeliveryPipelineAsPlanned[Source::GITHUB]']);
    // Without the key, the store no longer names the key its bucket is encrypted under: both are findings.
    expect(at(cp)).toEqual([
      'TenantBaseline-DeliveryPipelineAsPlanned[ArtifactStore[0].EncryptionKey::null]',
      `TenantBaseline-DeliveryPipelineAsPlanned[ArtifactStore[0].Location::${JSON.stringify({ Ref: stack.resolve((stack.pipeline.artifacts.bucket.node.defaultChild as CfnResource).logicalId) })}]`,
      'TenantBaseline-DeliveryPipelineAsPlanned[PipelineType::"V1"]',
    ]);
    expect(bad).toHaveLength(6);
  });

  test('GIVEN the pipeline pointed at another branch, or its synth without the gate THEN each is a finding on the pipeline', () => {
    const { stack } = pipelineApp(CONFIG);
    const cp = stack.node.findAll().find((n): n is codepipeline.CfnPipeline => n instanceof codepipeline.CfnPipeline)!;
    cp.addPropertyOverride('Stages.0.Actions.0.Configuration.BranchName', 'unreviewed');
    const synth = stack.node.findAll().find((n): n is codebuild.CfnProject => n instanceof codebuild.CfnProject && n.node.path.includes('/Build/Synth/'))!;
    synth.addPropertyOverride('Source.BuildSpec', JSON.stringify({ version: '0.2', phases: { install: { commands: ['npm ci'] }, build: { commands: ['npx cdk synth'] } }, artifacts: { 'base-directory': 'cdk.out', files: '**/*' } }));
    const bad = findings(stack).filter((e) => e.status === 'non-compliant');
    expect(bad.map((e) => e.findings.map((f) => f.replace(/::.*$/, '')))).toEqual([['TenantBaseline-DeliveryPipelineAsPlanned[Source', 'TenantBaseline-DeliveryPipelineAsPlanned[Synth']]);
  });

  test('GIVEN the artifact store moved to the SSE-S3 access-log bucket THEN it is a finding: the store must be in a bucket under its own key', () => {
    const { stack } = pipelineApp(CONFIG);
    const cp = stack.node.findAll().find((n): n is codepipeline.CfnPipeline => n instanceof codepipeline.CfnPipeline)!;
    const logBucket = stack.pipeline.artifacts.accessLogBucket.node.defaultChild as CfnResource;
    cp.addPropertyOverride('ArtifactStore.Location', { Ref: stack.resolve(logBucket.logicalId) });
    const bad = findings(stack).filter((e) => e.status === 'non-compliant');
    expect(bad.map((e) => e.findings)).toEqual([[`TenantBaseline-DeliveryPipelineAsPlanned[ArtifactStore[0].Location::{"Ref":"${stack.resolve(logBucket.logicalId)}"}]`]]);
  });
});
