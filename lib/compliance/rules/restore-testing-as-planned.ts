import { NagMessageLevel } from 'cdk-nag';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { remembered, resourcesOfType } from './memo';
import { asList, referencedResource, tenantDataBucket, text } from './template';
import { isExportInvokeConfig } from './data-export-plan';

const json = (v: unknown) => JSON.stringify(v ?? null);
/** A value as a finding shows it (a list item by item). */
const show = (v: unknown) => (Array.isArray(v) ? v.map(text).join(',') : text(v));
const PLAN = 'AWS::Backup::RestoreTestingPlan';
const SELECTION = 'AWS::Backup::RestoreTestingSelection';
const BACKUP_SELECTION = 'AWS::Backup::BackupSelection';
const INVOKE_CONFIG = 'AWS::Lambda::EventInvokeConfig';
/** The stores a tenant backs up and restore-tests, as AWS Backup names their types. */
const STORES = ['RDS', 'DynamoDB', 'S3'] as const;

/** The one resource of a type in the template, with its logical id. */
function only(context: RuleContext, type: string): [string, TemplateResource] | undefined {
  const found = Object.entries(context.template.Resources ?? {}).filter(([, r]) => r.Type === type);
  return found.length === 1 ? found[0] : undefined;
}

const dataBucket = (context: RuleContext) => tenantDataBucket(context.template);

/** The validation functions: the functions of this template that AWS Backup's restore job events are delivered to. */
function validationFunctions(context: RuleContext): string[] {
  return remembered(context, 'restore validation functions', () =>
    resourcesOfType(context, 'AWS::Events::Rule')
      .filter(([, r]) => json(r.Properties?.EventPattern?.source) === json(['aws.backup']))
      .flatMap(([, r]) => asList<any>(r.Properties?.Targets).map((t) => referencedResource(context.template, t?.Arn)))
      .filter((t) => t?.resource.Type === 'AWS::Lambda::Function')
      .map((t) => t!.logicalId),
  );
}

const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An ARN of the stack's own account and region: as tokens or, in a pinned stack, as literals the configuration allows
 * (the placement's account; the placement's region or a residency region the stack may be pinned to).
 */
function ownArn(context: RuleContext, service: string, resource: string): RegExp {
  const config = context.topology.config;
  const tenantRegions = context.role.kind === 'tenant' ? tenantConfig(context.topology, context.role.tenantId).allowedRegions : [];
  const regions = [config.placement.region, ...config.guardrails.allowedRegions, ...tenantRegions].filter((r): r is string => r !== undefined);
  const either = (token: string, literals: readonly string[]) => [token, ...literals].map(escape).join('|');
  return new RegExp(`^arn:(${escape('${AWS::Partition}')}|aws(-[a-z]+)*):${service}:(${either('${AWS::Region}', regions)}):(${either('${AWS::AccountId}', config.placement.account ? [config.placement.account] : [])}):${resource}$`);
}

/**
 * A validation function's failures reach the default bus (where the account baseline routes Lambda's failure event to
 * the medium topic): an invoke config of a validation function, unqualified ($LATEST), whose on-failure destination is
 * the default bus of this account and region. Without it a validation that never runs is silent.
 */
function invokeConfigProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  const fn = referencedResource(context.template, p.FunctionName)?.logicalId;
  if (fn === undefined || !validationFunctions(context).includes(fn)) problems.push(`FunctionName::${text(p.FunctionName)}`);
  if (p.Qualifier !== '$LATEST') problems.push(`Qualifier::${text(p.Qualifier)}`);
  const destination = p.DestinationConfig?.OnFailure?.Destination;
  if (!ownArn(context, 'events', 'event-bus/default').test(text(destination))) problems.push(`OnFailure::${text(destination)}`);
  return problems;
}

/** The instance's own ARN, in the stack's own account and region. */
function isOwnInstanceArn(context: RuleContext, arn: unknown): boolean {
  const id = only(context, 'AWS::RDS::DBInstance')?.[0];
  return id !== undefined && ownArn(context, 'rds', `db:${escape(`\${${id}}`)}`).test(text(arn));
}

