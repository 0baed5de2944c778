import { NagMessageLevel } from 'cdk-nag';
import { DEFAULT_BACKUP_RETENTION_DAYS } from '../../config/defaults';
import { findings, NOT_APPLICABLE, StackTemplate, TemplateRule } from './rule';
import { asList, referencedResource, text } from './template';

const PLAN = 'AWS::Backup::BackupPlan';

/** A vault of this template, named by `Ref` or `Fn::GetAtt [vault, BackupVaultName]` (never a literal name). */
function isOwnVaultName(template: StackTemplate, value: any): boolean {
  const vault = referencedResource(template, value);
  const attribute = value?.['Fn::GetAtt']?.[1];
  return vault?.resource.Type === 'AWS::Backup::BackupVault' && (value?.Ref !== undefined || attribute === 'BackupVaultName');
}

/**
 * A backup plan of a tenant or of the control plane keeps its recovery points where the stack's key can erase them:
 * every rule targets the stack's own vault (under the stack's key), copies nothing anywhere (no `CopyActions`: a copy
 * to another vault or region lands under another key, which crypto-shredding the tenant key would not erase;
 * docs/data-protection.md#cross-region-copy-not-built-on-purpose), and keeps daily points for the planned retention.
 * A copy action or another vault added through an override fails.
 */
export const BackupPlanAsPlanned: TemplateRule = {
  id: 'BackupPlanAsPlanned',
  resourceTypes: [PLAN],
  judges: { [PLAN]: ['BackupPlan.BackupPlanRule', 'BackupPlan.BackupPlanRule.*.TargetBackupVault', 'BackupPlan.BackupPlanRule.*.CopyActions', 'BackupPlan.BackupPlanRule.*.Lifecycle.DeleteAfterDays'] },
  info: "A backup plan copies recovery points elsewhere, targets a vault that is not its stack's own, or keeps them for another retention than planned.",
  explanation: "Seed 001 (right to erasure by crypto-shredding) and HIPAA 164.308(a)(7): a backup copied out of the tenant's vault outlives the tenant key; one kept shorter than planned is no contingency plan.",
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-A1.2', 'HIPAA-164.308(a)(7)', 'DATA-1'],
  check(resource, context) {
    if (context.role.kind !== 'tenant' && context.role.kind !== 'control-plane') {
      return NOT_APPLICABLE;
    }
    const rules = asList<any>(resource.Properties?.BackupPlan?.BackupPlanRule);
    const problems: string[] = rules.length === 0 ? ['BackupPlanRule::none'] : [];
    rules.forEach((rule, i) => {
      if (!isOwnVaultName(context.template, rule?.TargetBackupVault)) problems.push(`Rule${i}.TargetBackupVault::${text(rule?.TargetBackupVault)}`);
      if (rule?.CopyActions !== undefined) problems.push(`Rule${i}.CopyActions::${asList<any>(rule.CopyActions).map((c) => text(c?.DestinationBackupVaultArn)).join(',')}`);
      if (rule?.Lifecycle?.DeleteAfterDays !== DEFAULT_BACKUP_RETENTION_DAYS) problems.push(`Rule${i}.DeleteAfterDays::${text(rule?.Lifecycle?.DeleteAfterDays)}::planned-${DEFAULT_BACKUP_RETENTION_DAYS}`);
    });
    return findings(problems);
  },
};
