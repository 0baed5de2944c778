import { NagMessageLevel } from 'cdk-nag';
import { COMPLIANT, NOT_APPLICABLE, TemplateRule } from './rule';
import { StackRole } from '../topology';
import { CUSTOM_DOMAIN_RESOURCE_TYPES } from '../../config/domain-plan';
import { isAdditionalRegionView } from '../../config/regional-view';

/**
 * What an additional region's account baseline leaves out: the account's one multi-region trail, and the CIS metric
 * filters on its log group, live in the home region's (lib/config/regional-view.ts).
 */
const HOME_REGION_ONLY: ReadonlySet<string> = new Set(['AWS::CloudTrail::Trail', 'AWS::Logs::MetricFilter']);

const NETWORK = [
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::Route',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::EIP', 'AWS::EC2::NatGateway',
  'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation', 'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::FlowLog',
  'AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayRouteTableAssociation', 'AWS::EC2::TransitGatewayRouteTablePropagation',
  'Custom::VpcRestrictDefaultSG',
];
const COMMON = ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::Logs::LogGroup', 'AWS::Lambda::Function', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::SSM::Parameter'];
const CDK_METADATA = 'AWS::CDK::Metadata';
const DATA = ['AWS::DynamoDB::Table', 'AWS::Backup::BackupVault', 'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection'];

/**
 * What each kind of stack is made of: every resource type the platform's constructs create there. Anything else is a
 * resource nobody planned, and nobody has judged: a finding until the model names it (and says how it is judged).
 */
export const PLANNED_TYPES: Readonly<Record<Exclude<StackRole['kind'], 'other'>, ReadonlySet<string>>> = {
  tenant: new Set([
    ...NETWORK, ...COMMON, ...DATA,
    'AWS::AutoScaling::AutoScalingGroup', 'AWS::EC2::LaunchTemplate', 'AWS::IAM::InstanceProfile',
    'AWS::RDS::DBInstance', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBSubnetGroup',
    'AWS::SecretsManager::Secret', 'AWS::SecretsManager::ResourcePolicy', 'AWS::SecretsManager::RotationSchedule', 'AWS::SecretsManager::SecretTargetAttachment',
    'AWS::EC2::NetworkInsightsAccessScope',
    // Restore testing: the plan and its selections, the validation trigger with its dead-letter queue, its failure destination.
    'AWS::Backup::RestoreTestingPlan', 'AWS::Backup::RestoreTestingSelection', 'AWS::Events::Rule', 'AWS::Lambda::Permission', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy',
    'AWS::Lambda::EventInvokeConfig',
    // The tenant's API keys and usage plan on the control-plane API (TenantApiKeysAsPlanned).
    'AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::UsagePlanKey',
  ]),
  'control-plane': new Set([
    ...NETWORK, ...COMMON, ...DATA,
    'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method',
    'AWS::ApiGateway::Authorizer', 'AWS::ApiGateway::GatewayResponse', 'AWS::ApiGateway::Model', 'AWS::ApiGateway::RequestValidator',
    'AWS::Lambda::Permission', 'AWS::CloudWatch::Alarm', 'AWS::Scheduler::Schedule',
    'AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::WAFv2::LoggingConfiguration', 'AWS::WAFv2::IPSet', 'AWS::WAFv2::RegexPatternSet',
  ]),
  // The RAM share only with tenants in other accounts, judged by HubShareAsPlanned.
  'network-hub': new Set(['AWS::EC2::TransitGateway', 'AWS::EC2::TransitGatewayRouteTable', 'AWS::SSM::Parameter', 'AWS::RAM::ResourceShare']),
  'account-baseline': new Set([
    ...COMMON,
    'AWS::ApiGateway::Account', 'AWS::CloudTrail::Trail', 'AWS::CloudWatch::Alarm', 'AWS::Logs::MetricFilter', 'AWS::Events::Rule',
    'AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard',
    'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration', 'AWS::CloudFormation::LambdaHook', 'AWS::AccessAnalyzer::Analyzer', 'AWS::StepFunctions::StateMachine',
    'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy',
  ]),
  'organization-guardrails': new Set(['AWS::Organizations::Policy']),
  delivery: new Set([
    ...COMMON,
    'AWS::CodePipeline::Pipeline', 'AWS::CodeBuild::Project', 'AWS::CodeStarNotifications::NotificationRule',
    'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription',
  ]),
  // The pipeline's replication store in an additional region: a bucket (and its access-log bucket) under a key.
  'delivery-replication': new Set(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy']),
};

/** What the control-plane stack may hold besides PLANNED_TYPES only when `controlPlane.domain` is configured. */
const WITH_CUSTOM_DOMAIN: ReadonlySet<string> = new Set(CUSTOM_DOMAIN_RESOURCE_TYPES);

/**
 * Every resource of a platform stack is of a type the platform plans for that kind of stack (PLANNED_TYPES, and in the
 * control plane the custom domain's types when one is configured). A peering connection, an IAM user, a function URL,
 * an instance outside the host group, or anything a later change adds without extending the model, fails the gate:
 * what nobody planned, no rule judges.
 */
export const ResourceTypesAsPlanned: TemplateRule = {
  id: 'ResourceTypesAsPlanned',
  resourceTypes: ['*'],
  info: 'A platform stack holds a resource of a type the platform does not plan for that kind of stack.',
  explanation: 'The gate proves what the platform is. A resource type the model does not name is judged by no rule of the pack, so a green gate would say nothing about it.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'SOC2-CC6.1', 'SOC2-CC8.1'],
  tenantIsolation: 'counts',
  check(resource, context) {
    const kind = context.role.kind;
    if (kind === 'other') {
      return NOT_APPLICABLE;
    }
    // The CDK CLI's version reporting adds AWS::CDK::Metadata (a string of construct names, no AWS resource) to every stack.
    if (kind === 'account-baseline' && isAdditionalRegionView(context.topology.config) && HOME_REGION_ONLY.has(resource.Type)) {
      return [`Unplanned::${resource.Type}::home-region-only`];
    }
    const withDomain = kind === 'control-plane' && context.topology.config.controlPlane.domain !== undefined && WITH_CUSTOM_DOMAIN.has(resource.Type);
    return PLANNED_TYPES[kind].has(resource.Type) || withDomain || resource.Type === CDK_METADATA ? COMPLIANT : [`Unplanned::${resource.Type}`];
  },
};
