/**
 * The delivery pipeline with tenants in other accounts: their stages deploy through their own accounts' CDK bootstrap
 * roles (the stacks stay account-agnostic), each account's baseline in the TenantAccounts stage, one drift check per
 * account, and a layout the wave plan predicts; the gate admits exactly those accounts' deploy roles on the artifacts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { DeliveryConfig, PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { actualLayout, plannedLayout } from '../../lib/delivery/fleet-pipeline';
import { DeliveryStack } from '../../lib/delivery/delivery-stack';
import { REPO_ROOT, testApp } from '../helpers/app';

const CONFIG_PATH = 'config/platform-delivery.json';
const raw = JSON.parse(readFileSync(join(REPO_ROOT, CONFIG_PATH), 'utf8'));
const TENANTS = [{ id: 'acme', number: 0 }, { id: 'globex', number: 1, account: '222222222222' }, { id: 'initech', number: 2, account: '333333333333' }, { id: 'hooli', number: 3 }];
const CONFIG = validatePlatformConfig({ ...raw, tenants: TENANTS }, CONFIG_PATH) as PlatformConfig & { readonly delivery: DeliveryConfig };

function build() {
  const app = testApp();
  const stack = new DeliveryStack(app, 'Delivery', { config: CONFIG, configPath: CONFIG_PATH });
  return { app, stack };
}

const { app: APP, stack: STACK } = build();
const RESOURCES: Record<string, { Type: string; Properties: Record<string, any> }> = Template.fromStack(STACK).toJSON().Resources;
const PIPELINE = Object.values(RESOURCES).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!.Properties;
const stage = (name: string) => PIPELINE.Stages.find((s: { Name: string }) => s.Name === name);
const text = (v: unknown) => JSON.stringify(STACK.resolve(v));

describe('GIVEN a pipeline with tenants in two other accounts', () => {
  test('THEN the other accounts\' baselines deploy in their own stage after Foundation, and the layout is the one the wave plan predicts', () => {
    expect(PIPELINE.Stages.map((s: { Name: string }) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Foundation', 'TenantAccounts', 'ControlPlane', 'Tenant-acme', 'Wave-1']);
    const actual = actualLayout(STACK.pipeline.pipeline.pipeline);
    const assets = actual.find((s) => s.name === 'Assets')!.actions;
    expect(actual.map((s) => s.actions)).toEqual(plannedLayout(STACK.pipeline.plan, assets, CONFIG).map((s) => s.actions));
  });

  test("THEN a tenant in another account is deployed through that account's deploy and execution roles; the hub-account tenant through the pipeline account's", () => {
    const actions = stage('Wave-1').Actions as { Name: string; RoleArn?: unknown; Configuration: Record<string, unknown> }[];
    const globex = actions.find((a) => a.Name === 'Tenant-globex.Tenant-globex.Deploy')!;
    expect(text(globex.RoleArn)).toContain(':iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-us-east-1');
    const prepare = actions.find((a) => a.Name === 'Tenant-globex.Tenant-globex.Prepare')!;
    expect(text(prepare.Configuration.RoleArn)).toContain(':iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-us-east-1');
    const hooli = actions.find((a) => a.Name === 'Tenant-hooli.Tenant-hooli.Deploy')!;
    expect(text(hooli.RoleArn)).not.toMatch(/222222222222|333333333333/);
  });

  test("THEN each drift check reads through its own account's lookup role: one per account in a wave", () => {
    const drift = (stage('Wave-1').Actions as { Name: string }[]).map((a) => a.Name).filter((n) => n.includes('DriftCheck')).sort();
    expect(drift).toEqual(['Wave-1-222222222222-DriftCheck', 'Wave-1-333333333333-DriftCheck', 'Wave-1-DriftCheck']);
    const policies = Object.values(RESOURCES).filter((r) => r.Type === 'AWS::IAM::Policy').map((r) => text(r.Properties.PolicyDocument));
    expect(policies.some((p) => p.includes('cdk-hnb659fds-lookup-role-222222222222-us-east-1') && p.includes('sts:AssumeRole'))).toBe(true);
  });

  test('THEN the stacks of other accounts stay account-agnostic in their templates and carry their account rule', () => {
    const globex = STACK.pipeline.stages.flatMap((s) => s.node.findAll()).find((n): n is Stack => Stack.isStack(n) && n.stackName === 'Tenant-globex')!;
    const template = Template.fromStack(globex).toJSON();
    expect(template.Rules.PlacedInAccount.Assertions[0].Assert['Fn::Equals'][1]).toBe('222222222222');
    const resources = JSON.stringify(template.Resources);
    expect(resources).not.toContain('222222222222');
    expect(resources).toContain('AWS::AccountId');
  });

  test('THEN the gate admits on the artifacts exactly the tenant accounts\' deploy roles, and a foreign deploy role is a finding', () => {
    const pack = new TenantBaselineChecks(platformTopology(CONFIG));
    expect(pack.validateScope(APP).violations.map((v) => v.ruleName)).toEqual([]);
    const { stack } = build();
    const key = stack.pipeline.key.key.node.defaultChild as CfnResource;
    key.addPropertyOverride('KeyPolicy.Statement.9', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:role/cdk-hnb659fds-deploy-role-444444444444-us-east-1' }, Action: 'kms:Decrypt', Resource: '*' });
    const checks = new TenantBaselineChecks(platformTopology(CONFIG));
    checks.validateScope(stack); // the pipeline's own stack, where the key is (the whole app was judged clean above)
    const found = checks.evaluations.filter((e) => e.ruleId === 'TenantBaseline-PolicyPrincipalsAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings);
    expect(found).toEqual([expect.stringContaining('444444444444:role/cdk-hnb659fds-deploy-role-444444444444-us-east-1')]);
  });
});
