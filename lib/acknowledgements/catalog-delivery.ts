/**
 * Reviewed acknowledgements owned by platform-delivery: the delivery pipeline's CDK Pipelines roles and projects. Part
 * of the one catalog (catalog.ts). `{name}` in a rule id is filled with the logical id of a resource of the same
 * stack that the code names (rule-id-forms.ts): acknowledge() covers a project's own log group, never another's; the
 * audit checks only that the id has the reviewed shape (any logical id in the placeholder).
 */
import { AcknowledgementEntry } from './entry';

const ARTIFACT_ACCESS_IDS = [
  'HIPAA.Security-IAMNoInlinePolicy',
  'NIST.800.53.R5-IAMNoInlinePolicy',
  'PCI.DSS.321-IAMNoInlinePolicy',
  'AwsSolutions-IAM5[Action::s3:GetBucket*]',
  'AwsSolutions-IAM5[Action::s3:GetObject*]',
  'AwsSolutions-IAM5[Action::s3:List*]',
  'AwsSolutions-IAM5[Action::s3:Abort*]',
  'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
  'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
  'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
  'AwsSolutions-IAM5[Resource::<{artifacts}.Arn>/*]',
];

export const DELIVERY_ACKNOWLEDGEMENTS = {
  pipelineArtifactAccess: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: ARTIFACT_ACCESS_IDS,
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      "CDK Pipelines' grants on the pipeline's own artifact bucket and key: each role reads or writes objects of that one " +
      'bucket (object-level wildcards under its ARN) and uses that one key; the policy is attached to one role of this ' +
      'stack, generated from grants, and judged with the stack. The bucket denies plain HTTP, blocks public access and logs access.',
  },
  replicationStoreAccess: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: [
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::tenant-baseline-delivery-<AWS::AccountId>-{region}/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:{region}:<AWS::AccountId>:key/*]',
    ],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      "The pipeline role's access to its replication store in another region of the platform (docs/delivery.md#regions): " +
      'objects of that one bucket of this account (object-level wildcard under its fixed name), and the keys of that region ' +
      'that carry exactly the store key alias (kms:ResourceAliases condition), because a policy cannot name a key by its alias.',
  },
  codeBuildOwnLogs: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: [
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/<{project}>:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<{project}>-*]',
    ],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      "aws-cdk-lib grants every CodeBuild project its own default log group's streams and its own report groups, named after " +
      'the project; the wildcard covers streams and reports of that one project. Build output goes to the encrypted delivery ' +
      'log group, and no report group exists.',
  },
  assetPublishingRole: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: [
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/*]',
    ],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      "CDK Pipelines shares one role among the asset-publishing projects it creates (one per asset), so its CodeBuild build " +
      'actions and log and report permissions name the projects by wildcard within this account and region: it could start ' +
      'any project of the account, the self-mutation one included, which CDK Pipelines does not let us narrow. Only ' +
      'CodePipeline assumes it, for the asset actions; assets are published through the bootstrap file-publishing role.',
  },
  selfMutationRole: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::arn:*:iam::<AWS::AccountId>:role/*]'],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      'The self-mutation step runs cdk deploy of the pipeline stack: it may assume only roles of this account tagged by the ' +
      'CDK bootstrap as deploy, file-publishing or image-publishing roles (an iam:ResourceTag condition), and read stack ' +
      'descriptions and bucket listings, which name no data.',
  },
  codeBuildPipelineSource: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-CodeBuildProjectSourceRepoUrl', 'PCI.DSS.321-CodeBuildProjectSourceRepoUrl'],
    resourceTypes: ['AWS::CodeBuild::Project'],
    reason:
      'The project has no repository source of its own: it reads the CodePipeline artifact (source type CODEPIPELINE). The ' +
      'repository is reached once, by the source action, through an AWS CodeConnections connection (an installed app ' +
      'with OAuth, managed by AWS), so no credential or token is stored in any project.',
  },
  deliveryNotificationsNoRedrive: {
    owner: 'platform-delivery',
    reviewBy: '2027-06-01',
    ruleIds: ['Serverless-SNSRedrivePolicy'],
    resourceTypes: ['AWS::SNS::Subscription'],
    reason:
      'A lost delivery notification loses no state: a failed stage stops the pipeline, a pending approval blocks it, and ' +
      "CodePipeline keeps every execution's history for twelve months, where the next look at the pipeline finds both.",
  },
} satisfies Record<string, AcknowledgementEntry>;