/**
 * Whether a value names a role of this template that only AWS Backup may assume: for this account alone when
 * `sourceAccount` (the restore role), or AWS Backup at all (the backup selection's role, as the CDK builds it).
 */
function isBackupOnlyRole(context: RuleContext, value: unknown, sourceAccount = true): boolean {
  const role = referencedResource(context.template, value);
  const trust = asList<any>(role?.resource.Properties?.AssumeRolePolicyDocument?.Statement);
  return role?.resource.Type === 'AWS::IAM::Role' && trust.length > 0 && trust.every((t) => t?.Effect === 'Allow' && json(t?.Principal) === json({ Service: 'backup.amazonaws.com' }) && (!sourceAccount || t?.Condition?.StringEquals?.['aws:SourceAccount'] !== undefined));
}

function planProblems(resource: TemplateResource, context: RuleContext, schedule: string): string[] {
  const p = resource.Properties ?? {};
  const selection = p.RecoveryPointSelection ?? {};
  const vault = only(context, 'AWS::Backup::BackupVault')?.[0];
  const problems: string[] = [];
  if (p.ScheduleExpression !== schedule) problems.push(`ScheduleExpression::${text(p.ScheduleExpression)}::planned-${schedule}`);
  if (json(selection.IncludeVaults) !== json([{ 'Fn::GetAtt': [vault, 'BackupVaultArn'] }]) || selection.ExcludeVaults !== undefined) problems.push(`Vaults::${show(selection.IncludeVaults)}`);
  if (selection.Algorithm !== 'LATEST_WITHIN_WINDOW' || json(selection.RecoveryPointTypes) !== json(['SNAPSHOT'])) problems.push(`RecoveryPoints::${text(selection.Algorithm)}::${show(selection.RecoveryPointTypes)}`);
  // Every store is tested: one selection each, of this plan.
  const selections = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === SELECTION && r.Properties?.RestoreTestingPlanName === p.RestoreTestingPlanName);
  for (const type of STORES) {
    if (selections.filter((s) => s.Properties?.ProtectedResourceType === type).length !== 1) problems.push(`Selection::${type}::missing`);
  }
  // Each validation function reports its own failures (a validation that never reports is alerted).
  const configs = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === INVOKE_CONFIG && invokeConfigProblems(r, context).length === 0);
  const functions = validationFunctions(context);
  if (functions.length === 0) problems.push('Validation::none');
  for (const fn of functions) {
    if (configs.filter((c) => referencedResource(context.template, c.Properties?.FunctionName)?.logicalId === fn).length !== 1) problems.push(`Validation::${fn}::no-failure-destination`);
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
    const db = only(context, 'AWS::RDS::DBInstance')?.[1];
    const arns = asList(p.ProtectedResourceArns);
    if (arns.length !== 1 || !isOwnInstanceArn(context, arns[0])) problems.push(`ProtectedResourceArns::${arns.map(text).join(',')}`);
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
  } else if (p.ProtectedResourceType === 'S3') {
    expect('ProtectedResourceArns', p.ProtectedResourceArns, [{ 'Fn::GetAtt': [dataBucket(context), 'Arn'] }]);
    // Into a new bucket under this tenant's key: AWS Backup would otherwise create it under SSE-S3.
    const key = only(context, 'AWS::KMS::Key')?.[0];
    expect('encryptionType', overrides.encryptionType, 'SSE-KMS');
    expect('kmsKey', overrides.kmsKey, { 'Fn::GetAtt': [key, 'Arn'] });
    expect('RestoreMetadataOverrides', Object.keys(overrides).sort(), ['encryptionType', 'kmsKey']);
  } else {
    problems.push(`ProtectedResourceType::${text(p.ProtectedResourceType)}`);
  }
  return problems;
}

/**
 * A backup selects exactly the planned stores, each once: a tenant's database, table and data bucket (what its restore
 * tests test: a store not backed up has nothing to restore), the control plane's tables; nothing chosen by tag.
 */
