import { NagMessageLevel } from 'cdk-nag';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, referencedResource, text } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);
/** A value as a finding shows it (a list item by item). */
const show = (v: unknown) => (Array.isArray(v) ? v.map(text).join(',') : text(v));
const PLAN = 'AWS::Backup::RestoreTestingPlan';
const SELECTION = 'AWS::Backup::RestoreTestingSelection';

/** The one resource of a type in the template, with its logical id. */
function only(context: RuleContext, type: string): [string, TemplateResource] | undefined {
  const found = Object.entries(context.template.Resources ?? {}).filter(([, r]) => r.Type === type);
  return found.length === 1 ? found[0] : undefined;
}

/** Whether a value names a role of this template that only AWS Backup, for this account, may assume. */
function isBackupOnlyRole(context: RuleContext, value: unknown): boolean {
  const role = referencedResource(context.template, value);
  const trust = asList<any>(role?.resource.Properties?.AssumeRolePolicyDocument?.Statement);
  return role?.resource.Type === 'AWS::IAM::Role' && trust.length > 0 && trust.every((t) => t?.Effect === 'Allow' && json(t?.Principal) === json({ Service: 'backup.amazonaws.com' }) && t?.Condition?.StringEquals?.['aws:SourceAccount'] !== undefined);
}

function planProblems(resource: TemplateResource, context: RuleContext, schedule: string): string[] {
  const p = resource.Properties ?? {};
  const selection = p.RecoveryPointSelection ?? {};
  const vault = only(context, 'AWS::Backup::BackupVault')?.[0];
  const problems: string[] = [];
  if (p.ScheduleExpression !== schedule) problems.push(`ScheduleExpression::${text(p.ScheduleExpression)}::planned-${schedule}`);
  if (json(selection.IncludeVaults) !== json([{ 'Fn::GetAtt': [vault, 'BackupVaultArn'] }]) || selection.ExcludeVaults !== undefined) problems.push(`Vaults::${show(selection.IncludeVaults)}`);
  if (selection.Algorithm !== 'LATEST_WITHIN_WINDOW' || json(selection.RecoveryPointTypes) !== json(['SNAPSHOT'])) problems.push(`RecoveryPoints::${text(selection.Algorithm)}::${show(selection.RecoveryPointTypes)}`);
  // Both stores are tested: one selection each, of this plan.
  const selections = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === SELECTION && r.Properties?.RestoreTestingPlanName === p.RestoreTestingPlanName);
  for (const type of ['RDS', 'DynamoDB']) {
    if (selections.filter((s) => s.Properties?.ProtectedResourceType === type).length !== 1) problems.push(`Selection::${type}::missing`);
  }
  return problems;
}

function selectionProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  const plan = only(context, PLAN);
  if (!plan || p.RestoreTestingPlanName !== plan[1].Properties?.RestoreTestingPlanName) problems.push(`RestoreTestingPlanName::${text(p.RestoreTestingPlanName)}`);
  if (!isBackupOnlyRole(context, p.IamRoleArn)) problems.push(`IamRoleArn::${text(p.IamRoleArn)}`);
  if (p.ProtectedResourceConditions !== undefined) problems.push('ProtectedResourceConditions::set');
  const overrides = p.RestoreMetadataOverrides ?? {};
  const expect = (field: string, actual: unknown, planned: unknown) => json(actual) !== json(planned) && problems.push(`${field}::${show(actual)}`);
  if (p.ProtectedResourceType === 'RDS') {
    const [id, db] = only(context, 'AWS::RDS::DBInstance') ?? [];
    // The instance's own ARN, with the partition, region and account as tokens or, in a pinned stack, as literals.
    const arns = asList(p.ProtectedResourceArns).map(text);
    const own = new RegExp(`^arn:(\\$\\{AWS::Partition\\}|aws[a-z-]*):rds:(\\$\\{AWS::Region\\}|[a-z0-9-]+):(\\$\\{AWS::AccountId\\}|\\d{12}):db:\\$\\{${id}\\}$`);
    if (arns.length !== 1 || !own.test(arns[0])) problems.push(`ProtectedResourceArns::${arns.join(',')}`);
    // Into the instance's own isolated subnets, behind its own security group (no egress, no new ingress).
    expect('dbsubnetgroupname', overrides.dbsubnetgroupname, db?.Properties?.DBSubnetGroupName);
    const groups = asList(db?.Properties?.VPCSecurityGroups);
    expect('vpcsecuritygroupids', overrides.vpcsecuritygroupids, groups.length === 1 ? { 'Fn::Join': ['', ['["', groups[0], '"]']] } : 'the instance group');
    expect('RestoreMetadataOverrides', Object.keys(overrides).sort(), ['dbsubnetgroupname', 'vpcsecuritygroupids']);
  } else if (p.ProtectedResourceType === 'DynamoDB') {
    const table = only(context, 'AWS::DynamoDB::Table')?.[0];
    expect('ProtectedResourceArns', p.ProtectedResourceArns, [{ 'Fn::GetAtt': [table, 'Arn'] }]);
    // Under this tenant's key: AWS Backup would otherwise restore the copy under an AWS-owned key.
    const key = only(context, 'AWS::KMS::Key')?.[0];
    expect('encryptionType', overrides.encryptionType, 'KMS');
    expect('kmsMasterKeyArn', overrides.kmsMasterKeyArn, { 'Fn::GetAtt': [key, 'Arn'] });
    expect('RestoreMetadataOverrides', Object.keys(overrides).sort(), ['encryptionType', 'kmsMasterKeyArn']);
  } else {
    problems.push(`ProtectedResourceType::${text(p.ProtectedResourceType)}`);
  }
  return problems;
}

/**
 * A tenant's restore testing is as planned: one plan, on the configured schedule, testing the latest snapshot of its own
 * vault; one selection for its database (its own instance, restored into its isolated data subnets behind its own
 * security group) and one for its table (its own table, restored under its own key); restores done by a role only AWS
 * Backup of this account may assume. A restore into another network or under another key, or a test that silently
 * stops covering a store, fails.
 */
export const RestoreTestingAsPlanned: TemplateRule = {
  id: 'RestoreTestingAsPlanned',
  resourceTypes: [PLAN, SELECTION],
  judges: {
    [PLAN]: ['ScheduleExpression', 'RecoveryPointSelection.IncludeVaults', 'RecoveryPointSelection.IncludeVaults.*', 'RecoveryPointSelection.Algorithm', 'RecoveryPointSelection.RecoveryPointTypes', 'RestoreTestingPlanName'],
    [SELECTION]: ['ProtectedResourceType', 'ProtectedResourceArns', 'ProtectedResourceArns.*', 'IamRoleArn', 'RestoreTestingPlanName', 'RestoreMetadataOverrides', 'RestoreMetadataOverrides.dbsubnetgroupname', 'RestoreMetadataOverrides.vpcsecuritygroupids', 'RestoreMetadataOverrides.encryptionType', 'RestoreMetadataOverrides.kmsMasterKeyArn'],
  },
  info: "A tenant's restore test is not as planned: another schedule or vault, a store left untested, a copy restored outside its isolated subnets or key, or a role AWS Backup alone does not hold.",
  explanation: 'Seed 001: test disaster recovery at least quarterly. A restore test that restores into another network or under another key leaks the data it tests; one that stops covering a store proves nothing about it.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-A1.2', 'SOC2-A1.3', 'HIPAA-164.308(a)(7)', 'DATA-1'],
  check(resource, context) {
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const schedule = tenantConfig(context.topology, context.role.tenantId).backup.restoreTestSchedule;
    return findings(resource.Type === PLAN ? planProblems(resource, context, schedule) : selectionProblems(resource, context));
  },
};

