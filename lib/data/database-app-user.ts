import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { appUserProblem } from '../../contracts/database-user';
import { PlatformFunction } from '../compute/platform-function';
import { throwIfProblems } from '../core/prop-checks';
import { POSTGRES_PORT } from '../naming';
import { TenantDatabase } from './tenant-database';

/** Where the Lambda runtime keeps the CA bundle that includes the Amazon RDS certificate authorities. */
const LAMBDA_CA_BUNDLE = '/var/runtime/ca-cert.pem';

export interface DatabaseAppUserProps {
  readonly tenantId: string;
  readonly database: TenantDatabase;
  /** The application's database user (a PostgreSQL identifier, not a reserved role). */
  readonly appUser: string;
  /** Exact role ARNs that may assume the migration role. @default [] (no migration role) */
  readonly migrationPrincipalArns?: readonly string[];
  readonly vpc: ec2.IVpc;
  /** The database's isolated subnets: the provisioning function runs there. */
  readonly subnets: ec2.SubnetSelection;
  readonly encryptionKey: kms.IKey;
  readonly logGroupPrefix: string;
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The tenant database's application user and who holds the master secret. The runtime hosts get `rds-db:connect` as
 * the app user of this instance only (`grantConnect`), never the master secret. A provisioning function in the data
 * subnets (in the database's master-secret group, the rotation's) reads the master secret and makes the app user
 * exist: IAM authentication only, no password, rows in schema public, no schema changes, not a superuser. A migration
 * role, assumable only by the configured principals, reads the master secret and may invoke the provisioning.
 */
export class DatabaseAppUser extends Construct {
  public readonly appUser: string;
  public readonly provisioner: PlatformFunction;
  /** Absent when no migration principals are configured. */
  public readonly migrationRole?: iam.Role;
  private readonly database: TenantDatabase;

  constructor(scope: Construct, id: string, props: DatabaseAppUserProps) {
    super(scope, id);
    const problem = appUserProblem(props.appUser);
    throwIfProblems(this.node.path, 'DatabaseAppUser', problem ? [`'appUser' must ${problem}, got ${JSON.stringify(props.appUser)}`] : []);
    this.appUser = props.appUser;
    this.database = props.database;
    const env = FUNCTION_ENVIRONMENT.databaseUser;
    this.provisioner = new PlatformFunction(this, 'Provisioner', {
      entry: 'lambda/database-user/handler.ts',
      name: 'database-user',
      description: `Creates the IAM-authenticated app user of tenant ${props.tenantId}'s database`,
      logGroupPrefix: props.logGroupPrefix,
      encryptionKey: props.encryptionKey,
      vpc: props.vpc,
      subnets: props.subnets,
      securityGroup: props.database.rotationSecurityGroup,
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
      reservedConcurrency: 1,
      externalModules: ['pg-native'],
      environment: {
        [env.masterSecretArn]: props.database.secret.secretArn,
        [env.appUser]: props.appUser,
        [env.host]: props.database.instance.dbInstanceEndpointAddress,
        [env.port]: String(POSTGRES_PORT),
        NODE_EXTRA_CA_CERTS: LAMBDA_CA_BUNDLE,
      },
    });
    this.provisioner.allow('ReadMasterSecret', ['secretsmanager:GetSecretValue'], [props.database.secret.secretArn]);
    this.provisioner.allow('DecryptMasterSecretThroughSecretsManager', ['kms:Decrypt'], [props.encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
    });
    const principals = props.migrationPrincipalArns ?? [];
    if (principals.length > 0) {
      this.migrationRole = new iam.Role(this, 'MigrationRole', {
        description: `Tenant ${props.tenantId}: schema migrations as the database master user, and the app user's provisioning`,
        assumedBy: new iam.CompositePrincipal(...principals.map((arn) => new iam.ArnPrincipal(arn))),
        maxSessionDuration: Duration.hours(1),
      });
      new iam.ManagedPolicy(this, 'MigrationPolicy', {
        description: `Tenant ${props.tenantId} migrations: read the master secret, run the app user's provisioning`,
        roles: [this.migrationRole],
        statements: [
          new iam.PolicyStatement({ sid: 'ReadMasterSecret', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [props.database.secret.secretArn] }),
          new iam.PolicyStatement({
            sid: 'DecryptMasterSecretThroughSecretsManager',
            actions: ['kms:Decrypt'],
            resources: [props.encryptionKey.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
          }),
          new iam.PolicyStatement({ sid: 'ProvisionAppUser', actions: ['lambda:InvokeFunction'], resources: [this.provisioner.function.functionArn] }),
        ],
      });
    }
  }

  /** The `rds-db:connect` resource of the app user on this instance: `dbuser:<DbiResourceId>/<user>`. */
  public get connectArn(): string {
    return `arn:${Aws.PARTITION}:rds-db:${Aws.REGION}:${Aws.ACCOUNT_ID}:dbuser:${this.database.instance.instanceResourceId}/${this.appUser}`;
  }

  /** Lets `grantee` connect as the app user of this instance, with an IAM authentication token, and as nobody else. */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['rds-db:connect'], resourceArns: [this.connectArn] });
  }
}
