import { Aws, CfnResource, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { NETWORK_PROOF_RUNNER } from '../config/network-proof-plan';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PLATFORM_ALARMS } from '../config/alarm-plan';
import { PRIVATE_ADMIN_TRAFFIC_ALARM } from '../config/private-admin-api-plan';
import { DeliveryConfig, PlatformConfig } from '../config/platform-config';
import { byAccount, HUB_FOUNDATION_STACKS, pipelineLayout, TENANT_ACCOUNTS_STAGE, WavePlan, wavePlan, waveStageNames, layoutProblems } from '../config/wave-plan';
import { hubSharePrincipals, tenantAccount } from '../config/account-plan';
import { PlatformBucket } from '../data/platform-bucket';
import { PlatformKey } from '../kms/platform-key';
import { PLATFORM_PREFIX, STACK_NAMES } from '../naming';
import { buildPlatformStages } from './platform-stages';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

/** The pipeline's name, its log group prefix and its topic's name. */
export const DELIVERY_NAMES = {
  pipeline: `${PLATFORM_PREFIX}-delivery`,
  logGroupPrefix: `/${PLATFORM_PREFIX}/delivery/`,
  topic: `${PLATFORM_PREFIX}-delivery`,
  keyAlias: `alias/${PLATFORM_PREFIX}/delivery`,
  /** The pipeline variable an operator sets when starting an execution to accept named stacks' drift. */
  acceptDriftVariable: 'acceptDrift',
} as const;

/** How long a stage's health check waits for the alarms to see the new deployment (host boots, first heartbeats). */
export const BAKE_SECONDS = 300;

/**
 * The platform alarms a stage must leave quiet: the control plane's health signals that this configuration builds
 * (the API's with an identity provider, the private admin API's with one, the sidecar's with a sidecar), not the CIS change alarms a deploy itself trips.
 * The health check requires each to exist.
 */
export function waveHealthAlarms(config: PlatformConfig): string[] {
  const { failedAuthentication, tamperDetected, unauthenticatedHeartbeats, apiTraffic, sidecarReleaseTampered, sidecarReleaseUnavailable } = PLATFORM_ALARMS;
  const edge = config.controlPlane.identityProvider ? [failedAuthentication, tamperDetected, unauthenticatedHeartbeats, apiTraffic] : [];
  const privateAdmin = config.controlPlane.identityProvider && config.controlPlane.privateAdminApi ? [PRIVATE_ADMIN_TRAFFIC_ALARM] : [];
  const sidecar = config.sidecar ? [sidecarReleaseTampered, sidecarReleaseUnavailable] : [];
  return [...edge, ...privateAdmin, ...sidecar].map((a) => `${PLATFORM_PREFIX}-${a.id}`);
}

/** The CDK CLI the pipeline's own steps install (self-mutation): pinned to the repository's, never `latest`. */
export const PIPELINE_CLI_VERSION = '2.1148.1';
/** cdk-assets, the publisher the Assets stage installs: pinned (read 2026-12-02 from the npm registry). */
export const PIPELINE_CDK_ASSETS_VERSION = '4.7.3';

export interface FleetPipelineProps {
  readonly config: PlatformConfig & { readonly delivery: DeliveryConfig };
  /** The configuration file the pipeline synthesizes (relative to the repository root). */
  readonly configPath: string;
  /** Where the deployment stages are built: the app (a stage cannot live inside the pipeline's own stack). */
  readonly stageScope: Construct;
}

/**
 * The fleet's delivery pipeline on CDK Pipelines (CodePipeline V2, CodeBuild): source, synth (npm ci, npm test,
 * npm run compliance: any finding stops it), self-update, assets, then Foundation (account baseline and hub),
 * ControlPlane, the canary wave, an optional approval, and the other tenants in waves of `waveSize`. Every stage is
 * preceded by a drift check of its stacks and followed by a check of the platform's health alarms.
 */
export class FleetPipeline extends Construct {
  public readonly pipeline: pipelines.CodePipeline;
  public readonly plan: WavePlan;
  public readonly key: PlatformKey;
  public readonly topic: sns.Topic;
  public readonly artifacts: PlatformBucket;
  public readonly stages: readonly Stage[];

