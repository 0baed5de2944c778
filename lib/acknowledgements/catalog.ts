/**
 * Every acknowledged compliance finding of the platform, in one reviewed list.
 *
 * An entry names the rule ids it covers (exactly as cdk-nag reports them, granular where the rule is granular), the
 * CloudFormation resource types it may be attached to, and why the finding is safe, naming the compensating control.
 * Code attaches an entry to one resource with `acknowledge(resource, '<key>')`; the gate fails synth on any
 * acknowledgement that does not come from this list, and its report lists every resource each entry was attached to.
 *
 * Reviewers: an entry here is a decision that a control does not apply or is met another way. Challenge it.
 */
export interface AcknowledgementEntry {
  /** The rule ids covered, as cdk-nag reports them (e.g. `AwsSolutions-VPC7`, `AwsSolutions-IAM5[Action::s3:*]`). */
  readonly ruleIds: readonly string[];
  /** The CloudFormation resource types this entry may be attached to. */
  readonly resourceTypes: readonly string[];
  /** Why the finding is safe: the compensating control, in at least ten words. */
  readonly reason: string;
}

export const ACKNOWLEDGEMENTS = {
  deliberateNetworkAcl: {
    ruleIds: ['AwsSolutions-VPC3'],
    resourceTypes: ['AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry'],
    reason:
      'Network ACLs are deliberate here: they are the stateless second layer under the security groups that denies every other ' +
      "tenant's address range and all but the control-plane port at the subnet level. Every rule is generated from the reviewed " +
      'specs in lib/config/tenant-firewall.ts and control-plane-firewall.ts, and tests assert each one.',
  },
  natSubnetInternetRoute: {
    ruleIds: ['HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW'],
    resourceTypes: ['AWS::EC2::Route'],
    reason:
      'This 0.0.0.0/0 route to the internet gateway exists only in the public subnets, which hold nothing but the NAT gateways that ' +
      'carry outbound HTTPS. No address is public on launch (MapPublicIpOnLaunch is false), nothing else is placed there, and the ' +
      "subnet's network ACL admits from the internet only return traffic to ephemeral ports, so there is no inbound path.",
  },
  accessLogBucketNoSelfLogging: {
    // AwsSolutions-S1 recognises a log-destination bucket by itself; only Control Tower's rule needs this entry.
    ruleIds: ['ControlTower::CT.S3.PR.2'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      "This bucket is the destination of another bucket's server access logs (AccessLogBucket); logging it into itself would " +
      'loop. Its policy lets only the S3 logging service write, for the source bucket and this account, blocks all public ' +
      'access and requires TLS 1.2; changes to its configuration are recorded by the audit trail.',
  },
  accessLogBucketSseS3: {
    ruleIds: [
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'PCI.DSS.321-S3DefaultEncryptionKMS',
      'ControlTower::CT.S3.PR.10',
    ],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      'S3 server access logging can deliver only to a bucket encrypted with SSE-S3 (AES-256), not SSE-KMS. The bucket holds ' +
      'request metadata, not stored objects, blocks all public access, enforces TLS 1.2 and expires its logs; a tenant\'s ' +
      'one is deleted explicitly at offboarding (docs/data-protection.md).',
  },
  tenantAccessLogBucketSseS3: {
    ruleIds: ['TenantBaseline-TenantDataUnderTenantKey[BucketEncryption0::AES256]'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      "The tenant's access-log bucket cannot be under the tenant key: S3 server access logging delivers only to SSE-S3 " +
      "buckets. It holds request metadata about the tenant's bucket, not tenant objects; at offboarding it is deleted " +
      'explicitly, since destroying the tenant key would not erase it (docs/data-protection.md).',
  },
  awsBackupServiceRole: {
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'AWS Backup needs the AWS-maintained AWSBackupServiceRolePolicyForBackup, which AWS updates as services gain backup ' +
      'support. The role can be assumed only by backup.amazonaws.com, has no restore permissions, and recovery points land ' +
      "in a vault encrypted with this tenant's key.",
  },
  noCrossRegionReplication: {
    ruleIds: ['HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      "Replication is deliberately off: a tenant's data stays in its region (data residency), and a replica would sit under a " +
      'second key that crypto-shredding would also have to destroy. Versioning, retain-on-delete and the tenant backup plan ' +
      'provide recovery instead.',
  },
  databaseDefaultPort: {
    ruleIds: ['AwsSolutions-RDS11', 'ControlTower::CT.RDS.PR.20'],
    resourceTypes: ['AWS::RDS::DBInstance'],
    reason:
      'PostgreSQL keeps its standard port 5432 on purpose: a non-default port is obscurity, not a control. The instance is in ' +
      'isolated subnets with no route out of the VPC, its security group admits 5432 only from the runtime and rotation ' +
      'groups, the subnet ACLs admit it only from the tenant VPC, and TLS and IAM authentication are required.',
  },
  rdsEnhancedMonitoringRole: {
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'Enhanced monitoring needs the AWS-maintained AmazonRDSEnhancedMonitoringRole, which only lets the RDS monitoring ' +
      'agent write OS metrics to the RDSOSMetrics log group; the role is assumable only by monitoring.rds.amazonaws.com.',
  },
  ssmManagedInstanceCore: {
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'Session Manager is the only way onto the runtime hosts (no key pair, no port 22), and AmazonSSMManagedInstanceCore is ' +
      'the AWS-maintained minimum for the SSM agent. The role is assumable only by EC2; tenant data access is granted ' +
      'separately, per resource, with CDK grant methods.',
  },
  runtimeScalingEvents: {
    ruleIds: ['AwsSolutions-AS3'],
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    reason:
      'Auto Scaling publishes every launch, termination and failure of this group to EventBridge by default, where the account ' +
      'baseline routes them; group metrics are enabled and CloudTrail records every scaling API call, so SNS notifications ' +
      'configured on the group itself would duplicate that trail.',
  },
  runtimeGrantPolicy: {
    ruleIds: [
      'HIPAA.Security-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'PCI.DSS.321-IAMNoInlinePolicy',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Resource::<BucketE75EA64C.Arn>/*]',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    ],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      "This policy holds exactly what CDK grant methods give the runtime role on this tenant's own bucket, table, database " +
      "secret and key: the action wildcards are CDK's read/write sets, every statement names one of this tenant's resource " +
      'ARNs (objects as <bucket>/*), and the policy is bound to this one role, so it cannot be attached anywhere else.',
  },
  alertDeadLetterQueue: {
    ruleIds: ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy', 'ControlTower::CT.SQS.PR.1'],
    resourceTypes: ['AWS::SQS::Queue'],
    reason:
      'This queue is itself the dead-letter queue of the alert rules (EventBridge target DLQs are not visible to the rule, which ' +
      'only recognises SQS redrive); a second DLQ behind it would never receive anything. It is encrypted with the alerts key ' +
      'and refuses requests without TLS.',
  },
  cloudTrailLogsDeliveryPolicy: {
    ruleIds: ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      'The CloudTrail L2 creates its CloudWatch Logs delivery role with this policy and offers no way to pass a role: it allows ' +
      'only logs:CreateLogStream and logs:PutLogEvents on the audit log group, the role is assumable only by CloudTrail, and ' +
      'the policy is bound to that one role.',
  },
  lambdaVpcAndTracingWildcards: {
    ruleIds: ['AwsSolutions-IAM5[Resource::*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "The only '*' resources in a platform function's policy are the EC2 network-interface calls Lambda needs to run in a " +
      "VPC and X-Ray's PutTraceSegments/PutTelemetryRecords: neither service supports resource-level permissions for them. " +
      'Every data permission in the same policy names an exact resource ARN.',
  },
  publicHealthCheck: {
    ruleIds: ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'TenantBaseline-ApiMethodsAuthorized'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      'GET /health-check is public by design so load balancers and uptime monitors can call it without credentials. It ' +
      'reports only ok or degraded per component (no versions, hosts, errors), sits behind the WAF rate limit, and its ' +
      'function may only describe the table and list the bucket.',
  },
  synchronousFunctionNoDlq: {
    ruleIds: ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ'],
    resourceTypes: ['AWS::Lambda::Function'],
    reason:
      'Platform functions are invoked synchronously by API Gateway (authorizer, integrations), where a dead-letter queue never ' +
      'receives anything: a failure is returned to the caller at once as a plain error and logged with a reason code, and ' +
      'the failed-authentication and 5XX metrics record it.',
  },
  customAuthorizerNotCognito: {
    ruleIds: ['AwsSolutions-COG4'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      "Admin tokens come from the platform's own identity provider, not a Cognito user pool: the method is guarded by the " +
      'admin authorizer, which verifies RS256 signatures against the provider JWKS, the required claims and the role table.',
  },
  apiStageNoCacheNoClientCert: {
    ruleIds: [
      'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
      'HIPAA.Security-APIGWSSLEnabled',
      'NIST.800.53.R5-APIGWSSLEnabled',
      'PCI.DSS.321-APIGWSSLEnabled',
    ],
    resourceTypes: ['AWS::ApiGateway::Stage'],
    reason:
      'The stage caches nothing on purpose (responses are per caller and sent with Cache-Control no-store), so there is no ' +
      'cache to encrypt; and its integrations are Lambda and mock only, with no HTTP backend that a client certificate ' +
      'would authenticate to. Clients reach the stage over TLS 1.3 only.',
  },
  apiGatewayLoggingRole: {
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      "API Gateway's account-level logging setting takes a role with the AWS-maintained AmazonAPIGatewayPushToCloudWatchLogs " +
      'policy, which only creates log groups and streams and puts events; the role is assumable only by API Gateway.',
  },
  publicJwks: {
    ruleIds: ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'TenantBaseline-ApiMethodsAuthorized'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      'GET /.well-known/jwks.json must be public: every tenant data plane fetches it to verify signed plans. It returns only ' +
      'public keys (kty, crv, x, y, kid, alg, use), sits behind the WAF rate limit, and its function may only read public keys.',
  },
  signedHeartbeatRoute: {
    ruleIds: ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'TenantBaseline-ApiMethodsAuthorized'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      'POST /heartbeats is called by metering sidecars, not by people with admin tokens: each heartbeat is authenticated by ' +
      'an Ed25519 signature under the sidecar key registered for its tenant, with a strictly increasing counter and a ' +
      '300 s timestamp window; the route sits behind the WAF rate and size rules.',
  },
  noBucketEventNotifications: {
    ruleIds: ['ControlTower::CT.S3.PR.4'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      'No process consumes object events from these buckets, and a notification target without a consumer is one more ' +
      'unmonitored resource holding object keys. Access is recorded by server access logs and CloudTrail, and changes to ' +
      'bucket configuration raise the account alarms.',
  },
  objectLockOnlyOnAuditLogs: {
    ruleIds: ['ControlTower::CT.S3.PR.9'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      'Object Lock is reserved for the audit trail bucket. On tenant data it would block erasure (GDPR Art. 17) and the ' +
      'offboarding delete for the whole retention period; access-log buckets expire their logs by lifecycle instead. These ' +
      'buckets are versioned or expiring, retained on stack deletion, and writes are confined by their bucket policies.',
  },
  naclEphemeralReturnTraffic: {
    ruleIds: ['ControlTower::CT.EC2.PR.5'],
    resourceTypes: ['AWS::EC2::NetworkAclEntry'],
    reason:
      'Network ACLs are stateless: replies to outbound HTTPS arrive from the internet on ephemeral ports 1024-65535, a range ' +
      'that contains 3389. Nothing listens there: the security groups admit no internet traffic at all (TenantBaseline-' +
      'NoInternetOrSshIngress proves it), and no instance has a public address.',
  },
  vpcDefaultSgCustomResourceHandler: {
    ruleIds: ['ControlTower::CT.LAMBDA.PR.3'],
    resourceTypes: ['AWS::Lambda::Function'],
    reason:
      'This is the handler aws-cdk-lib adds to strip the default security group (feature flag restrictDefaultSecurityGroup). ' +
      'It runs only during deployments, calls only the EC2 API to revoke the default group rules of this VPC, and holds no ' +
      'data; placing it in the VPC would need NAT or an EC2 endpoint for no gain in isolation.',
  },
  runtimeZonesFromSubnets: {
    ruleIds: ['ControlTower::CT.AUTOSCALING.PR.1'],
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    reason:
      'The runtime group spans two Availability Zones through VPCZoneIdentifier, one runtime subnet in each zone, which the ' +
      'Auto Scaling API prefers for VPCs; naming the zones again in AvailabilityZones could only disagree with the subnets. ' +
      'test/runtime/runtime-host-group.test.ts checks the two subnets.',
  },
  runtimeSingleInstanceType: {
    ruleIds: ['ControlTower::CT.AUTOSCALING.PR.6'],
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    reason:
      'Each tenant runtime runs one or a few hosts of a single Graviton instance type chosen in the tenant configuration, so ' +
      'capacity and cost are predictable per tenant; on-demand capacity in two zones covers availability without mixing ' +
      'instance types, which would change performance between hosts.',
  },
  apiInvokePermissionSourceArn: {
    ruleIds: ['ControlTower::CT.LAMBDA.PR.2'],
    resourceTypes: ['AWS::Lambda::Permission'],
    reason:
      'The permission is not public: its principal is apigateway.amazonaws.com and SourceArn names this account\'s API, ' +
      'stage, method and path (or this API\'s authorizer). The ARN is joined from the API id at deploy time, and the ' +
      'control accepts only a literal string or a resource reference there, so it cannot read the condition.',
  },
  guardDutyS3ProtectionAsFeature: {
    ruleIds: ['ControlTower::CT.GUARDDUTY.PR.1'],
    resourceTypes: ['AWS::GuardDuty::Detector'],
    reason:
      'S3 protection is on, through the detector Features list (S3_DATA_EVENTS ENABLED, asserted by ' +
      'test/detection/account-baseline.test.ts). The control reads the legacy DataSources.S3Logs property, which GuardDuty ' +
      'does not accept together with Features.',
  },
} satisfies Record<string, AcknowledgementEntry>;

/**
 * Acknowledgements that aws-cdk-lib itself records on constructs it creates, for its own schema-validation rules. They do
 * not go through `acknowledge()`; the audit accepts them only for the rule ids reviewed here, so a new one fails the gate
 * until someone reads it.
 */
export const FRAMEWORK_ACKNOWLEDGEMENTS: Readonly<Record<string, string>> = {
  'CloudFormation-Validate::W3010':
    'aws-cdk-lib: literal AZ names come from stack.availabilityZones; this app is environment-agnostic and uses Fn::GetAZs, so none appear.',
  'CloudFormation-Validate::F3002':
    'aws-cdk-lib: AWS::EC2::FlowLog DestinationOptions is accepted in camelCase although the schema lists PascalCase; CloudWatch Logs flow logs here set no DestinationOptions.',
  'CloudFormation-Validate::F3003':
    'aws-cdk-lib: same FlowLog DestinationOptions casing note as F3002; reviewed, no effect on the deployed template.',
};

export type AcknowledgementKey = keyof typeof ACKNOWLEDGEMENTS;
