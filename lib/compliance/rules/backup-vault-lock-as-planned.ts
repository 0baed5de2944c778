import { NagMessageLevel } from 'cdk-nag';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';

/** The days before a planned lock becomes immutable (lib/data/platform-backup.ts VAULT_LOCK_GRACE_DAYS). */
const GRACE_DAYS = 3;

/**
 * A tenant's backup vault carries exactly the configured Vault Lock (`tenants[].backup.vaultLock`): compliance mode
 * (a grace period of 3 days, then immutable) with the configured minimum and maximum retention, or no lock when none
 * is configured. A lock removed, shortened or left in governance mode (no grace period: changeable forever) fails.
 */
export const BackupVaultLockAsPlanned: TemplateRule = {
  id: 'BackupVaultLockAsPlanned',
  resourceTypes: ['AWS::Backup::BackupVault'],
  judges: { 'AWS::Backup::BackupVault': ['LockConfiguration', 'LockConfiguration.MinRetentionDays', 'LockConfiguration.MaxRetentionDays', 'LockConfiguration.ChangeableForDays'] },
  info: "A tenant's backup vault lock differs from the configured one (minimum, maximum, compliance mode), or is present when none is configured.",
  explanation: 'Seed 001 / HIPAA 164.308(a)(7): backups that an intruder or a mistake can delete before their retention are no contingency plan.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-A1.2', 'HIPAA-164.308(a)(7)'],
  check(resource, context) {
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const planned = tenantConfig(context.topology, context.role.tenantId).backup.vaultLock;
    const lock = resource.Properties?.LockConfiguration;
    const actual = lock === undefined ? 'none' : `${lock.MinRetentionDays}/${lock.MaxRetentionDays}/${lock.ChangeableForDays}`;
    const expected = planned === undefined ? 'none' : `${planned.minRetentionDays}/${planned.maxRetentionDays}/${GRACE_DAYS}`;
    return findings(actual === expected ? [] : [`LockConfiguration::${actual}::planned-${expected}`]);
  },
};
