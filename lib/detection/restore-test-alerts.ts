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

/** What Lambda puts on the default bus for an asynchronous invocation that failed, through an EventBridge on-failure destination. */
export const LAMBDA_FAILURE_EVENT = { source: 'lambda', detailType: 'Lambda Function Invocation Result - Failure' } as const;

/**
 * Failed restore tests reach people (seed 001: test disaster recovery): once per account, every AWS Backup restore job
 * that failed or was aborted (AWS Backup's own event, so it is routed even when a tenant's validation function is
 * broken), every restore validation a tenant's function reported as failed, and every restore job event a tenant's
 * function could not handle at all (Lambda's failure event: the validation never reported) go to the medium alert topic.
 */
export class RestoreTestAlerts extends Construct {
  public readonly restoreFailed: events.Rule;
  public readonly validationFailed: events.Rule;
  public readonly validationNeverReported: events.Rule;

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
    // A validation function that errs, times out or is throttled past the window never reports; Lambda's own failure
    // event (a tenant's on-failure destination) carries the restore job event it could not handle.
    this.validationNeverReported = new events.Rule(this, 'RestoreValidationNeverReported', {
      description: "A tenant's restore validation could not finish (errors, timeouts or throttles after retries): to the medium-alert topic",
      eventPattern: {
        source: [LAMBDA_FAILURE_EVENT.source],
        detailType: [LAMBDA_FAILURE_EVENT.detailType],
        detail: { requestPayload: { source: ['aws.backup'], 'detail-type': ['Restore Job State Change'] } },
      },
      targets: [to()],
    });
  }
}
