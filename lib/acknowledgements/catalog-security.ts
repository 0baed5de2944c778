/** Reviewed acknowledgements owned by platform-security: data, keys, detection and everything else. Part of the one catalog (catalog.ts). */
import { AcknowledgementEntry } from './entry';

export const SECURITY_ACKNOWLEDGEMENTS = {
  accessLogBucketNoSelfLogging: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    // AwsSolutions-S1 recognises a log-destination bucket by itself; only Control Tower's rule needs this entry.
    ruleIds: ['ControlTower::CT.S3.PR.2'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      "This bucket is the destination of another bucket's server access logs (AccessLogBucket); logging it into itself would " +
      'loop. Its policy lets only the S3 logging service write, for the source bucket and this account, blocks all public ' +
      'access and requires TLS 1.2; changes to its configuration are recorded by the audit trail.',
  },
  accessLogBucketSseS3: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
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
  awsBackupServiceRole: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'AWS Backup needs the AWS-maintained AWSBackupServiceRolePolicyForBackup, which AWS updates as services gain backup ' +
      'support. The role can be assumed only by backup.amazonaws.com, has no restore permissions, and recovery points land ' +
      "in a vault encrypted with this tenant's key.",
  },
  awsBackupS3BackupPolicy: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'AWS Backup backs up S3 only with the AWS-maintained AWSBackupServiceRolePolicyForS3Backup. The role can be assumed only by ' +
      "backup.amazonaws.com, has no restore permissions, and the bucket's recovery points land in a vault under this tenant's key.",
  },
  noCrossRegionReplication: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      "Replication is deliberately off: a tenant's data stays in its region (data residency), and a replica would sit under a " +
      'second key that crypto-shredding would also have to destroy. Versioning, retain-on-delete and the tenant backup plan ' +
      'provide recovery instead.',
  },
  offboardingDeletionProtection: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-RDS10', 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled', 'ControlTower::CT.RDS.PR.13'],
    resourceTypes: ['AWS::RDS::DBInstance'],
    reason:
      "Only for a tenant whose configured state is 'offboarding' (docs/data-protection.md): its erasure is the deletion of " +
      "its stack, which schedules its key's deletion; the database's deletion protection would make that deletion fail. " +
      "The gate's DatabaseAsPlanned and TenantKeyLifecycle rules accept the lifted protection for that tenant only.",
  },
  databaseDefaultPort: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-RDS11', 'ControlTower::CT.RDS.PR.20'],
    resourceTypes: ['AWS::RDS::DBInstance'],
    reason:
      'PostgreSQL keeps its standard port 5432 on purpose: a non-default port is obscurity, not a control. The instance is in ' +
      'isolated subnets with no route out of the VPC, its security group admits 5432 only from the runtime and rotation ' +
      'groups, the subnet ACLs admit it only from the tenant VPC, and TLS and IAM authentication are required.',
  },
  rdsEnhancedMonitoringRole: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'Enhanced monitoring needs the AWS-maintained AmazonRDSEnhancedMonitoringRole, which only lets the RDS monitoring ' +
      'agent write OS metrics to the RDSOSMetrics log group; the role is assumable only by monitoring.rds.amazonaws.com.',
  },
  ssmManagedInstanceCore: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'Session Manager is the only way onto the runtime hosts (no key pair, no port 22), and AmazonSSMManagedInstanceCore is ' +
      'the AWS-maintained minimum for the SSM agent. The role is assumable only by EC2; tenant data access is granted ' +
      'separately, per resource, with CDK grant methods.',
  },
  runtimeScalingEvents: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-AS3'],
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    reason:
      'Auto Scaling publishes every launch, termination and failure of this group to EventBridge by default, where the account ' +
      'baseline routes them; group metrics are enabled and CloudTrail records every scaling API call, so SNS notifications ' +
      'configured on the group itself would duplicate that trail.',
  },
  sidecarReleasePolicy: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy', 'AwsSolutions-IAM5[Resource::*]'],
    resourceTypes: ['AWS::IAM::Policy'],
    reason:
      "The runtime hosts' sidecar start-up policy, bound to this one role: CloudWatch PutMetricData has no resource type, so " +
      'its resource is * and the statement is confined by the cloudwatch:namespace condition to the sidecar namespace; every ' +
      'other statement names one parameter, the one active release object, or the release key through S3.',
  },
  runtimeGrantPolicy: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
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
  tenantExportObjects: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::<BucketE75EA64C.Arn>/*]', 'AwsSolutions-IAM5[Resource::<DataExportBucket89375BE8.Arn>/exports/*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "A GDPR export copies every object of the tenant's bucket (GetObject on <bucket>/*) and writes its archive under the " +
      "export bucket's exports/ prefix: object ARNs are the only way to name them. Both buckets are this tenant's; the " +
      'statements are exactly the planned ones (DataExportAsPlanned, not acknowledgeable), and the function runs only when ' +
      "the control plane's GDPR handler starts an admin's export.",
  },
  exportOneAttemptNoDestination: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['Serverless-LambdaAsyncFailureDestination'],
    resourceTypes: ['AWS::Lambda::EventInvokeConfig'],
    reason:
      'An export is attempted once and its failure is already recorded where the requester looks: a caught failure ' +
      "writes failed.json, and an export that never finished reads FAILED once its queue and run time are over (the " +
      "control plane's GET /tenants/{id}/exports/{exportId}); the function's errors are in its log group. A failure " +
      'destination would be a second, unread copy of the same fact.',
  },
  awsBackupRestoreRole: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'AWS Backup restores with the AWS-maintained AWSBackupServiceRolePolicyForRestores, which AWS updates as services gain ' +
      'restore support. The role can be assumed only by backup.amazonaws.com for this account, is named only by this ' +
      "tenant's restore testing selections, and the copies it creates are validated and deleted by AWS Backup.",
  },
  awsBackupS3RestorePolicy: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      'AWS Backup restores S3 only with the AWS-maintained AWSBackupServiceRolePolicyForS3Restore. The role can be assumed only by ' +
      "backup.amazonaws.com for this account; the gate keeps the restored bucket under this tenant's key, validated, then deleted.",
  },
  restoreValidationWildcards: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:db:awsbackup-restore-test-*]', 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/awsbackup-restore-test-*]', 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::awsbackup-restore-test-*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      'The restore validation reads restore jobs and reports their validation (backup:DescribeRestoreJob and ' +
      'PutRestoreValidationResult take no resource ARN) and describes the restored copies (bucket encryption and public access block included), whose names AWS Backup ' +
      'chooses (awsbackup-restore-test-<random>): read-only describe calls, and the one write is a validation verdict.',
  },
  restoreValidationDeadLetterQueue: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy', 'ControlTower::CT.SQS.PR.1'],
    resourceTypes: ['AWS::SQS::Queue'],
    reason:
      "This queue is itself the dead-letter queue of the tenant's restore validation trigger (an EventBridge target DLQ); " +
      'a second DLQ behind it would never receive anything. It holds restore job events (ids and ARNs, no tenant data), ' +
      "is encrypted with the tenant's key and refuses requests without TLS.",
  },
  noBucketEventNotifications: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.S3.PR.4'],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      'No process consumes object events from these buckets, and a notification target without a consumer is one more ' +
      'unmonitored resource holding object keys. Access is recorded by server access logs and CloudTrail, and changes to ' +
      'bucket configuration raise the account alarms.',
  },
  sidecarReleaseBucket: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: [
      'HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
      'ControlTower::CT.S3.PR.4',
    ],
    resourceTypes: ['AWS::S3::Bucket'],
    reason:
      'The sidecar release bucket holds build artefacts that the release process can upload again, not records: a replica ' +
      'would be a second copy whose integrity the hosts do not check against the protected hash parameters. No process ' +
      'consumes its object events; uploads are recorded by server access logs and CloudTrail, and a replaced binary is ' +
      'refused by every host and raises the SidecarReleaseTampered alarm.',
  },
  runtimeSingleInstanceType: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.AUTOSCALING.PR.6'],
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    reason:
      'Each tenant runtime runs one or a few hosts of a single Graviton instance type chosen in the tenant configuration, so ' +
      'capacity and cost are predictable per tenant; on-demand capacity in two zones covers availability without mixing ' +
      'instance types, which would change performance between hosts.',
  },
  guardDutyS3ProtectionAsFeature: {
    owner: 'platform-security',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.GUARDDUTY.PR.1'],
    resourceTypes: ['AWS::GuardDuty::Detector'],
    reason:
      'S3 protection is on, through the detector Features list (S3_DATA_EVENTS ENABLED, asserted by ' +
      'test/detection/account-baseline.test.ts). The control reads the legacy DataSources.S3Logs property, which GuardDuty ' +
      'does not accept together with Features.',
  },
} satisfies Record<string, AcknowledgementEntry>;
