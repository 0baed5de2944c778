import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { integerRangeProblem, throwIfProblems } from '../core/prop-checks';
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_TENANT_DATABASE, TENANT_OPTION_LIMITS } from '../config/platform-config';
import { DB_INSTANCE_IDENTIFIER, HTTPS_PORT, POSTGRES_PORT, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

/** PostgreSQL log streams exported to CloudWatch Logs. */
export const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;
const BACKUP_RETENTION_DAYS = TENANT_OPTION_LIMITS.backupRetentionDays;

export interface TenantDatabaseProps {
  readonly tenantId: string;
  readonly vpc: ec2.IVpc;
  /** Isolated subnets for the instance and its rotation function. */
  readonly subnets: ec2.SubnetSelection;
  /** The tenant's customer-managed key: storage, the master secret, Performance Insights and the log groups. */
  readonly encryptionKey: kms.IKey;
  /** The only security group whose members may connect (TCP 5432), besides the rotation function. */
  readonly clientSecurityGroup: ec2.ISecurityGroup;
  /**
   * A standby in a second AZ. Doubles the instance cost; keep it on for production tenants.
   * @default true
   */
  readonly multiAz?: boolean;
  /** @default t4g.medium */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Automated backup retention in days (7..35).
   * @default 14
   */
  readonly backupRetentionDays?: number;
  /** @default 365 days (DEFAULT_LOG_RETENTION_DAYS) */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.SNAPSHOT */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Deletion protection; off only for a tenant being offboarded, so destroying its stack can delete the instance (after
   * a final snapshot under the tenant key, unreadable once the key is gone).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A tenant's PostgreSQL database in the isolated subnets: storage, master secret, Performance Insights and log groups
 * encrypted with the tenant key; TLS forced (`rds.force_ssl = 1`) and connections logged; IAM authentication; the
 * master secret rotated every 30 days by a function inside the VPC; automated backups, deletion protection, tags
 * copied to snapshots, enhanced monitoring. Its security group admits TCP 5432 from the client group and the rotation
 * function only, and sends nothing.
 */
export class TenantDatabase extends Construct {
  public readonly instance: rds.DatabaseInstance;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly rotationSecurityGroup: ec2.SecurityGroup;
  public readonly parameterGroup: rds.ParameterGroup;
  public readonly secret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: TenantDatabaseProps) {
    super(scope, id);
    const backupRetentionDays = props.backupRetentionDays ?? DEFAULT_TENANT_DATABASE.backupRetentionDays;
    throwIfProblems(this.node.path, 'TenantDatabase', integerRangeProblem('backupRetentionDays', backupRetentionDays, BACKUP_RETENTION_DAYS.min, BACKUP_RETENTION_DAYS.max));
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_18 });
    const instanceIdentifier = DB_INSTANCE_IDENTIFIER(props.tenantId);

    const securityGroups = this.createSecurityGroups(props);
    this.securityGroup = securityGroups.database;
    this.rotationSecurityGroup = securityGroups.rotation;
    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `Tenant ${props.tenantId}: TLS only, connections logged`,
      parameters: { 'rds.force_ssl': '1', log_connections: '1', log_disconnections: '1' },
    });
    const logGroups = this.createLogGroups(instanceIdentifier, props);

    this.instance = this.createInstance(props, engine, instanceIdentifier, backupRetentionDays);
    logGroups.forEach((group) => this.instance.node.addDependency(group));
    this.secret = this.instance.secret!;
    this.admitClientsAndRotateSecret(props);
    this.acknowledgeFindings();
  }

  /** The database's group (no egress) and the rotation function's (HTTPS to the VPC endpoints only), both protected. */
  private createSecurityGroups(props: TenantDatabaseProps): { database: ec2.SecurityGroup; rotation: ec2.SecurityGroup } {
    const database = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Database of tenant ${props.tenantId}: in TCP ${POSTGRES_PORT} from the runtime and the rotation function, no egress`,
      allowAllOutbound: false,
    });
    const rotation = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `Secret rotation of tenant ${props.tenantId}: out to the database and the VPC endpoints only`,
      allowAllOutbound: false,
    });
    // Firewall configuration is protected like the network's (the tag-protection SCP in lib/guardrails/).
    for (const sg of [database, rotation]) {
      Tags.of(sg).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    }
    rotation.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(HTTPS_PORT), 'Secrets Manager through the VPC endpoint');
    return { database, rotation };
  }

  /**
   * RDS creates its log groups on first export, unencrypted and kept forever; creating them first, under the tenant
   * key and with a retention, is the only way to control both (the key policy admits this prefix).
   */
  private createLogGroups(instanceIdentifier: string, props: TenantDatabaseProps): logs.LogGroup[] {
    return DATABASE_LOG_EXPORTS.map((stream) => {
      const logGroup = new logs.LogGroup(this, `${stream[0].toUpperCase()}${stream.slice(1)}Logs`, {
        logGroupName: `/aws/rds/instance/${instanceIdentifier}/${stream}`,
        encryptionKey: props.encryptionKey,
        retention: props.logRetention ?? DEFAULT_LOG_RETENTION_DAYS,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      (logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
      return logGroup;
    });
  }

  private createInstance(props: TenantDatabaseProps, engine: rds.IInstanceEngine, instanceIdentifier: string, backupRetentionDays: number): rds.DatabaseInstance {
    return new rds.DatabaseInstance(this, 'Resource', {
      engine,
      instanceIdentifier,
      instanceType: props.instanceType ?? new ec2.InstanceType(DEFAULT_TENANT_DATABASE.instanceType),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      port: POSTGRES_PORT,
      multiAz: props.multiAz ?? DEFAULT_TENANT_DATABASE.multiAz,
      publiclyAccessible: false,
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      storageType: rds.StorageType.GP3,
      allocatedStorage: 20,
      maxAllocatedStorage: 200,
      credentials: rds.Credentials.fromGeneratedSecret('tenant_admin', { encryptionKey: props.encryptionKey }),
      iamAuthentication: true,
      parameterGroup: this.parameterGroup,
      cloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      backupRetention: Duration.days(backupRetentionDays),
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.encryptionKey,
      monitoringInterval: Duration.seconds(60),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
    });
  }

  /** The database port for the client group and the rotation function; the master secret rotated every 30 days. */
  private admitClientsAndRotateSecret(props: TenantDatabaseProps): void {
    // A literal port rather than allowDefaultPortFrom(): the instance's port is a token there, which no rule can judge.
    this.instance.connections.allowFrom(props.clientSecurityGroup, ec2.Port.tcp(POSTGRES_PORT), 'Workflow runtime');
    this.instance.connections.allowFrom(this.rotationSecurityGroup, ec2.Port.tcp(POSTGRES_PORT), 'Secret rotation');
    // Hosted rotation (a Secrets Manager-managed function, placed in the VPC) rather than addRotationSingleUser(): the
    // latter opens the database port to the rotation group a second time with a token port no rule can judge.
    this.secret.addRotationSchedule('Rotation', {
      automaticallyAfter: Duration.days(30),
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc: props.vpc, vpcSubnets: props.subnets, securityGroups: [this.rotationSecurityGroup] }),
    });
  }

  private acknowledgeFindings(): void {
    acknowledge(this.instance, 'databaseDefaultPort');
    const monitoringRole = this.instance.node.tryFindChild('MonitoringRole');
    if (!monitoringRole) {
      throw new Error(`${this.node.path}: expected the instance to create its enhanced-monitoring role`);
    }
    acknowledge(monitoringRole, 'rdsEnhancedMonitoringRole');
  }
}
