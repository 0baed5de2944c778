/**
 * What the runtime hosts are told (lib/runtime/runtime-settings.ts): the active API key's secret and the transient
 * retention, as protected parameters only the hosts read, judged by SsmParametersAsPlanned against the configuration.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TENANT_RUNTIME_PARAMETERS } from '../../contracts/ssm-parameters';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';
import { findingsOf, findingsUnder, tenantApp } from '../helpers/pack';

const ids = (found: string[]) => found.map((f) => f.split(' @ ')[0]).sort();
const parameter = (stack: TenantStack, name: string) =>
  stack.node.findAll().find((n) => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::SSM::Parameter' && stack.resolve((n as CfnResource & { name?: string }).name) === name) as CfnResource;

/** The example configuration with acme rotating to a second key and keeping transient records 6 hours. */
function rotatingConfig() {
  const raw = JSON.parse(JSON.stringify(exampleConfig()));
  const acme = raw.tenants.find((t: { id: string }) => t.id === 'acme');
  acme.apiAccess = { ...acme.apiAccess, keys: ['old', 'new'], active: 'new' };
  acme.retention = { transientHours: 6 };
  return validatePlatformConfig(raw);
}

describe('the runtime settings of a tenant', () => {
  test('GIVEN a rotation to key "new" and 6 transient hours THEN the hosts are told the new key\'s secret and 6, protected, and the gate finds them as planned', () => {
    const config = rotatingConfig();
    const tenant = config.tenants.find((t) => t.id === 'acme')!;
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant, controlPlane: config.controlPlane, sidecar: config.sidecar });
    const t = Template.fromStack(stack);
    const secretId = stack.getLogicalId(stack.apiKeys.secrets.get('new')!.node.defaultChild as CfnResource);
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: TENANT_RUNTIME_PARAMETERS.activeApiKeySecretArn('acme'), Value: { Ref: secretId }, Tags: { 'tenant-baseline:protected': 'true' } });
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: TENANT_RUNTIME_PARAMETERS.transientHours('acme'), Value: '6', Tags: { 'tenant-baseline:protected': 'true' } });
    expect(findingsUnder(app, config, 'SsmParametersAsPlanned')).toEqual([]);
  });

  test('GIVEN the hosts THEN they may read exactly these two parameters of the tenant, nothing else in SSM', () => {
    const { stack } = tenantApp();
    const runtimeRole = stack.getLogicalId(stack.runtime.role.node.defaultChild as CfnResource);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(runtimeRole))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: unknown }) => JSON.stringify(s.Action).includes('ssm:'));
    const resources = statements.flatMap((s: { Resource: unknown }) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).map((r: unknown) => JSON.stringify(r));
    const settings = ['ActiveApiKeySecretArn', 'TransientHours'].map((name) => stack.getLogicalId(stack.node.findChild('RuntimeSettings').node.findChild(name).node.defaultChild as CfnResource));
    // The two settings (by reference to their own parameters) and, as before, the sidecar release parameters; no wildcard.
    expect(resources.filter((r: string) => settings.some((id) => r.includes(`{"Ref":"${id}"}`)))).toHaveLength(2);
    expect(resources.filter((r: string) => !settings.some((id) => r.includes(`{"Ref":"${id}"}`))).every((r: string) => r.includes(':parameter/tenant-baseline/sidecar/'))).toBe(true);
    expect(resources.join()).not.toContain('*');
    const actions = statements.flatMap((s: { Action: unknown }) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toContain('ssm:GetParameter');
    expect(actions.filter((a: string) => !/^ssm:(Get|Describe)/.test(a))).toEqual([]);
  });
});

describe('SsmParametersAsPlanned on the runtime settings', () => {
  test('GIVEN the shipped tenant stack THEN both are as planned', () => {
    expect(findingsOf(tenantApp().app, 'SsmParametersAsPlanned')).toEqual([]);
  });

  test('GIVEN the active key parameter pointed at another secret, the hours changed, or the protection dropped (overrides) THEN each is reported', () => {
    const { app, stack } = tenantApp();
    const master = stack.node.findAll().find((n) => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::SecretsManager::Secret' && !n.node.path.includes('ApiKeys')) as CfnResource;
    parameter(stack, TENANT_RUNTIME_PARAMETERS.activeApiKeySecretArn('acme')).addPropertyOverride('Value', { Ref: stack.getLogicalId(master) });
    parameter(stack, TENANT_RUNTIME_PARAMETERS.transientHours('acme')).addPropertyOverride('Value', '720');
    expect(ids(findingsOf(app, 'SsmParametersAsPlanned'))).toEqual([
      `TenantBaseline-SsmParametersAsPlanned[Value::${TENANT_RUNTIME_PARAMETERS.activeApiKeySecretArn('acme')}::\${${stack.getLogicalId(master)}}]`,
      `TenantBaseline-SsmParametersAsPlanned[Value::${TENANT_RUNTIME_PARAMETERS.transientHours('acme')}::720]`,
    ]);
    const untagged = tenantApp();
    parameter(untagged.stack, TENANT_RUNTIME_PARAMETERS.transientHours('acme')).addPropertyDeletionOverride('Tags');
    expect(ids(findingsOf(untagged.app, 'SsmParametersAsPlanned'))).toEqual([`TenantBaseline-SsmParametersAsPlanned[NotProtected::${TENANT_RUNTIME_PARAMETERS.transientHours('acme')}]`]);
  });

  test('GIVEN the runtime settings removed THEN both are reported missing', () => {
    const { app, stack } = tenantApp();
    stack.node.tryRemoveChild('RuntimeSettings');
    expect(ids(findingsOf(app, 'SsmParametersAsPlanned'))).toEqual([
      `TenantBaseline-SsmParametersAsPlanned[Missing::${TENANT_RUNTIME_PARAMETERS.activeApiKeySecretArn('acme')}]`,
      `TenantBaseline-SsmParametersAsPlanned[Missing::${TENANT_RUNTIME_PARAMETERS.transientHours('acme')}]`,
    ]);
  });
});