  constructor(scope: Construct, id: string, props: FleetPipelineProps) {
    super(scope, id);
    const { config, configPath } = props;
    // The path goes into the synth step's shell command: letters, digits and . _ - / only, nothing a shell could read
    // as code (the synth runs in the repository checkout, so it should be relative to the repository root).
    if (!/^\/?[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(configPath)) {
      throw new Error(`FleetPipeline: 'configPath' must be a path of letters, digits and . _ - / (it goes into the synth step's shell command), got ${JSON.stringify(configPath)}`);
    }
    const { delivery } = config;
    const stack = Stack.of(this);
    this.key = new PlatformKey(this, 'Key', {
      alias: DELIVERY_NAMES.keyAlias,
      description: 'Delivery pipeline: encrypts its artifacts, its build logs and its notification topic',
      logGroupNamePrefixes: [DELIVERY_NAMES.logGroupPrefix],
    });
    const logGroup = new logs.LogGroup(this, 'BuildLogs', {
      logGroupName: `${DELIVERY_NAMES.logGroupPrefix}builds`,
      encryptionKey: this.key.key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    // Artifacts (sources, the synthesized assembly) in a hardened, versioned, access-logged bucket under the pipeline key.
    this.artifacts = new PlatformBucket(this, 'Artifacts', { encryptionKey: this.key.key });
    const source = pipelines.CodePipelineSource.connection(delivery.source.repository, delivery.source.branch, {
      connectionArn: delivery.source.connectionArn,
      triggerOnPush: true,
    });
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: DELIVERY_NAMES.pipeline,
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: this.artifacts.bucket,
      selfMutation: true,
      dockerEnabledForSynth: false,
      dockerEnabledForSelfMutation: false,
      publishAssetsInParallel: true,
      useChangeSets: true,
      // Stages in other accounts read the artifacts under a customer key those accounts' deploy roles may use.
      crossAccountKeys: hubSharePrincipals(config).length > 0,
      cliVersion: PIPELINE_CLI_VERSION,
      cdkAssetsCliVersion: PIPELINE_CDK_ASSETS_VERSION,
      synth: new pipelines.CodeBuildStep('Synth', {
        input: source,
        installCommands: ['npm ci'],
        // The whole gate with the Control Tower checks: any finding, any failing test, stops the pipeline here.
        commands: ['npm test', `npm run compliance -- -c config=${configPath}`],
        primaryOutputDirectory: 'cdk.out',
      }),
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL, privileged: false },
        logging: { cloudWatch: { logGroup } },
        timeout: Duration.hours(1),
      },
      synthCodeBuildDefaults: { buildEnvironment: { computeType: codebuild.ComputeType.MEDIUM } },
    });

    const account = config.placement.account!;
    const region = config.placement.region!;
    const alarms = waveHealthAlarms(config);
    // One drift check per account a stage deploys into (each reads through its own account's lookup role; the hub
    // account's keeps the plain name); the health check watches the control plane's alarms, in the hub account.
    const checks = (name: string, stacks: ReadonlyMap<string | undefined, readonly string[]>) => ({
      pre: [...stacks].map(([other, stackNames]) => driftCheck(source, other === undefined || other === account ? name : `${name}-${other}`, other ?? account, region, stackNames)),
      post: [healthCheck(source, name, account, region, alarms, config.accountBaseline.networkProofs !== false)],
    });
    const accountOf = (tenantId: string) => tenantAccount(config, config.tenants.find((t) => t.id === tenantId)!);
    const built = buildPlatformStages(props.stageScope, config);
    // The health alarms live in the control plane: before it exists there is nothing to check after Foundation.
    this.pipeline.addStage(built.foundation!, { pre: checks('Foundation', new Map([[account, [STACK_NAMES.accountBaseline, STACK_NAMES.networkHub]]])).pre });
    if (built.tenantAccounts!.length > 0) {
      const accounts = new Map(built.tenantAccounts!.map((t) => [t.hostAccount, [STACK_NAMES.accountBaseline]]));
      const wave = this.pipeline.addWave(TENANT_ACCOUNTS_STAGE, { pre: checks(TENANT_ACCOUNTS_STAGE, accounts).pre });
      built.tenantAccounts!.forEach((t) => wave.addStage(t));
    }
    this.pipeline.addStage(built.controlPlane!, checks('ControlPlane', new Map([[account, [STACK_NAMES.controlPlane]]])));
    const stages: Stage[] = [built.foundation!, ...built.tenantAccounts!, built.controlPlane!];

