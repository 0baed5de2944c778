import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { DEFAULT_LOG_RETENTION_DAYS, PlatformConfig } from '../config/platform-config';
import { FUNCTION_RUNTIME } from '../compute/platform-function';
import { PlatformKey } from '../kms/platform-key';
import { PLATFORM_PREFIX, STACK_NAMES } from '../naming';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

const REPO_ROOT = join(__dirname, '..', '..');
/** The hook's handler (the gate's own rules, judged on one template); bundled by path, never imported here. */
export const DEPLOY_TIME_GATE_ENTRY = join(REPO_ROOT, 'lib', 'compliance', 'hook', 'handler.ts');
/** What the bundle uses instead of cdk-nag: the two enums the rules need, with cdk-nag's values. */
export const CDK_NAG_STAND_IN = join(REPO_ROOT, 'lib', 'compliance', 'hook', 'cdk-nag-values.ts');
export const DEPLOY_TIME_GATE_NAMES = {
  hookAlias: 'Private::TenantBaseline::DeployTimeGate',
  logGroupPrefix: `/${PLATFORM_PREFIX}/account/`,
  logGroup: `/${PLATFORM_PREFIX}/account/deploy-time-gate`,
  keyAlias: `alias/${PLATFORM_PREFIX}/deploy-time-gate`,
} as const;
/**
 * Stacks the hook does not judge: the CDK bootstrap stack (changed only by `cdk bootstrap`, not in the plan), and the
 * stacks that carry the gate and deploy it, the account baseline and the pipeline: judged by the gate's previous
 * rules, a release that extends the rules could never replace them (docs/assurance.md, "What the hook does not see").
 */
export const DEFAULT_UNJUDGED_STACKS = ['CDKToolkit', STACK_NAMES.accountBaseline, STACK_NAMES.delivery];

/** How the handler is bundled: the validated configuration embedded (base64, so no shell quoting can alter it). */
export function deployTimeGateBundling(plan: PlatformConfig): nodejs.BundlingOptions {
  return {
    minify: true,
    sourceMap: false,
    target: 'node22',
    format: nodejs.OutputFormat.CJS,
    externalModules: ['@aws-sdk/*'],
    define: { PLATFORM_PLAN_BASE64: JSON.stringify(Buffer.from(JSON.stringify(plan)).toString('base64')) },
    esbuildArgs: { '--alias:cdk-nag': CDK_NAG_STAND_IN },
  };
}

export interface DeployTimeGateProps {
  /** The validated platform configuration: the plan every stack of the account is judged against. */
  readonly plan: PlatformConfig;
  /** Stacks the hook never judges. @default ['CDKToolkit'] */
  readonly unjudgedStacks?: readonly string[];
}

/**
 * A CloudFormation Lambda hook in FAIL mode on every stack create and update of the account (but the CDK bootstrap
 * stack): the TenantBaseline rules and the platform plan, bundled into one function, judge the template CloudFormation
 * is about to deploy, whoever deploys it (docs/assurance.md). Its log group and environment are under its own key.
 */
export class DeployTimeGate extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly hook: cloudformation.CfnLambdaHook;
  public readonly key: PlatformKey;
  /** The plan bundled into the function (a region's own, for a platform in several regions). */
  public readonly plan: PlatformConfig;

  constructor(scope: Construct, id: string, props: DeployTimeGateProps) {
    super(scope, id);
    this.plan = props.plan;
    const stack = Stack.of(this);
    this.key = new PlatformKey(this, 'Key', {
      alias: DEPLOY_TIME_GATE_NAMES.keyAlias,
      description: 'Deploy-time gate: encrypts its log group and its function environment',
      logGroupNamePrefixes: [DEPLOY_TIME_GATE_NAMES.logGroupPrefix],
    });
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: DEPLOY_TIME_GATE_NAMES.logGroup,
      encryptionKey: this.key.key,
      retention: DEFAULT_LOG_RETENTION_DAYS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    const role = new iam.Role(this, 'FunctionRole', {
      description: `${PLATFORM_PREFIX} deploy-time gate: writes its own logs and traces, nothing else`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.ManagedPolicy(this, 'FunctionPolicy', {
      description: 'deploy-time gate: its own log streams',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        // X-Ray does not support resource-level permissions for these calls: '*' is the only valid resource.
        new iam.PolicyStatement({ sid: 'Tracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    });
    acknowledge(policy, 'lambdaVpcAndTracingWildcards');
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: DEPLOY_TIME_GATE_ENTRY,
      handler: 'handler',
      description: 'Deploy-time gate: judges every stack create and update with the platform rules (CloudFormation Lambda hook)',
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(25),
      role: role.withoutPolicyUpdates(),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environmentEncryption: this.key.key,
      reservedConcurrentExecutions: 20,
      bundling: deployTimeGateBundling(props.plan),
    });
    this.function.node.addDependency(policy);
    const hookRole = new iam.Role(this, 'HookRole', {
      description: `${PLATFORM_PREFIX} deploy-time gate: CloudFormation Hooks invoke the gate function`,
      assumedBy: new iam.ServicePrincipal('hooks.cloudformation.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    const invoke = new iam.ManagedPolicy(this, 'HookPolicy', {
      description: 'deploy-time gate: invoke the gate function, nothing else',
      roles: [hookRole],
      statements: [new iam.PolicyStatement({ sid: 'InvokeGate', actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
    });
    this.hook = new cloudformation.CfnLambdaHook(this, 'Hook', {
      alias: DEPLOY_TIME_GATE_NAMES.hookAlias,
      executionRole: hookRole.roleArn,
      failureMode: 'FAIL',
      hookStatus: 'ENABLED',
      lambdaFunction: this.function.functionArn,
      targetOperations: ['STACK'],
      stackFilters: { filteringCriteria: 'ALL', stackNames: { exclude: [...(props.unjudgedStacks ?? DEFAULT_UNJUDGED_STACKS)] } },
    });
    this.hook.node.addDependency(invoke);
    acknowledge(this.function, 'synchronousFunctionNoDlq');
    acknowledge(this.function, 'deployTimeGateOutsideVpc');
  }
}
