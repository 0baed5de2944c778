import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { ControlPlaneConfig, SidecarConfig, TENANT_SUBNETS, TenantConfig, TenantPlan, tenantPlan } from '../config/platform-config';
import { PlatformBackup } from '../data/platform-backup';
import { PlatformBucket } from '../data/platform-bucket';
import { PlatformTable } from '../data/platform-table';
import { TenantDatabase } from '../data/tenant-database';
import { DatabaseAppUser } from '../data/database-app-user';
import { RestoreTesting } from '../data/restore-testing';
import { TenantDataExport } from '../data/tenant-data-export';
import { PlatformKey } from '../kms/platform-key';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { hubReferenceFor } from '../network/network-hub';
import { TenantNetwork } from '../network/tenant-network';
import { TenantIngressScope } from '../detection/tenant-ingress-scope';
import { RuntimeHostGroup } from '../runtime/runtime-host-group';
import { TenantApiKeys } from '../edge/tenant-api-keys';
import { RuntimeSettings } from '../runtime/runtime-settings';
import { TRANSIENT_OBJECT_PREFIX, TRANSIENT_RECORD_TTL_ATTRIBUTE, transientObjectDays } from '../../contracts/retention';
import { PlanVerifier } from '../signing/plan-verifier';
import { PlatformStack, PlatformStackProps } from './platform-stack';

export interface TenantStackProps extends PlatformStackProps {
  readonly tenant: TenantConfig;
  readonly controlPlane: ControlPlaneConfig;
  /** The metering sidecar releases; the hosts run the active one. @default - no sidecar */
  readonly sidecar?: SidecarConfig;
  /**
   * Whether the account proves this tenant's network with Network Access Analyzer (accountBaseline.networkProofs).
   * @default true
   */
  readonly networkProofs?: boolean;
  /**
   * For a tenant in another account than the hub's: the ARN of the hub's shared transit gateway id parameter. The stack
   * then attaches without associating or propagating (the hub owner's acceptor routes the attachment).
   * @default - the hub is in this account: its ids are read by name and the stack routes its own attachment
   */
  readonly sharedTransitGatewayParameterArn?: string;
  /** For a tenant in another account: the control plane's (hub's) account, which invokes the export function. @default - this account */
  readonly controlPlaneAccount?: string;
}

/**
 * One tenant's data plane: its key, its isolated network, its data stores and backups, its runtime hosts and its plan
 * verifier, all under the tenant's key and named by its plan (`tenantPlan`). Deployed
 * on its own (`cdk deploy Tenant-<id>`); it reads the hub from SSM, so it never depends on another stack's exports.
 */