    this.plan = wavePlan(config.tenants, delivery);
    const groups = [...(this.plan.canary.length > 0 ? [this.plan.canary] : []), ...this.plan.waves];
    const names = waveStageNames(this.plan);
    groups.forEach((ids, i) => {
      const name = names[i];
      const { pre, post } = checks(name, new Map([...byAccount(ids, accountOf)].map(([a, group]) => [a, group.map((tenantId) => STACK_NAMES.tenant(tenantId))])));
      const steps: pipelines.Step[] = [...post];
      if (name === 'Canary' && this.plan.approveAfterCanary) {
        const approval = new pipelines.ManualApprovalStep('PromoteCanary', {
          comment: `The canary tenants (${ids.join(', ')}) are deployed and the platform's health alarms are quiet. Approve to roll out to the other ${config.tenants.length - ids.length} tenants.`,
        });
        approval.addStepDependency(post[0]);
        steps.push(approval);
      }
      const wave = this.pipeline.addWave(name, { pre, post: steps });
      for (const id of ids) {
        const stage = built.tenants.find((t) => t.tenant.plan.id === id)!;
        wave.addStage(stage);
        stages.push(stage);
      }
    });
    this.stages = stages;
    this.pipeline.buildPipeline();

    const cp = this.pipeline.pipeline;
    cp.addVariable(
      new codepipeline.Variable({
        variableName: DELIVERY_NAMES.acceptDriftVariable,
        defaultValue: 'none',
        description: 'Stacks whose drift an operator has reviewed and accepts for this execution (comma-separated stack names), set when starting it',
      }),
    );
    // Encrypted through the L1 property rather than `masterKey`: with `masterKey`, the notification rule's grant would add
    // an unconditioned key statement for CodeStar Notifications; the conditioned one below is the only one it needs.
    this.topic = new sns.Topic(this, 'Topic', { topicName: DELIVERY_NAMES.topic, displayName: 'Delivery pipeline: failures and approvals', enforceSSL: true });
    (this.topic.node.defaultChild as sns.CfnTopic).kmsMasterKeyId = this.key.key.keyArn;
    for (const sub of delivery.notifications) {
      this.topic.addSubscription(sub.protocol === 'email' ? new subscriptions.EmailSubscription(sub.endpoint) : new subscriptions.UrlSubscription(sub.endpoint, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }
    this.key.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowPipelineNotificationsThroughSnsForDeliveryTopic',
        principals: [new iam.ServicePrincipal('codestar-notifications.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` },
          ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': stack.formatArn({ service: 'sns', resource: DELIVERY_NAMES.topic }) },
        },
      }),
    );
    cp.notifyOn('Notifications', this.topic, {
      notificationRuleName: DELIVERY_NAMES.pipeline,
      events: [
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_FAILED,
        codepipeline.PipelineNotificationEvents.MANUAL_APPROVAL_NEEDED,
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_SUCCEEDED,
      ],
    });

    acknowledgeGeneratedPolicies(this, this.artifacts.bucket.node.defaultChild as CfnResource);
    this.topic.node.findAll().filter((n) => n instanceof sns.CfnSubscription).forEach((sub) => acknowledge(sub, 'deliveryNotificationsNoRedrive'));

    this.node.addValidation({
      validate: () => layoutProblems(actualLayout(cp)).map((p) => `the delivery pipeline must fit CodePipeline's quotas: ${p}`),
    });
  }
}

/**
 * What CDK Pipelines generates for the pipeline, acknowledged resource by resource with the delivery catalog: every
 * CodeBuild project, every role policy (artifact access; a project's own logs; the shared asset role; self-mutation).
 */
