/**
 * Reviewed acknowledgements owned by platform-security for detection and audit (the account baseline's trail, alerts,
 * drift detection, deploy-time gate, Config remediation and network proofs). Part of the one catalog (catalog.ts).
 */
import { AcknowledgementEntry } from './entry';

export const DETECTION_ACKNOWLEDGEMENTS = {
  driftCheckReadOnly: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'AWS Config assumes this role (trust: config.amazonaws.com for this account only) to run CloudFormation drift ' +
      "detection, which reads the live configuration of every resource of a stack, of any type; AWS's documentation for " +
      'the managed rule names ReadOnlyAccess for it. The role can read, not change, and no person or other service can use it.',
  },
  driftCheckPolicy: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "Drift detection is started on each stack the rule judges, and the rule's scope (the platform's component tag) " +
      'decides which; the actions (DetectStackDrift, DetectStackResourceDrift) change nothing but the drift status.',
  },
  alertDeadLetterQueue: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy', 'ControlTower::CT.SQS.PR.1'],
    resourceTypes: ['AWS::SQS::Queue'],
    reason:
      'This queue is itself the dead-letter queue of the alert rules (EventBridge target DLQs are not visible to the rule, which ' +
      'only recognises SQS redrive); a second DLQ behind it would never receive anything. It is encrypted with the alerts key ' +
      'and refuses requests without TLS.',
  },
  cloudTrailLogsDeliveryPolicy: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      'The CloudTrail L2 creates its CloudWatch Logs delivery role with this policy and offers no way to pass a role: it allows ' +
      'only logs:CreateLogStream and logs:PutLogEvents on the audit log group, the role is assumable only by CloudTrail, and ' +
      'the policy is bound to that one role.',
  },
  objectLockOnlyOnAuditLogs: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.S3.PR.9'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      'Object Lock is reserved for the audit trail bucket and the sidecar releases. On tenant data it would block erasure (GDPR Art. 17) and the ' +
      'offboarding delete for the whole retention period; access-log buckets expire their logs by lifecycle instead. These ' +
      'buckets are versioned or expiring, retained on stack deletion, and writes are confined by their bucket policies.',
  },
  deployTimeGateOutsideVpc: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC', 'ControlTower::CT.LAMBDA.PR.3'],
    resourceTypes: ['AWS::Lambda::Function'],
    reason:
      'The deploy-time gate runs in the account baseline, which has no VPC: it reads one template from the presigned S3 URL ' +
      'CloudFormation hands it (https, AWS endpoints only, size and time capped) and returns a verdict. Its role may write ' +
      'its own logs and nothing else, it holds no data, and only the hook role, assumable by CloudFormation Hooks for this ' +
      'account, may invoke it.',
  },
  defaultSecurityGroupRemediation: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: [
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:security-group/*]',
    ],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "AWS's runbook AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules runs with this policy: it reads security groups " +
      'and automation executions (neither call supports resource-level permissions) and revokes rules of the default group ' +
      'AWS Config flagged, which can be any group of this account and region; it can add no rule and touch nothing else.',
  },
  networkProofReads: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Action::ec2:Describe*]', 'AwsSolutions-IAM5[Action::elasticloadbalancing:Describe*]', 'AwsSolutions-IAM5[Action::network-firewall:Describe*]', 'AwsSolutions-IAM5[Action::network-firewall:List*]', 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-insights-access-scope/*]', 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-insights-access-scope-analysis/*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      'Network Access Analyzer analyses with the permissions of whoever starts it: it reads the whole network configuration ' +
      '(EC2, load balancers, Network Firewall, resource groups, tags, its Tiros reasoning engine), none of which supports ' +
      'resource-level permissions, and an analysis of a scope is a new resource whose id is not known in advance. Step ' +
      "Functions' log delivery and X-Ray tracing, in the same policy, support none either. The policy reads, analyses " +
      'and logs; it can change no network resource and read no data. Only Step Functions, for this account, can assume its role, ' +
      'and NetworkProofsAsPlanned fails the gate on any statement of its policies the plan does not list.',
  },
} satisfies Record<string, AcknowledgementEntry>;
