import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { integerRangeProblem, throwIfProblems } from '../core/prop-checks';
import { DEFAULT_BACKUP_RETENTION_DAYS, VaultLockConfig } from '../config/platform-config';

export interface PlatformBackupProps {
  /** The tenant's customer-managed key: recovery points are encrypted under it, so crypto-shredding covers backups too. */
  readonly encryptionKey: kms.IKey;
  /** What to back up. */
  readonly resources: backup.BackupResource[];
  /**
   * Buckets to back up too (they must be versioned, as AWS Backup for S3 requires). The backup role then also holds
   * AWS's S3 backup policy (AWSBackupServiceRolePolicyForS3Backup), which AWSBackupServiceRolePolicyForBackup lacks.
   * @default - no bucket
   */
  readonly buckets?: s3.IBucket[];
  /**
   * Days a daily recovery point is kept (7..3650).
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * Vault Lock in compliance mode (immutable after a 3-day grace period): no recovery point can be deleted before the
   * minimum, and none kept beyond the maximum. @default - no lock
   */
  readonly vaultLock?: VaultLockConfig;
}

/** AWS's managed policies for backing up and restoring S3 (no `service-role/` path, unlike the Backup service policies). */
export const S3_BACKUP_POLICY = 'AWSBackupServiceRolePolicyForS3Backup';
export const S3_RESTORE_POLICY = 'AWSBackupServiceRolePolicyForS3Restore';

/** The days before a vault lock becomes immutable (AWS Backup's minimum cooling-off period is 72 hours). */
export const VAULT_LOCK_GRACE_DAYS = 3;

const RETENTION_MIN = 7;
const RETENTION_MAX = 3650;

/**
 * AWS Backup for a tenant's data stores: a vault encrypted with the tenant key (retained on stack delete) and a daily
 * plan with a finite retention. Complements point-in-time recovery with recovery points that survive a table or
 * database being deleted.
 */
export class PlatformBackup extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: PlatformBackupProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS;
    throwIfProblems(this.node.path, 'PlatformBackup', integerRangeProblem('retentionDays', retentionDays, RETENTION_MIN, RETENTION_MAX));
    const lock = props.vaultLock;
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(lock ? { lockConfiguration: { minRetention: Duration.days(lock.minRetentionDays), maxRetention: Duration.days(lock.maxRetentionDays), changeableFor: Duration.days(VAULT_LOCK_GRACE_DAYS) } } : {}),
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
          deleteAfter: Duration.days(retentionDays),
        }),
      ],
    });
    const buckets = props.buckets ?? [];
    const resources = [...props.resources, ...buckets.map((b) => backup.BackupResource.fromArn(b.bucketArn))];
    const selection = this.plan.addSelection('Selection', { resources, allowRestores: false });
    if (!(selection.grantPrincipal instanceof iam.Role)) {
      throw new Error(`${this.node.path}: expected the backup selection to create its own role`);
    }
    acknowledge(selection.grantPrincipal, 'awsBackupServiceRole');
    if (buckets.length > 0) {
      selection.grantPrincipal.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(S3_BACKUP_POLICY));
      acknowledge(selection.grantPrincipal, 'awsBackupS3BackupPolicy');
    }
  }
}
