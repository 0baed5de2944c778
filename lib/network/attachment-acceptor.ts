import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { ATTACHMENT_ACCEPTOR_ENV } from '../../contracts/environment';
import { AcceptedAttachment, encodeAcceptedAttachments } from '../config/account-plan';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { HUB_PARAMETERS } from '../../contracts/ssm-parameters';
import { alarmDescription } from '../config/alarm-plan';
import { ATTACHMENT_ACCEPTOR_ALARM, ATTACHMENT_ACCEPTOR_NAME, ATTACHMENT_ACCEPTOR_ROLE_NAME, ATTACHMENT_ACCEPTOR_SCHEDULE } from '../config/attachment-acceptor-plan';
import { PlatformFunction, PlatformFunctionPlacement } from '../compute/platform-function';
import { HTTPS_PORT, PLATFORM_PREFIX } from '../naming';

export interface AttachmentAcceptorProps {
  /** Where the function runs and logs (the control plane's private subnets and key); its security group is its own. */
  readonly placement: Omit<PlatformFunctionPlacement, 'securityGroup'>;
  /** Each planned attachment of another account: the owner account, the tenant's CIDR, the tenant id. */
  readonly planned: readonly Pick<AcceptedAttachment, 'account' | 'tenantNumber'>[];
  /** The topic the refusal alarm notifies (the high tier). */
  readonly alertTopic: sns.ITopic;
  /**
   * The role's fixed name (IAM names are global: each region's acceptor has its own, attachmentAcceptorRoleName).
   * @default ATTACHMENT_ACCEPTOR_ROLE_NAME (the home region's)
   */
  readonly roleName?: string;
}

/**
 * The hub owner's side of tenants in other accounts (their attachments wait in pendingAcceptance: auto-accept is off,
 * and only the transit gateway's owner can accept, associate and propagate). Every five minutes a function
 * (lambda/attachment-acceptor) accepts attachments of configured tenant accounts, rejects every other account's,
 * propagates each accepted one into the verification table to learn its VPC's CIDRs from AWS, and only when that is
 * exactly the tenant's planned CIDR associates it with the tenant table and propagates it into the control-plane table.
 * It publishes the number it refuses on every run; an alarm tells the high tier of a refusal or of silence.
 * Its role can change nothing but attachments of this region and the hub's three route tables.
 */
export class AttachmentAcceptor extends Construct {
  public readonly acceptor: PlatformFunction;
  public readonly schedule: scheduler.CfnSchedule;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AttachmentAcceptorProps) {
    super(scope, id);
    if (props.planned.length === 0) {
      throw new Error(`${this.node.path}: AttachmentAcceptor: 'planned' must list at least one attachment of another account, got none`);
    }
    const stack = Stack.of(this);
    const read = (name: string) => ssm.StringParameter.valueForStringParameter(this, name);
    const ids = {
      transitGateway: read(HUB_PARAMETERS.transitGatewayId),
      tenant: read(HUB_PARAMETERS.tenantRouteTableId),
      controlPlane: read(HUB_PARAMETERS.controlPlaneRouteTableId),
      verification: read(HUB_PARAMETERS.verificationRouteTableId),
    };
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.placement.vpc,
      description: 'Attachment acceptor: HTTPS out to the EC2 API only, no ingress',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS to the EC2 API');
    const env = ATTACHMENT_ACCEPTOR_ENV;
    this.acceptor = new PlatformFunction(this, 'Function', {
      ...props.placement,
      securityGroup,
      entry: 'lambda/attachment-acceptor/handler.ts',
      name: ATTACHMENT_ACCEPTOR_NAME,
      // Named: the tag-protection SCP exempts exactly this role for the hub routing actions (lib/guardrails).
      roleName: props.roleName ?? ATTACHMENT_ACCEPTOR_ROLE_NAME,
      description: "Accepts and routes the hub's attachments from configured tenant accounts with their planned CIDR; refuses every other",
      timeout: Duration.seconds(60),
      reservedConcurrency: 1,
      environment: {
        [env.transitGatewayId]: ids.transitGateway,
        [env.tenantRouteTableId]: ids.tenant,
        [env.controlPlaneRouteTableId]: ids.controlPlane,
        [env.verificationRouteTableId]: ids.verification,
        [env.plannedAttachments]: encodeAcceptedAttachments(props.planned),
      },
    });
    const table = (routeTableId: string) => stack.formatArn({ service: 'ec2', resource: 'transit-gateway-route-table', resourceName: routeTableId });
    // Attachment ARNs carry no transit gateway and no condition key names one (Service Authorization Reference, EC2):
    // the attachment is `*` in this region; accepting or rejecting an attachment is possible only on the caller's own
    // transit gateway, and each routing action also names the exact route table.
    const attachments = stack.formatArn({ service: 'ec2', account: '*', resource: 'transit-gateway-attachment', resourceName: '*' });
    this.acceptor.allow('ObserveHub', ['ec2:DescribeTransitGatewayAttachments', 'ec2:GetTransitGatewayRouteTablePropagations'], ['*']);
    this.acceptor.allow('ReadVerifiedCidrs', ['ec2:SearchTransitGatewayRoutes'], [table(ids.verification)]);
    this.acceptor.allow('AcceptOrReject', ['ec2:AcceptTransitGatewayVpcAttachment', 'ec2:RejectTransitGatewayVpcAttachment'], [attachments]);
    this.acceptor.allow('AssociateWithTenantTable', ['ec2:AssociateTransitGatewayRouteTable'], [attachments, table(ids.tenant)]);
    this.acceptor.allow('PropagateIntoVerificationAndControlPlane', ['ec2:EnableTransitGatewayRouteTablePropagation'], [attachments, table(ids.verification), table(ids.controlPlane)]);
    this.acceptor.allow('WithdrawFromControlPlane', ['ec2:DisableTransitGatewayRouteTablePropagation'], [attachments, table(ids.controlPlane)]);
    acknowledge(this.acceptor.policy, 'acceptorAttachmentWildcard');

    const role = new iam.Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler: invokes the attachment acceptor, nothing else',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    const policy = new iam.ManagedPolicy(this, 'SchedulePolicy', {
      description: `${ATTACHMENT_ACCEPTOR_NAME} schedule: invoke the acceptor only`,
      roles: [role],
      statements: [new iam.PolicyStatement({ sid: 'InvokeAcceptor', actions: ['lambda:InvokeFunction'], resources: [this.acceptor.function.functionArn] })],
    });
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: "Accepts and routes tenant attachments from other accounts to the hub's transit gateway",
      scheduleExpression: ATTACHMENT_ACCEPTOR_SCHEDULE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: { arn: this.acceptor.function.functionArn, roleArn: role.roleArn, retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 300 } },
    });
    this.schedule.node.addDependency(policy);

    const spec = ATTACHMENT_ACCEPTOR_ALARM;
    const metric = PLATFORM_METRICS.attachmentsRefused;
    this.alarm = new cloudwatch.Alarm(this, spec.id, {
      alarmName: `${PLATFORM_PREFIX}-${spec.id}`,
      alarmDescription: alarmDescription(spec.runbook, spec.playbook),
      metric: new cloudwatch.Metric({ namespace: metric.namespace, metricName: metric.name, dimensionsMap: { service: metric.service }, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.seconds(spec.period) }),
      threshold: spec.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    this.alarm.addAlarmAction(new actions.SnsAction(props.alertTopic));
    this.alarm.addInsufficientDataAction(new actions.SnsAction(props.alertTopic));
  }
}
