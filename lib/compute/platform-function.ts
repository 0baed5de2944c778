import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PLATFORM_PREFIX } from '../naming';
import { DEFAULT_LOG_RETENTION_DAYS } from '../config/platform-config';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

/** The Node.js runtime every handler runs on. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface PlatformFunctionProps {
  /** The handler file, relative to the repository root (e.g. `lambda/health-check/handler.ts`); exports `handler`. */
  readonly entry: string;
  /** Short name; the log group is `/tenant-baseline/<logGroupScope>/<name>`. */
  readonly name: string;
  readonly description: string;
  /** Log group path segment between the prefix and the name, e.g. `control-plane/`; the key must admit it. */
  readonly logGroupPrefix: string;
  /** Encrypts the log group and the environment variables. */
  readonly encryptionKey: kms.IKey;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly environment?: Record<string, string>;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** Cap on concurrent executions, so one function cannot starve the account's pool. @default 20 */
  readonly reservedConcurrency?: number;
  /** @default 365 days (DEFAULT_LOG_RETENTION_DAYS) */
  readonly logRetention?: logs.RetentionDays;
  /** Modules left out of the bundle besides the AWS SDK (an optional native add-on a dependency never loads). @default [] */
  readonly externalModules?: string[];
}

/** Where a group of functions runs and logs: the part of their props that the functions of one plane share. */
export type PlatformFunctionPlacement = Pick<PlatformFunctionProps, 'vpc' | 'subnets' | 'securityGroup' | 'encryptionKey' | 'logGroupPrefix'>;

/**
 * A Lambda function with the platform's defaults in one place: bundled by NodejsFunction with the local esbuild
 * (minified, AWS SDK v3 left to the runtime), Node.js 24 on arm64, in the VPC's private subnets, X-Ray tracing, JSON
 * logs into a pre-created log group under a customer-managed key with a finite retention, environment encrypted with
 * the same key, reserved concurrency, and a role whose only permissions are a customer-managed policy: what Lambda
 * needs to run in a VPC and trace, plus what the caller adds with `allow()` (exact actions on exact resources).
 */
export class PlatformFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `${props.logGroupPrefix}${props.name}`,
      encryptionKey: props.encryptionKey,
      retention: props.logRetention ?? DEFAULT_LOG_RETENTION_DAYS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    this.role = new iam.Role(this, 'Role', {
      description: `${PLATFORM_PREFIX} ${props.name}: ${props.description}`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `${props.name}: logs, VPC networking and tracing, plus its own data access`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
        // EC2 and X-Ray do not support resource-level permissions for these calls: '*' is the only valid resource.
        new iam.PolicyStatement({
          sid: 'VpcNetworking',
          actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({ sid: 'Tracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    });
    acknowledge(this.policy, 'lambdaVpcAndTracingWildcards');

    this.function = new nodejs.NodejsFunction(this, 'Resource', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      // CDK would add the tracing permissions again as an inline policy; the managed policy above already has them.
      role: this.role.withoutPolicyUpdates(),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [props.securityGroup],
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environmentEncryption: props.encryptionKey,
      environment: { POWERTOOLS_SERVICE_NAME: props.name, ...props.environment },
      reservedConcurrentExecutions: props.reservedConcurrency ?? 20,
      bundling: { minify: true, sourceMap: false, target: 'node22', externalModules: ['@aws-sdk/*', ...(props.externalModules ?? [])], format: nodejs.OutputFormat.CJS },
    });
    // The role's policy must exist before the function is created, or the first cold start cannot reach the VPC.
    this.function.node.addDependency(this.policy);
    acknowledge(this.function, 'synchronousFunctionNoDlq');
  }

  /** Lets the function do exactly these actions on exactly these resources (optionally under conditions). */
  public allow(sid: string, actions: string[], resources: string[], conditions?: Record<string, Record<string, unknown>>): void {
    this.policy.addStatements(new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }));
  }
}
