import { Duration, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IDependable } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { CONFIG_RULES, REMEDIATED_RULE } from '../config/config-rules-plan';
import { ROUTE_TIERS } from '../config/alert-tiers';

export interface ConfigRulesProps {
  /** The recorder the rules need, when this stack creates it (the rules are created after it). */
  readonly recorder?: IDependable;
  /** The topic of the non-compliance route's tier (ROUTE_TIERS.NonComplianceRoute). */
  readonly topic: sns.ITopic;
  /** The role EventBridge publishes to the alert topics with (ThreatDetection's). */
  readonly publisherRole: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The platform's most important properties re-proved in the running account by AWS Config managed rules
 * (lib/config/config-rules-plan.ts): every NON_COMPLIANT evaluation goes to the high alert topic, and one of them, a
 * default security group that admits traffic, is remediated automatically with AWS's own runbook (removing a default
 * group's rules cannot break the platform: nothing of it uses a default group).
 */
export class ConfigRules extends Construct {
  public readonly rules: readonly config.CfnConfigRule[];
  public readonly routing: events.Rule;
  public readonly remediation: config.CfnRemediationConfiguration;
  public readonly remediationRole: iam.Role;

  constructor(scope: Construct, id: string, props: ConfigRulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.rules = CONFIG_RULES.map((planned) => {
      const rule = new config.CfnConfigRule(this, planned.identifier, {
        configRuleName: planned.name,
        description: `The platform keeps this true after deploy: ${planned.proves}`,
        source: { owner: 'AWS', sourceIdentifier: planned.identifier },
        ...(planned.inputParameters ? { inputParameters: planned.inputParameters } : {}),
        ...(planned.frequency ? { maximumExecutionFrequency: planned.frequency } : {}),
      });
      if (props.recorder) {
        rule.node.addDependency(props.recorder);
      }
      return rule;
    });
    this.routing = new events.Rule(this, 'NonComplianceRoute', {
      description: `A platform property no longer holds in the account (AWS Config): to the ${ROUTE_TIERS.NonComplianceRoute} alert topic`,
      eventPattern: {
        source: ['aws.config'],
        detailType: ['Config Rules Compliance Change'],
        detail: { configRuleName: CONFIG_RULES.map((r) => r.name), newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
      },
      targets: [new targets.SnsTopic(props.topic, { authorizeUsingRole: true, role: props.publisherRole, deadLetterQueue: props.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
    this.remediationRole = new iam.Role(this, 'RemediationRole', {
      description: 'AWS Config remediation: removes the rules of a default security group (AWS runbook), nothing else',
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    const policy = new iam.ManagedPolicy(this, 'RemediationPolicy', {
      description: 'Remove the rules of a default security group',
      roles: [this.remediationRole],
      statements: [
        // DescribeSecurityGroups and GetAutomationExecution support no resource-level permissions.
        new iam.PolicyStatement({ sid: 'Read', actions: ['ec2:DescribeSecurityGroups', 'ssm:GetAutomationExecution'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'RevokeDefaultGroupRules',
          actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
          resources: [stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: '*' })],
        }),
      ],
    });
    acknowledge(policy, 'defaultSecurityGroupRemediation');
    const remediated = this.rules.find((r) => r.configRuleName === REMEDIATED_RULE.rule)!;
    this.remediation = new config.CfnRemediationConfiguration(this, 'DefaultSecurityGroupRemediation', {
      configRuleName: REMEDIATED_RULE.rule,
      targetType: 'SSM_DOCUMENT',
      targetId: REMEDIATED_RULE.document,
      automatic: true,
      maximumAutomaticAttempts: REMEDIATED_RULE.maximumAttempts,
      retryAttemptSeconds: REMEDIATED_RULE.retrySeconds,
      parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [this.remediationRole.roleArn] } },
        GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
    });
    this.remediation.node.addDependency(remediated, policy);
  }
}
