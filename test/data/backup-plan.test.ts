/**
 * The gate's BackupPlanAsPlanned on the real tenant and control-plane stacks: recovery points stay in the stack's own
 * vault (where deleting the stack's key erases them), are copied nowhere, and are kept for the planned retention. A
 * copy to another region's vault, another vault or a shorter retention, through an override, fails.
 */
import { CfnResource } from 'aws-cdk-lib';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { testApp } from '../helpers/app';
import { compliantCount, findingsOf, PACK, tenantApp } from '../helpers/pack';

const RULE = 'BackupPlanAsPlanned';
const planOf = (stack: { backup: { plan: { node: { defaultChild?: unknown } } } }) => stack.backup.plan.node.defaultChild as CfnResource;
const COPY = [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:elsewhere', Lifecycle: { DeleteAfterDays: 35 } }];

function controlPlane() {
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: PACK.CONFIG.controlPlane, tenantIds: ['acme'], sidecar: PACK.CONFIG.sidecar });
  return { app, plan: planOf(stack.edge!) };
}

describe(RULE, () => {
  test('GIVEN the shipped tenant and control plane THEN each backup plan is judged and compliant', () => {
    const tenant = tenantApp();
    expect([findingsOf(tenant.app, RULE), compliantCount(tenant.app, RULE)]).toEqual([[], 1]);
    const cp = controlPlane();
    expect([findingsOf(cp.app, RULE), compliantCount(cp.app, RULE)]).toEqual([[], 1]);
  });

  test("GIVEN a copy of the tenant's recovery points to another region's vault (override) THEN it is reported: the copy would outlive the tenant key", () => {
    const { app, stack } = tenantApp();
    planOf(stack).addPropertyOverride('BackupPlan.BackupPlanRule.0.CopyActions', COPY);
    expect(findingsOf(app, RULE)).toEqual(['TenantBaseline-BackupPlanAsPlanned[Rule0.CopyActions::arn:aws:backup:eu-central-1:111122223333:backup-vault:elsewhere] @ Tenant-acme/Backup/Plan/Resource']);
  });

  test('GIVEN the tenant plan pointed at a vault by literal name, and its retention shortened (overrides) THEN both are reported', () => {
    const { app, stack } = tenantApp();
    planOf(stack).addPropertyOverride('BackupPlan.BackupPlanRule.0.TargetBackupVault', 'Default');
    planOf(stack).addPropertyOverride('BackupPlan.BackupPlanRule.0.Lifecycle.DeleteAfterDays', 1);
    expect(findingsOf(app, RULE).sort()).toEqual([
      'TenantBaseline-BackupPlanAsPlanned[Rule0.DeleteAfterDays::1::planned-35] @ Tenant-acme/Backup/Plan/Resource',
      'TenantBaseline-BackupPlanAsPlanned[Rule0.TargetBackupVault::Default] @ Tenant-acme/Backup/Plan/Resource',
    ]);
  });

  test("GIVEN the control plane's plan copying its tables elsewhere (override) THEN it is reported", () => {
    const { app, plan } = controlPlane();
    plan.addPropertyOverride('BackupPlan.BackupPlanRule.0.CopyActions', COPY);
    expect(findingsOf(app, RULE)).toEqual([expect.stringMatching(/^TenantBaseline-BackupPlanAsPlanned\[Rule0\.CopyActions::arn:aws:backup:eu-central-1:111122223333:backup-vault:elsewhere\] @ ControlPlane\/.*Backup\/Plan\/Resource$/)]);
  });
});
