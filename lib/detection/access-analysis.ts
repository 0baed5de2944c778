import { Duration } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ACCESS_ANALYSIS } from '../config/access-analysis-plan';
import { ROUTE_TIERS } from '../config/alert-tiers';
import { AlertTopicsByTier } from './alert-topics';

export interface AccessAnalysisProps {
  /** The alert topics by tier: each analyzer's findings go to its route's tier (ROUTE_TIERS). */
  readonly topics: AlertTopicsByTier;
  /** The role EventBridge publishes to the alert topics with (ThreatDetection's). */
  readonly publisherRole: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * IAM Access Analyzer for the account (lib/config/access-analysis-plan.ts): external access (a resource policy that
 * trusts a principal outside the account: free) with every active finding to the high topic; internal access to
 * the buckets and tables (which roles and users of the account can reach them: billed per analyzed resource) and
 * unused access (roles, keys, passwords and permissions unused for 90 days: billed per analyzed identity) to the
 * medium topic. No archive rule: nothing is filtered away before someone reads it.
 */
export class AccessAnalysis extends Construct {
  public readonly external: accessanalyzer.CfnAnalyzer;
  public readonly internal: accessanalyzer.CfnAnalyzer;
  public readonly unused: accessanalyzer.CfnAnalyzer;

  constructor(scope: Construct, id: string, props: AccessAnalysisProps) {
    super(scope, id);
    this.external = new accessanalyzer.CfnAnalyzer(this, 'External', { analyzerName: ACCESS_ANALYSIS.external.name, type: ACCESS_ANALYSIS.external.type });
    this.internal = new accessanalyzer.CfnAnalyzer(this, 'Internal', {
      analyzerName: ACCESS_ANALYSIS.internal.name,
      type: ACCESS_ANALYSIS.internal.type,
      analyzerConfiguration: { internalAccessConfiguration: { internalAccessAnalysisRule: { inclusions: [{ resourceTypes: [...ACCESS_ANALYSIS.internal.resourceTypes] }] } } },
    });
    this.unused = new accessanalyzer.CfnAnalyzer(this, 'Unused', {
      analyzerName: ACCESS_ANALYSIS.unused.name,
      type: ACCESS_ANALYSIS.unused.type,
      analyzerConfiguration: { unusedAccessConfiguration: { unusedAccessAge: ACCESS_ANALYSIS.unused.unusedAccessAgeDays } },
    });
    const to = (topic: sns.ITopic) => new targets.SnsTopic(topic, { authorizeUsingRole: true, role: props.publisherRole, deadLetterQueue: props.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) });
    new events.Rule(this, ACCESS_ANALYSIS.external.route, {
      description: `IAM Access Analyzer: a resource is shared outside the account: to the ${ROUTE_TIERS[ACCESS_ANALYSIS.external.route]} alert topic`,
      eventPattern: { source: ['aws.access-analyzer'], detailType: [ACCESS_ANALYSIS.external.detailType], detail: { status: ['ACTIVE'] } },
      targets: [to(props.topics[ROUTE_TIERS[ACCESS_ANALYSIS.external.route]])],
    });
    new events.Rule(this, ACCESS_ANALYSIS.internal.route, {
      description: `IAM Access Analyzer: a principal of the account can reach a bucket or table: to the ${ROUTE_TIERS[ACCESS_ANALYSIS.internal.route]} alert topic`,
      eventPattern: { source: ['aws.access-analyzer'], detailType: [ACCESS_ANALYSIS.internal.detailType], detail: { status: ['ACTIVE'] } },
      targets: [to(props.topics[ROUTE_TIERS[ACCESS_ANALYSIS.internal.route]])],
    });
    new events.Rule(this, ACCESS_ANALYSIS.unused.route, {
      description: `IAM Access Analyzer: unused access (roles, keys, permissions): to the ${ROUTE_TIERS[ACCESS_ANALYSIS.unused.route]} alert topic`,
      eventPattern: { source: ['aws.access-analyzer'], detailType: [ACCESS_ANALYSIS.unused.detailType], detail: { status: ['ACTIVE'] } },
      targets: [to(props.topics[ROUTE_TIERS[ACCESS_ANALYSIS.unused.route]])],
    });
  }
}
