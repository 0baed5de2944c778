import { NagMessageLevel } from 'cdk-nag';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { keyReferences } from './tenant-data-under-tenant-key';
import { accessLogDestinations, isSymmetricKeyOfTemplate, text } from './template';

/**
 * Outside tenant stacks (the account baseline, the control plane, the delivery pipeline), every data-bearing resource is encrypted with a
 * symmetric customer key declared in the same stack: not a literal ARN (any account's key), not an asymmetric
 * signing key, not AWS-owned encryption. The one planned exception is a server access log destination bucket, which S3
 * can deliver to only under SSE-S3 (AES256). Tenant stacks have the stricter TenantDataUnderTenantKey.
 */
export const DataUnderOwnStackKey: TemplateRule = {
  id: 'DataUnderOwnStackKey',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup', 'AWS::Backup::BackupVault', 'AWS::SQS::Queue', 'AWS::SNS::Topic'],
  judges: {
    'AWS::S3::Bucket': [
      'BucketEncryption.ServerSideEncryptionConfiguration.*.ServerSideEncryptionByDefault.KMSMasterKeyID|remove,foreign-literal',
      'BucketEncryption.ServerSideEncryptionConfiguration.*.ServerSideEncryptionByDefault.SSEAlgorithm',
    ],
    'AWS::Backup::BackupVault': ['EncryptionKeyArn|remove,foreign-literal'],
    'AWS::SQS::Queue': ['KmsMasterKeyId|remove,foreign-literal'],
    'AWS::SNS::Topic': ['KmsMasterKeyId|remove,foreign-literal'],
  },
  info: 'A data resource of the account baseline, the control plane or the delivery pipeline is not encrypted with a symmetric customer key of its own stack.',
  explanation: 'Audit logs, alerts, registries and plans are platform data: under a key this platform controls and can rotate or revoke, never another account\'s.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'SOC2-CC6.1', 'HIPAA-164.312(a)(2)(iv)', 'GDPR-Art.32'],
  acknowledgeable: false,
  check(resource, context) {
    const kind = context.role.kind;
    const refs = keyReferences(resource);
    if ((kind !== 'account-baseline' && kind !== 'control-plane' && kind !== 'delivery' && kind !== 'delivery-replication') || !refs) {
      return NOT_APPLICABLE;
    }
    const logDestination = resource.Type === 'AWS::S3::Bucket' && accessLogDestinations(context.template).has(context.logicalId);
    const problems = refs.flatMap(([label, value]) => {
      if (logDestination && value === 'AES256') {
        return [];
      }
      return isSymmetricKeyOfTemplate(context.template, value) ? [] : [`${label}::${value === undefined ? 'unencrypted-or-unset' : text(value)}`];
    });
    return findings(problems);
  },
};