export class TenantStack extends PlatformStack {
  public readonly kind = 'tenant' as const;
  public readonly key: PlatformKey;
  public readonly network: TenantNetwork;
  /** The Network Access Analyzer scope of who may reach into this tenant's VPC, when network proofs are on. */
  public readonly ingressScope?: TenantIngressScope;
  public readonly bucket: PlatformBucket;
  public readonly table: PlatformTable;
  public readonly backup: PlatformBackup;
  public readonly database: TenantDatabase;
  /** The database's IAM-authenticated app user, its provisioning and the migration role. */
  public readonly databaseUser: DatabaseAppUser;
  /** Restore tests of the database and table backups, validated and reported. */
  public readonly restoreTesting: RestoreTesting;
  /** The tenant's GDPR export: its export bucket and the export function the control plane invokes by name. */
  public readonly dataExport: TenantDataExport;
  public readonly runtime: RuntimeHostGroup;
  /** Where this tenant lives and what its resources are called. */
  public readonly plan: TenantPlan;
  /** The tenant's API keys (values in secrets under the tenant key) and usage plan on the control-plane API. */
  public readonly apiKeys: TenantApiKeys;
  /** Verifies signed execution plans for this tenant's runtime. */
  public readonly planVerifier: PlanVerifier;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    const { tenant } = props;
    super(scope, id, { description: `Tenant baseline: data plane of tenant ${tenant.id}`, terminationProtection: true, ...props });
    const plan = (this.plan = tenantPlan(tenant));
    const logRetention = tenant.logRetentionDays as logs.RetentionDays;
    this.key = new PlatformKey(this, 'Key', {
      alias: plan.keyAlias,
      description: `Tenant ${tenant.id}: encrypts every data store and log of this tenant, and nothing of any other`,
      logGroupNamePrefixes: [plan.logGroupPrefix, plan.databaseLogGroupPrefix],
      // Offboarding: destroying the stack (CloudFormation, as the deploy role) schedules the key's deletion.
      ...(tenant.state === 'offboarding' ? { removalPolicy: RemovalPolicy.DESTROY, pendingWindow: Duration.days(tenant.keyDeletionWindowDays!) } : {}),
    });
    Tags.of(this.key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    if (tenant.erasureRequestId !== undefined) {
      // The hand-off from the control plane's erasure ledger: the deployed key names the request it is erased for.
      Tags.of(this.key).add(TAG_KEYS.erasureRequest, tenant.erasureRequestId);
    }
    this.network = new TenantNetwork(this, 'Network', {
      tenantId: tenant.id,
      tenantNumber: tenant.number,
      controlPlaneCidr: props.controlPlane.cidr,
      encryptionKey: this.key.key,
      hub: hubReferenceFor(this, 'tenant', props.sharedTransitGatewayParameterArn),
      flowLogRetention: logRetention,
    });
    if (props.networkProofs ?? true) {
      this.ingressScope = new TenantIngressScope(this, 'IngressScope', { vpc: this.network.vpc, runtimeSubnets: { subnetGroupName: TENANT_SUBNETS.runtime }, controlPlaneCidr: props.controlPlane.cidr, tenantId: tenant.id });
    }
    // Transient records (seed 004: kept 24 hours unless configured): table items with the TTL attribute, objects under the prefix.
    const transientObjects = { prefix: TRANSIENT_OBJECT_PREFIX, expirationDays: transientObjectDays(tenant.retention.transientHours) };
    this.bucket = new PlatformBucket(this, 'Bucket', { encryptionKey: this.key.key, transientObjects });
    this.table = new PlatformTable(this, 'Table', { encryptionKey: this.key.key, deletionProtection: tenant.state !== 'offboarding', timeToLiveAttribute: TRANSIENT_RECORD_TTL_ATTRIBUTE });
    this.database = this.createDatabase(tenant, logRetention);
    this.databaseUser = new DatabaseAppUser(this, 'DatabaseUser', {
      tenantId: tenant.id,
      database: this.database,
      appUser: tenant.database.appUser,
      migrationPrincipalArns: tenant.database.migrationPrincipalArns,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.data },
      encryptionKey: this.key.key,
      logGroupPrefix: plan.logGroupPrefix,
      logRetention,
    });
    this.backup = new PlatformBackup(this, 'Backup', {
      encryptionKey: this.key.key,
      ...(tenant.backup.vaultLock ? { vaultLock: tenant.backup.vaultLock } : {}),
      resources: [backup.BackupResource.fromDynamoDbTable(this.table.table), backup.BackupResource.fromRdsDatabaseInstance(this.database.instance)],
      buckets: [this.bucket.bucket],
    });
    this.restoreTesting = new RestoreTesting(this, 'RestoreTesting', {
      tenantId: tenant.id,
      vault: this.backup.vault,
      database: this.database,
      table: this.table.table,
      bucket: this.bucket.bucket,
      encryptionKey: this.key.key,
      schedule: tenant.backup.restoreTestSchedule,
      vpc: this.network.vpc,
      functionSubnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      logGroupPrefix: plan.logGroupPrefix,
      logRetention,
    });
    this.dataExport = new TenantDataExport(this, 'DataExport', {
      tenantId: tenant.id,
      table: this.table.table,
      bucket: this.bucket.bucket,
      encryptionKey: this.key.key,
      retentionDays: props.controlPlane.exportRetentionDays,
      ...(props.controlPlaneAccount !== undefined ? { controlPlaneAccount: props.controlPlaneAccount } : {}),
      vpc: this.network.vpc,
      functionSubnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      logGroupPrefix: plan.logGroupPrefix,
      logRetention,
    });
    this.runtime = this.createRuntime(tenant, props.sidecar?.active);
    this.apiKeys = new TenantApiKeys(this, 'ApiKeys', { tenantId: tenant.id, encryptionKey: this.key.key, apiAccess: tenant.apiAccess });
    this.apiKeys.grantReadActive(this.runtime.role);
    new RuntimeSettings(this, 'RuntimeSettings', { tenantId: tenant.id, activeApiKeySecret: this.apiKeys.activeSecret, transientHours: tenant.retention.transientHours, reader: this.runtime.role });
    this.planVerifier = this.createPlanVerifier(plan, logRetention, props.controlPlane.planSigning.jwksMaxAgeSeconds);
    Tags.of(this).add(TAG_KEYS.tenant, tenant.id);
    Tags.of(this).add(TAG_KEYS.component, 'tenant-data-plane');
  }

  private createDatabase(tenant: TenantConfig, logRetention: logs.RetentionDays): TenantDatabase {
    const database = new TenantDatabase(this, 'Database', {
      tenantId: tenant.id,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.data },
      encryptionKey: this.key.key,
      clientSecurityGroup: this.network.runtimeSecurityGroup,
      multiAz: tenant.database.multiAz,
      instanceType: new ec2.InstanceType(tenant.database.instanceType),
      backupRetentionDays: tenant.database.backupRetentionDays,
      logRetention,
      deletionProtection: tenant.state !== 'offboarding',
    });
    if (tenant.state === 'offboarding') {
      acknowledge(database.instance, 'offboardingDeletionProtection');
    }
    return database;
  }

  /** The runtime hosts, with read-write use of this tenant's bucket and table, and its database as the app user. */
  private createRuntime(tenant: TenantConfig, sidecarRelease: string | undefined): RuntimeHostGroup {
    const runtime = new RuntimeHostGroup(this, 'Runtime', {
      tenantId: tenant.id,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      securityGroup: this.network.runtimeSecurityGroup,
      encryptionKey: this.key.key,
      capacity: { min: tenant.runtime.minHosts, max: tenant.runtime.maxHosts },
      instanceType: new ec2.InstanceType(tenant.runtime.instanceType),
      ...(sidecarRelease !== undefined ? { sidecarRelease } : {}),
    });
    // The runtime may use this tenant's bucket, table and key, and connect to its database as the app user with an IAM
    // token, and nothing else: each grant names the resource's own ARN. Never the master secret.
    this.bucket.bucket.grantReadWrite(runtime.role);
    this.table.table.grantReadWriteData(runtime.role);
    this.databaseUser.grantConnect(runtime.role);
    return runtime;
  }

  /** The plan verifier, and the runtime's permission to invoke exactly it (added after the runtime's data grants). */
  private createPlanVerifier(plan: TenantPlan, logRetention: logs.RetentionDays, jwksMaxAgeSeconds: number): PlanVerifier {
    const planVerifier = new PlanVerifier(this, 'PlanVerification', {
      tenant: plan,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      encryptionKey: this.key.key,
      logRetention,
      jwksMaxAgeSeconds,
    });
    // Exactly this function's ARN (no version wildcard), in the runtime role's acknowledged grant policy.
    this.runtime.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [planVerifier.function.functionArn] }));
    acknowledge(this.runtime.role.node.findChild('DefaultPolicy'), 'runtimeGrantPolicy');
    return planVerifier;
  }
}
