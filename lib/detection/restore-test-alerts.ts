import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RESTORE_TESTING_EVENTS } from '../../contracts/restore-testing';

export interface RestoreTestAlertsProps {
  readonly mediumTopic: sns.ITopic;
  readonly publisherRole: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * Failed restore tests reach people (seed 001: test disaster recovery): once per account, every AWS Backup restore job
 * that failed or was aborted (AWS Backup's own event, so it is routed even when a tenant's validation function is
 * broken) and every restore validation a tenant's function reported as failed go to the medium alert topic.
 */
export class RestoreTestAlerts extends Construct {
  public readonly restoreFailed: events.Rule;
  public readonly validationFailed: events.Rule;

  constructor(scope: Construct, id: string, props: RestoreTestAlertsProps) {
    super(scope, id);
    const to = () => new targets.SnsTopic(props.mediumTopic, { authorizeUsingRole: true, role: props.publisherRole, deadLetterQueue: props.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) });
    this.restoreFailed = new events.Rule(this, 'RestoreJobFailed', {
      description: 'AWS Backup restore jobs (restore tests included) that failed or were aborted: to the medium-alert topic',
      eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['FAILED', 'ABORTED'] } },
      targets: [to()],
    });
    this.validationFailed = new events.Rule(this, 'RestoreValidationFailed', {
      description: "A tenant's restore validation found a restored copy not as planned: to the medium-alert topic",
      eventPattern: { source: [RESTORE_TESTING_EVENTS.source], detailType: [RESTORE_TESTING_EVENTS.validationFailed] },
      targets: [to()],
    });
  }
}