function backupSelectionProblems(resource: TemplateResource, context: RuleContext): string[] {
  const selection = resource.Properties?.BackupSelection ?? {};
  const problems: string[] = [];
  if (!isBackupOnlyRole(context, selection.IamRoleArn, false)) problems.push(`IamRoleArn::${text(selection.IamRoleArn)}`);
  const resources = asList(selection.Resources);
  const arnOf = (id: string | undefined) => json({ 'Fn::GetAtt': [id, 'Arn'] });
  const tables = Object.entries(context.template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table').map(([id]) => arnOf(id));
  const tenant = context.role.kind === 'tenant';
  const planned = tenant ? [arnOf(only(context, 'AWS::DynamoDB::Table')?.[0]), arnOf(dataBucket(context))] : tables;
  const instances = tenant ? 1 : 0;
  const covered = resources.length === planned.length + instances && resources.filter((r) => isOwnInstanceArn(context, r)).length === instances && planned.every((arn) => resources.filter((r) => json(r) === arn).length === 1);
  if (!covered) problems.push(`Resources::${resources.map(text).join(',')}`);
  for (const field of ['ListOfTags', 'Conditions', 'NotResources']) {
    if (selection[field] !== undefined) problems.push(`${field}::set`);
  }
  return problems;
}

/**
 * A tenant's restore testing is as planned: one plan, on the configured schedule, testing the latest snapshot of its own
 * vault; one selection for its database (its own instance, restored into its isolated data subnets behind its own
 * security group), one for its table (its own table, restored under its own key) and one for its bucket (its own data
 * bucket, restored into a new bucket under its own key); the backup selecting exactly those three stores (and the
 * control plane's backup exactly its tables); restores and backups done by roles only AWS Backup may assume; and the
 * validation function's failures sent to the default bus, so a validation that never reports is alerted. A restore into another network or under another key, or a test that silently
 * stops covering a store, fails.
 */
export const RestoreTestingAsPlanned: TemplateRule = {
  id: 'RestoreTestingAsPlanned',
  resourceTypes: [PLAN, SELECTION, BACKUP_SELECTION, INVOKE_CONFIG],
  judges: {
    [INVOKE_CONFIG]: ['FunctionName', 'Qualifier', 'DestinationConfig.OnFailure.Destination'],
    [BACKUP_SELECTION]: ['BackupSelection.Resources', 'BackupSelection.Resources.*', 'BackupSelection.IamRoleArn'],
    [PLAN]: ['ScheduleExpression', 'RecoveryPointSelection.IncludeVaults', 'RecoveryPointSelection.IncludeVaults.*', 'RecoveryPointSelection.Algorithm', 'RecoveryPointSelection.RecoveryPointTypes', 'RestoreTestingPlanName'],
    [SELECTION]: ['ProtectedResourceType', 'ProtectedResourceArns', 'ProtectedResourceArns.*', 'IamRoleArn', 'RestoreTestingPlanName', 'RestoreMetadataOverrides', 'RestoreMetadataOverrides.dbsubnetgroupname', 'RestoreMetadataOverrides.vpcsecuritygroupids', 'RestoreMetadataOverrides.encryptionType', 'RestoreMetadataOverrides.kmsMasterKeyArn', 'RestoreMetadataOverrides.kmsKey'],
  },
  info: "A tenant's restore test is not as planned: another schedule or vault, a store left untested or not backed up, a copy restored outside its isolated subnets or key, a role AWS Backup alone does not hold, or a validation whose failures are silent.",
  explanation: 'Seed 001: test disaster recovery at least quarterly. A restore test that restores into another network or under another key leaks the data it tests; one that stops covering a store proves nothing about it.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-A1.2', 'SOC2-A1.3', 'HIPAA-164.308(a)(7)', 'DATA-1'],
  check(resource, context) {
    if (resource.Type === BACKUP_SELECTION && (context.role.kind === 'tenant' || context.role.kind === 'control-plane')) {
      return findings(backupSelectionProblems(resource, context));
    }
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    if (resource.Type === INVOKE_CONFIG) {
      // The export function's one-attempt configuration is DataExportAsPlanned's to judge.
      return isExportInvokeConfig(resource, context) ? NOT_APPLICABLE : findings(invokeConfigProblems(resource, context));
    }
    const schedule = tenantConfig(context.topology, context.role.tenantId).backup.restoreTestSchedule;
    return findings(resource.Type === PLAN ? planProblems(resource, context, schedule) : selectionProblems(resource, context));
  },
};

