import { Duration, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTE_TIERS } from '../config/alert-tiers';
import { acknowledge } from '../acknowledgements/acknowledge';
import { DRIFT_DETECTION } from '../config/drift-plan';

export interface DriftDetectionProps {
  /** Create the account's Config recorder and delivery channel, or adopt the existing ones. */
  readonly recorder: 'create' | 'adopt';
  /** Where a created recorder delivers its history and snapshots (under `config/`): the audit bucket. */
  readonly bucket: s3.IBucket;
  /** The audit bucket's key; Config encrypts what it delivers with it. */
  readonly bucketKey: kms.IKey;
  /** The topic of the drift route's tier (ROUTE_TIERS.DriftRoute). */
  readonly topic: sns.ITopic;
  /** The role EventBridge publishes to the alert topics with (ThreatDetection's). */
  readonly publisherRole: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * IaC drift detection (SOC 2 CC8.1): AWS Config's managed CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK over every stack
 * of the platform (scoped by the platform's component tag), and every NON_COMPLIANT evaluation routed to the security
 * topic. With `recorder: 'create'` the account's Config recorder (every supported resource type, through Config's
 * service-linked role) and its delivery channel into the audit bucket are built here too.
 */
export class DriftDetection extends Construct {
  public readonly recorder?: config.CfnConfigurationRecorder;
  public readonly deliveryChannel?: config.CfnDeliveryChannel;
  public readonly rule: config.CfnConfigRule;
  /** The role Config assumes to run drift detection on the stacks. */
  public readonly checkRole: iam.Role;
  public readonly routing: events.Rule;

  constructor(scope: Construct, id: string, props: DriftDetectionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.recorder === 'create') {
      this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
        roleArn: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig' }),
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
      });
      this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
        s3BucketName: props.bucket.bucketName,
        s3KeyPrefix: DRIFT_DETECTION.deliveryPrefix,
        s3KmsKeyArn: props.bucketKey.keyArn,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      });
      this.allowConfigDelivery(props.bucket, props.bucketKey);
      // Config checks its access when the channel is created: the recorder and the bucket's policy come first.
      this.deliveryChannel.node.addDependency(this.recorder);
      if (props.bucket.policy) {
        this.deliveryChannel.node.addDependency(props.bucket.policy);
      }
    }
    this.checkRole = new iam.Role(this, 'CheckRole', {
      description: 'AWS Config runs CloudFormation drift detection on the platform stacks with this role',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      // Drift detection compares every resource of a stack with its template: it needs to read all of them.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    acknowledge(this.checkRole, 'driftCheckReadOnly');
    const checkPolicy = new iam.ManagedPolicy(this, 'CheckPolicy', {
      description: 'Start and read CloudFormation drift detection',
      roles: [this.checkRole],
      statements: [new iam.PolicyStatement({ actions: ['cloudformation:DetectStackDrift', 'cloudformation:DetectStackResourceDrift'], resources: [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: '*' })] })],
    });
    acknowledge(checkPolicy, 'driftCheckPolicy');
    this.rule = new config.CfnConfigRule(this, 'StackDrift', {
      configRuleName: DRIFT_DETECTION.ruleName,
      description: 'Every platform stack matches its template (CloudFormation drift detection)',
      source: { owner: 'AWS', sourceIdentifier: DRIFT_DETECTION.sourceIdentifier },
      inputParameters: { cloudformationRoleArn: this.checkRole.roleArn },
      scope: { complianceResourceTypes: ['AWS::CloudFormation::Stack'], tagKey: DRIFT_DETECTION.scopeTagKey },
      maximumExecutionFrequency: DRIFT_DETECTION.frequency,
    });
    if (this.recorder) {
      this.rule.node.addDependency(this.recorder);
    }
    this.routing = new events.Rule(this, 'DriftRoute', {
      description: `A platform stack drifted from its template: to the ${ROUTE_TIERS.DriftRoute} alert topic`,
      eventPattern: {
        source: ['aws.config'],
        detailType: ['Config Rules Compliance Change'],
        detail: { configRuleName: [DRIFT_DETECTION.ruleName], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
      },
      targets: [new targets.SnsTopic(props.topic, { authorizeUsingRole: true, role: props.publisherRole, deadLetterQueue: props.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
  }

  /** The audit bucket and its key admit Config's deliveries for this account only (confused-deputy conditions). */
  private allowConfigDelivery(bucket: s3.IBucket, key: kms.IKey): void {
    const account = Stack.of(this).account;
    const config = new iam.ServicePrincipal('config.amazonaws.com');
    const own = { StringEquals: { 'aws:SourceAccount': account } };
    bucket.addToResourcePolicy(new iam.PolicyStatement({ sid: 'ConfigBucketCheck', principals: [config], actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucket.bucketArn], conditions: own }));
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigDelivery',
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${DRIFT_DETECTION.deliveryPrefix}/AWSLogs/${account}/Config/*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'AllowConfigToEncryptDeliveries', principals: [config], actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: ['*'], conditions: own }),
    );
  }
}
