import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { integerRangeProblem, throwIfProblems } from '../core/prop-checks';

export interface PlatformBackupProps {
  /** The tenant's customer-managed key: recovery points are encrypted under it, so crypto-shredding covers backups too. */
  readonly encryptionKey: kms.IKey;
  /** What to back up. */
  readonly resources: backup.BackupResource[];
  /**
   * Days a daily recovery point is kept (7..3650).
   * @default 35
   */
  readonly retentionDays?: number;
}

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
    const retentionDays = props.retentionDays ?? 35;
    throwIfProblems(this.node.path, 'PlatformBackup', integerRangeProblem('retentionDays', retentionDays, RETENTION_MIN, RETENTION_MAX));
    this.vault = new backup.BackupVault(this, 'Vault', { encryptionKey: props.encryptionKey, removalPolicy: RemovalPolicy.RETAIN });
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
    const selection = this.plan.addSelection('Selection', { resources: props.resources, allowRestores: false });
    if (!(selection.grantPrincipal instanceof iam.Role)) {
      throw new Error(`${this.node.path}: expected the backup selection to create its own role`);
    }
    acknowledge(selection.grantPrincipal, 'awsBackupServiceRole');
  }
}
