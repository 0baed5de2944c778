import { ArnFormat, Aws, CfnResource, Duration, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { DeliveryConfig, PlatformConfig } from '../config/platform-config';
import { HUB_FOUNDATION_STACKS, pipelineLayout, WavePlan, layoutProblems } from '../config/wave-plan';
import { hubSharePrincipals, tenantAccount } from '../config/account-plan';
import { additionalRegions, platformRegions, regionalConfigs, tenantRegion } from '../config/regional-view';
import { DELIVERY_REPLICATION } from '../config/delivery-replication-plan';
import { PlatformBucket } from '../data/platform-bucket';
import { PlatformKey } from '../kms/platform-key';
import { addPlatformWaves } from './pipeline-waves';
import { DELIVERY_NAMES } from './stage-checks';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

export { BAKE_SECONDS, DELIVERY_NAMES, waveHealthAlarms } from './stage-checks';

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
      // Each additional region's actions take their artifacts from the platform's own replication store there
      // (DeliveryReplicationStack), never from a support stack CodePipeline would generate; the home region's store is
      // the artifact bucket (CodePipeline takes one or the other form).
      ...(additionalRegions(config).length === 0
        ? { artifactBucket: this.artifacts.bucket }
        : { crossRegionReplicationBuckets: { [config.placement.region!]: this.artifacts.bucket, ...Object.fromEntries(additionalRegions(config).map((region) => [region, replicationStore(this, region)])) } }),
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

    const { plan, stages } = addPlatformWaves(this.pipeline, source, config, props.stageScope);
    this.plan = plan;
    this.stages = stages;
    this.pipeline.buildPipeline();
    const replicated = additionalRegions(config);
    if (replicated.length > 0) {
      // CodePipeline encrypts the artifacts it copies with the store's key, named by its alias: a policy cannot grant a
      // key by its alias ARN, so the pipeline role may use the keys of those regions that carry exactly that alias.
      this.pipeline.pipeline.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'UseReplicationStoreKeys',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          resources: replicated.map((region) => stack.formatArn({ service: 'kms', region, resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })),
          conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': DELIVERY_REPLICATION.keyAlias } },
        }),
      );
      const policy = this.pipeline.pipeline.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource;
      replicated.forEach((region) => acknowledge(policy, 'replicationStoreAccess', { region: { region } }));
    }

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

/** The replication store of `region`, by its fixed names (a reference to another region's stack could not be resolved). */
function replicationStore(scope: Construct, region: string): s3.IBucket {
  const keyArn = Stack.of(scope).formatArn({ service: 'kms', region, resource: 'alias', resourceName: DELIVERY_REPLICATION.keyAlias.replace(/^alias\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  return s3.Bucket.fromBucketAttributes(scope, `Replication-${region}`, {
    bucketName: DELIVERY_REPLICATION.bucketName(Aws.ACCOUNT_ID, region),
    region,
    encryptionKey: kms.Key.fromKeyArn(scope, `ReplicationKey-${region}`, keyArn),
  });
}

/** The synthesized pipeline's stages and their action counts. */
export function actualLayout(pipeline: codepipeline.Pipeline): { name: string; actions: number }[] {
  return pipeline.stages.map((s) => ({ name: s.stageName, actions: s.actions.length }));
}

/** The layout the wave plan predicts, for comparison with `actualLayout` (`config`: where the tenants live). */
export function plannedLayout(plan: WavePlan, assets: number, config?: PlatformConfig) {
  return pipelineLayout(plan, { assets, foundationStacks: HUB_FOUNDATION_STACKS, ...(config ? placementLayout(config) : {}) });
}

/**
 * Where the tenants live, as the layout counts it: the other accounts per region (each with its account baseline and
 * drift check), each tenant's account and region, and the number of regions.
 */
export function placementLayout(config: PlatformConfig) {
  const tenant = (id: string) => config.tenants.find((t) => t.id === id)!;
  return {
    tenantAccounts: regionalConfigs(config).reduce((n, view) => n + hubSharePrincipals(view).length, 0) || hubSharePrincipals(config).length,
    accountOf: (id: string) => tenantAccount(config, tenant(id)),
    regionOf: (id: string) => tenantRegion(config, tenant(id)),
    regions: Math.max(1, platformRegions(config).length),
  };
}
