import { RemovalPolicy } from 'aws-cdk-lib';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';

export interface EncryptedFlowLogProps {
  readonly vpc: ec2.IVpc;
  /** The customer-managed key the log group is encrypted with; its policy must admit CloudWatch Logs (PlatformKey does). */
  readonly encryptionKey: kms.IKey;
  readonly logGroupName: string;
  readonly retention: logs.RetentionDays;
}

/**
 * VPC flow logs of all traffic (accepted and rejected), aggregated every minute, into a log group encrypted with a
 * customer-managed key and kept for a finite retention. The log group outlives the stack: flow logs are audit evidence.
 */
export class EncryptedFlowLog extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly flowLog: ec2.FlowLog;
  public readonly deliveryRole: iam.Role;
  public readonly deliveryPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: EncryptedFlowLogProps) {
    super(scope, id);
    if (props.retention === logs.RetentionDays.INFINITE) {
      throw new Error(`${this.node.path}: 'retention' must be finite, got INFINITE`);
    }
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.encryptionKey,
      retention: props.retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.logGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    // The delivery role is ours rather than the one FlowLog would make: its trust policy names this account's flow logs
    // only (confused-deputy conditions), and its permissions are a customer-managed policy, not an inline one.
    const stack = Stack.of(this);
    this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
      description: `Delivers VPC flow logs to ${props.logGroupName}`,
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      }),
    });
    this.deliveryPolicy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: `Writes VPC flow logs to ${props.logGroupName} and nothing else`,
      roles: [this.deliveryRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteFlowLogsToOwnLogGroup',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    this.flowLog = new ec2.FlowLog(this, 'Resource', {
      resourceType: ec2.FlowLogResourceType.fromVpc(props.vpc),
      // withoutPolicyUpdates: FlowLog would otherwise add the same grant again as an inline policy.
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.logGroup, this.deliveryRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
  }
}
