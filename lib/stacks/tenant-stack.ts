import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ControlPlaneConfig, TenantConfig } from '../config/platform-config';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as logs from 'aws-cdk-lib/aws-logs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformBackup } from '../data/platform-backup';
import { PlatformBucket } from '../data/platform-bucket';
import { TenantDatabase } from '../data/tenant-database';
import { PlatformTable } from '../data/platform-table';
import { PlatformKey } from '../kms/platform-key';
import { PlatformFunction } from '../compute/platform-function';
import { HTTPS_PORT, KEY_ALIASES, LOG_GROUP_PREFIXES, PROTECTION_TAG_VALUE, RDS_LOG_GROUP_PREFIX, TAG_KEYS } from '../naming';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { hubReferenceFor } from '../network/network-hub';
import { TENANT_SUBNETS, TenantNetwork } from '../network/tenant-network';
import { RuntimeHostGroup } from '../runtime/runtime-host-group';

export interface TenantStackProps extends StackProps {
  readonly tenant: TenantConfig;
  readonly controlPlane: ControlPlaneConfig;
}

/**
 * One tenant's data plane: its key and its isolated network (later issues add its data stores and runtime). Deployed
 * on its own (`cdk deploy Tenant-<id>`); it reads the hub from SSM, so it never depends on another stack's exports.
 */
export class TenantStack extends Stack {
  public readonly key: PlatformKey;
  public readonly network: TenantNetwork;
  public readonly bucket: PlatformBucket;
  public readonly table: PlatformTable;
  public readonly backup: PlatformBackup;
  public readonly database: TenantDatabase;
  public readonly runtime: RuntimeHostGroup;
  /** Verifies signed execution plans for this tenant's runtime. */
  public readonly planVerifier: PlatformFunction;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    const { tenant } = props;
    super(scope, id, { description: `Tenant baseline: data plane of tenant ${tenant.id}`, terminationProtection: true, ...props });
    const logRetention = (tenant.logRetentionDays ?? logs.RetentionDays.ONE_YEAR) as logs.RetentionDays;
    this.key = new PlatformKey(this, 'Key', {
      alias: KEY_ALIASES.tenant(tenant.id),
      description: `Tenant ${tenant.id}: encrypts every data store and log of this tenant, and nothing of any other`,
      logGroupNamePrefixes: [LOG_GROUP_PREFIXES.tenant(tenant.id), RDS_LOG_GROUP_PREFIX(tenant.id)],
    });
    Tags.of(this.key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    this.network = new TenantNetwork(this, 'Network', {
      tenantId: tenant.id,
      tenantNumber: tenant.number,
      controlPlaneCidr: props.controlPlane.cidr,
      encryptionKey: this.key.key,
      hub: hubReferenceFor(this, 'tenant'),
      flowLogRetention: logRetention,
    });
    this.bucket = new PlatformBucket(this, 'Bucket', { encryptionKey: this.key.key });
    acknowledge(this.bucket.accessLogBucket, 'tenantAccessLogBucketSseS3');
    this.table = new PlatformTable(this, 'Table', { encryptionKey: this.key.key });
    this.database = new TenantDatabase(this, 'Database', {
      tenantId: tenant.id,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.data },
      encryptionKey: this.key.key,
      clientSecurityGroup: this.network.runtimeSecurityGroup,
      multiAz: tenant.database?.multiAz,
      instanceType: tenant.database?.instanceType ? new ec2.InstanceType(tenant.database.instanceType) : undefined,
      backupRetentionDays: tenant.database?.backupRetentionDays,
      logRetention,
    });
    this.backup = new PlatformBackup(this, 'Backup', {
      encryptionKey: this.key.key,
      resources: [backup.BackupResource.fromDynamoDbTable(this.table.table), backup.BackupResource.fromRdsDatabaseInstance(this.database.instance)],
    });
    this.runtime = new RuntimeHostGroup(this, 'Runtime', {
      tenantId: tenant.id,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      securityGroup: this.network.runtimeSecurityGroup,
      encryptionKey: this.key.key,
      capacity: { min: tenant.runtime?.minHosts, max: tenant.runtime?.maxHosts },
      instanceType: tenant.runtime?.instanceType ? new ec2.InstanceType(tenant.runtime.instanceType) : undefined,
    });
    // The runtime may use this tenant's bucket, table, database secret and key and nothing else: each grant names the
    // resource's own ARN.
    this.bucket.bucket.grantReadWrite(this.runtime.role);
    this.table.table.grantReadWriteData(this.runtime.role);
    this.database.secret.grantRead(this.runtime.role);

    // The data-plane side of signed plans: the runtime hands each plan and its token to this function, which checks
    // them against the control plane's JWKS (URLs from the control plane's SSM parameters, read at deploy time).
    const verifierSecurityGroup = new ec2.SecurityGroup(this, 'PlanVerifierSecurityGroup', {
      vpc: this.network.vpc,
      description: `Plan verifier of tenant ${tenant.id}: HTTPS out to the control plane JWKS only`,
      allowAllOutbound: false,
    });
    verifierSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS to the control-plane JWKS');
    Tags.of(verifierSecurityGroup).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    this.planVerifier = new PlatformFunction(this, 'PlanVerifier', {
      entry: 'lambda/plan-verifier/handler.ts',
      name: 'plan-verifier',
      description: `Verifies signed execution plans for tenant ${tenant.id}`,
      logGroupPrefix: LOG_GROUP_PREFIXES.tenant(tenant.id),
      encryptionKey: this.key.key,
      vpc: this.network.vpc,
      subnets: { subnetGroupName: TENANT_SUBNETS.runtime },
      securityGroup: verifierSecurityGroup,
      logRetention,
      environment: {
        JWKS_URL: ssm.StringParameter.valueForStringParameter(this, CONTROL_PLANE_PARAMETERS.jwksUrl),
        PLAN_ISSUER: ssm.StringParameter.valueForStringParameter(this, CONTROL_PLANE_PARAMETERS.apiUrl),
        TENANT_ID: tenant.id,
      },
    });
    // Exactly this function's ARN (no version wildcard), in the runtime role's acknowledged grant policy.
    this.runtime.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.planVerifier.function.functionArn] }));
    acknowledge(this.runtime.role.node.findChild('DefaultPolicy'), 'runtimeGrantPolicy');
    Tags.of(this).add(TAG_KEYS.tenant, tenant.id);
    Tags.of(this).add(TAG_KEYS.component, 'tenant-data-plane');
  }
}
