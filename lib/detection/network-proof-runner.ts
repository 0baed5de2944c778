import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTE_TIERS } from '../config/alert-tiers';
import { acknowledge } from '../acknowledgements/acknowledge';
import { NETWORK_PROOF_PERMISSIONS, NETWORK_PROOF_RUNNER, networkProofDefinition, networkProofFailurePattern, networkProofSchedule } from '../config/network-proof-plan';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

export interface NetworkProofRunnerProps {
  /** Hours between two scheduled runs. */
  readonly intervalHours: number;
  /** The configured tenants: each must have its ingress scope, or the run fails. */
  readonly tenantIds: readonly string[];
  /** The topic of the failure route's tier (ROUTE_TIERS.NetworkProofFailures). */
  readonly topic: sns.ITopic;
  /** The role EventBridge publishes to the alert topics with (ThreatDetection's). */
  readonly publisherRole: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
  /** The key the runner's log group is encrypted with (the audit trail's), and the log group's name under its prefix. */
  readonly logKey: kms.IKey;
  readonly logGroupName: string;
  /** How long the runner's log is kept. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The network proofs' runner, once per account: a Step Functions state machine (lib/config/network-proof-plan.ts)
 * that analyses every tenant ingress scope with Network Access Analyzer, started every `intervalHours` by an
 * EventBridge schedule and after each deploy wave by the pipeline; any failed, timed-out or aborted run (a path the
 * platform does not allow, or a proof that could not finish) goes to the high alert topic.
 */
export class NetworkProofRunner extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly schedule: events.Rule;
  public readonly routing: events.Rule;

  constructor(scope: Construct, id: string, props: NetworkProofRunnerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      description: 'Network proofs: starts and reads Network Access Analyzer analyses of the tenant ingress scopes',
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Analyse the tenant ingress scopes: start and read analyses, and read the network configuration they analyse',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: [...NETWORK_PROOF_PERMISSIONS.anyResource], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: [...NETWORK_PROOF_PERMISSIONS.startAnalysis],
          resources: ['network-insights-access-scope/*', 'network-insights-access-scope-analysis/*'].map((resource) => stack.formatArn({ service: 'ec2', resource })),
        }),
      ],
    });
    acknowledge(policy, 'networkProofReads');
    const logGroup = new logs.LogGroup(this, 'Log', { logGroupName: props.logGroupName, encryptionKey: props.logKey, retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    (logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    // The role is passed without policy updates: what aws-cdk-lib would add inline (log delivery, X-Ray) is in the managed policy.
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: NETWORK_PROOF_RUNNER.name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(networkProofDefinition(props.tenantIds))),
      role: role.withoutPolicyUpdates(),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    this.stateMachine.node.addDependency(policy);
    // EventBridge starts the runner with a role of its own that may do exactly that.
    const starter = new iam.Role(this, 'StarterRole', {
      description: 'Network proofs: EventBridge starts the runner on its schedule',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    new iam.ManagedPolicy(this, 'StarterPolicy', {
      description: 'Start the network proofs runner',
      roles: [starter],
      statements: [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] })],
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description: `Network proofs: analyse every tenant ingress scope every ${props.intervalHours} hours`,
      schedule: events.Schedule.expression(networkProofSchedule(props.intervalHours)),
      targets: [new targets.SfnStateMachine(this.stateMachine, { role: starter.withoutPolicyUpdates(), deadLetterQueue: props.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
    this.routing = new events.Rule(this, 'NetworkProofFailures', {
      description: `Network proofs: a path the platform does not allow, or a run that could not finish: to the ${ROUTE_TIERS.NetworkProofFailures} alert topic`,
      eventPattern: (({ 'detail-type': detailType, ...rest }) => ({ ...rest, detailType }))(networkProofFailurePattern(this.stateMachine.stateMachineArn)),
      targets: [new targets.SnsTopic(props.topic, { authorizeUsingRole: true, role: props.publisherRole, deadLetterQueue: props.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
  }
}