function acknowledgeGeneratedPolicies(pipeline: FleetPipeline, artifacts: CfnResource): void {
  for (const project of pipeline.node.findAll().filter((n): n is codebuild.Project => n instanceof codebuild.Project)) {
    const cfnProject = project.node.defaultChild as codebuild.CfnProject;
    acknowledge(cfnProject, 'codeBuildPipelineSource');
    const policy = project.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (policy instanceof iam.CfnPolicy && !isSharedAssetPolicy(policy)) {
      acknowledge(policy, 'codeBuildOwnLogs', { project: cfnProject });
    }
  }
  for (const policy of pipeline.node.findAll().filter((n): n is iam.CfnPolicy => n instanceof iam.CfnPolicy)) {
    acknowledge(policy, 'pipelineArtifactAccess', { artifacts });
    if (isSharedAssetPolicy(policy)) {
      acknowledge(policy, 'assetPublishingRole');
    }
    if (policy.node.path.includes('/UpdatePipeline/SelfMutation/')) {
      acknowledge(policy, 'selfMutationRole');
    }
  }
}

function isSharedAssetPolicy(policy: iam.CfnPolicy): boolean {
  return policy.node.path.includes('/Assets/FileRole/');
}

/** The synthesized pipeline's stages and their action counts. */
export function actualLayout(pipeline: codepipeline.Pipeline): { name: string; actions: number }[] {
  return pipeline.stages.map((s) => ({ name: s.stageName, actions: s.actions.length }));
}

/** The layout the wave plan predicts, for comparison with `actualLayout` (`config`: where the tenants live). */
export function plannedLayout(plan: WavePlan, assets: number, config?: PlatformConfig) {
  const accounts = config ? { tenantAccounts: hubSharePrincipals(config).length, accountOf: (id: string) => tenantAccount(config, config.tenants.find((t) => t.id === id)!) } : {};
  return pipelineLayout(plan, { assets, foundationStacks: HUB_FOUNDATION_STACKS, ...accounts });
}

/** The CDK bootstrap's read-only lookup role of an environment (ReadOnlyAccess; trusted by the pipeline's account). */
function lookupRoleArn(account: string, region: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-lookup-role-${account}-${region}`;
}

function assumeLookupRole(account: string, region: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [lookupRoleArn(account, region)] });
}

/**
 * Before a stage deploys: CloudFormation drift detection on each of its stacks, in the target environment through the
 * lookup role; a drifted stack stops the pipeline unless the execution was started with it in `acceptDrift`.
 */
function driftCheck(source: pipelines.IFileSetProducer, stage: string, account: string, region: string, stackNames: readonly string[]): pipelines.CodeBuildStep {
  return new pipelines.CodeBuildStep(`${stage}-DriftCheck`, {
    input: source,
    commands: [`bash scripts/delivery/drift-check.sh ${account} ${region} ${stackNames.join(' ')}`],
    env: { ACCEPT_DRIFT: `#{variables.${DELIVERY_NAMES.acceptDriftVariable}}` },
    rolePolicyStatements: [assumeLookupRole(account, region)],
  });
}

/**
 * After a stage deploys: none of the platform's health alarms may be in ALARM; then, with network proofs on, the
 * account's runner is started (its findings go to the security topic; the pipeline does not wait for them).
 */
function healthCheck(source: pipelines.IFileSetProducer, stage: string, account: string, region: string, alarms: readonly string[], networkProofs: boolean): pipelines.CodeBuildStep {
  const runnerArn = `arn:${Aws.PARTITION}:states:${region}:${account}:stateMachine:${NETWORK_PROOF_RUNNER.name}`;
  return new pipelines.CodeBuildStep(`${stage}-HealthCheck`, {
    input: source,
    commands: [
      alarms.length > 0 ? `bash scripts/delivery/health-check.sh ${account} ${region} ${alarms.join(' ')}` : 'echo "no platform health alarm in this configuration (no identity provider, no sidecar)"',
      ...(networkProofs ? [`bash scripts/delivery/start-network-proofs.sh ${account} ${region} ${stage} ${NETWORK_PROOF_RUNNER.name}`] : []),
    ],
    env: { BAKE_SECONDS: String(BAKE_SECONDS) },
    rolePolicyStatements: [assumeLookupRole(account, region), ...(networkProofs ? [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [runnerArn] })] : [])],
  });
}
