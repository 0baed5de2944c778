import { NagMessageLevel } from 'cdk-nag';
import { findings, NOT_APPLICABLE, RuleContext, StackTemplate, TemplateResource, TemplateRule } from './rule';
import { accessLogDestinations, asList, isTrue, referencedId, text } from './template';

/** The logical id of the key the tenant's alias (`alias/tenant-baseline/tenants/<id>`) points at, if this template has it. */
export function tenantKeyId(template: StackTemplate, alias: string): string | undefined {
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type === 'AWS::KMS::Alias' && resource.Properties?.AliasName === alias) {
      const id = referencedId(resource.Properties.TargetKeyId);
      return id && template.Resources?.[id]?.Type === 'AWS::KMS::Key' ? id : undefined;
    }
  }
  return undefined;
}

/** Where each data-bearing resource type names its key: `[finding label, value]` pairs; a missing value is a finding. */
export function keyReferences(resource: TemplateResource): [string, unknown][] | undefined {
  const p = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::S3::Bucket': {
      const rules = asList<any>(p.BucketEncryption?.ServerSideEncryptionConfiguration);
      return rules.length === 0 ? [['BucketEncryption', undefined]] : rules.map((r, i) => {
            const algorithm = text(r?.ServerSideEncryptionByDefault?.SSEAlgorithm ?? 'none');
            // SSE-S3 (AES256) is encryption, but under an AWS-owned key that crypto-shredding cannot destroy.
            return [`BucketEncryption${i}`, algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse' ? r.ServerSideEncryptionByDefault.KMSMasterKeyID : algorithm];
          });
    }
    case 'AWS::DynamoDB::Table':
      return [['SSESpecification', isTrue(p.SSESpecification?.SSEEnabled) ? p.SSESpecification?.KMSMasterKeyId : undefined]];
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster': {
      const refs: [string, unknown][] = [['KmsKeyId', isTrue(p.StorageEncrypted) ? p.KmsKeyId : undefined]];
      if (isTrue(p.EnablePerformanceInsights) || isTrue(p.PerformanceInsightsEnabled)) {
        refs.push(['PerformanceInsightsKMSKeyId', p.PerformanceInsightsKMSKeyId ?? p.PerformanceInsightsKmsKeyId]);
      }
      return refs;
    }
    case 'AWS::SecretsManager::Secret':
    case 'AWS::Logs::LogGroup':
      return [['KmsKeyId', p.KmsKeyId]];
    case 'AWS::EC2::LaunchTemplate': {
      const devices = asList<any>(p.LaunchTemplateData?.BlockDeviceMappings).filter((d) => d?.Ebs);
      return devices.length === 0 ? [['BlockDeviceMappings', undefined]] : devices.map((d) => [`Ebs:${text(d.DeviceName)}`, isTrue(d.Ebs.Encrypted) ? d.Ebs.KmsKeyId : undefined]);
    }
    case 'AWS::EC2::Volume':
      return [['KmsKeyId', isTrue(p.Encrypted) ? p.KmsKeyId : undefined]];
    case 'AWS::Backup::BackupVault':
      return [['EncryptionKeyArn', p.EncryptionKeyArn]];
    case 'AWS::SQS::Queue':
    case 'AWS::SNS::Topic':
      return [['KmsMasterKeyId', p.KmsMasterKeyId]];
    case 'AWS::EFS::FileSystem':
      return [['KmsKeyId', isTrue(p.Encrypted) ? p.KmsKeyId : undefined]];
    default:
      return undefined;
  }
}

/**
 * In a tenant stack, every data-bearing resource (buckets, tables, databases, secrets, log groups, EBS volumes of the
 * launch template, the backup vault, queues, topics, file systems) is encrypted with that tenant's own key: the key
 * the tenant's alias points at, in the same template. One tenant's key can then never decrypt another tenant's data,
 * and deleting it erases the tenant (crypto-shredding). The server access log bucket is SSE-S3 by necessity (S3 delivers
 * access logs to nothing else) and is deleted explicitly at offboarding.
 */
export const TenantDataUnderTenantKey: TemplateRule = {
  id: 'TenantDataUnderTenantKey',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::Volume', 'AWS::Backup::BackupVault', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::EFS::FileSystem'],
  judges: {
    // Which key, among several of one stack, is not judged here (a tenant stack has one key; the swap within a
    // non-tenant stack is not planned per resource): removal, another account's key and AWS-owned encryption are.
    'AWS::S3::Bucket': ['BucketEncryption.ServerSideEncryptionConfiguration.*.ServerSideEncryptionByDefault.KMSMasterKeyID|remove,foreign-literal,empty-object', 'BucketEncryption.ServerSideEncryptionConfiguration.*.ServerSideEncryptionByDefault.SSEAlgorithm'],
    'AWS::DynamoDB::Table': ['SSESpecification.KMSMasterKeyId|remove,foreign-literal,empty-object'],
    'AWS::RDS::DBInstance': ['KmsKeyId|remove,foreign-literal,empty-object', 'PerformanceInsightsKMSKeyId|remove,foreign-literal,empty-object'],
    'AWS::SecretsManager::Secret': ['KmsKeyId|remove,foreign-literal,empty-object'],
    'AWS::Logs::LogGroup': ['KmsKeyId|remove,foreign-literal,empty-object'],
    'AWS::EC2::LaunchTemplate': ['LaunchTemplateData.BlockDeviceMappings.*.Ebs.KmsKeyId|remove,foreign-literal,empty-object', 'LaunchTemplateData.BlockDeviceMappings.*.Ebs.Encrypted'],
    'AWS::Backup::BackupVault': ['EncryptionKeyArn|remove,foreign-literal,empty-object'],
    'AWS::SQS::Queue': ['KmsMasterKeyId|remove,foreign-literal,empty-object'],
    'AWS::SNS::Topic': ['KmsMasterKeyId|remove,foreign-literal,empty-object'],
  },
  info: "A data resource of a tenant stack is not encrypted with that tenant's own key.",
  explanation: "DESIGN.md: per-tenant keys, so one tenant's key can never decrypt another's data, and deleting a tenant's key erases its data.",
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'GDPR-Art.17', 'GDPR-Art.32', 'HIPAA-164.312(a)(2)(iv)', 'SOC2-CC6.1'],
  tenantIsolation: 'must-judge',
  check(resource: TemplateResource, context: RuleContext) {
    const role = context.role;
    const refs = keyReferences(resource);
    if (role.kind !== 'tenant' || !refs) {
      return NOT_APPLICABLE;
    }
    const key = tenantKeyId(context.template, role.keyAlias);
    if (!key) {
      return [`NoTenantKey::${role.keyAlias}`];
    }
    // The one planned exception: S3 delivers server access logs only to SSE-S3 buckets. Such a bucket holds request
    // metadata, not tenant objects, and offboarding deletes it explicitly (docs/data-protection.md).
    const logDestination = resource.Type === 'AWS::S3::Bucket' && accessLogDestinations(context.template).has(context.logicalId);
    const planned = (value: unknown) => referencedId(value) === key || (logDestination && value === 'AES256');
    return findings(refs.filter(([, value]) => !planned(value)).map(([label, value]) => `${label}::${value === undefined ? 'unencrypted-or-unset' : text(value)}`));
  },
};
