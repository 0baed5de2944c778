import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { isSymmetricKeyOfTemplate, isTrue } from './template';
import { tenantConfig } from '../topology';

/**
 * Every DynamoDB table of the platform keeps deletion protection and point-in-time recovery on (tenant records and
 * the control plane's registries alike): a table dropped by a stack change or a console click is not recoverable.
 */
export const TableProtected: TemplateRule = {
  id: 'TableProtected',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  judges: {
    'AWS::DynamoDB::Table': ['DeletionProtectionEnabled', 'PointInTimeRecoverySpecification', 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', 'SSESpecification.SSEEnabled', 'SSESpecification.KMSMasterKeyId'],
  },
  info: 'A table can be deleted, or cannot be restored to a point in time, or is not encrypted with a customer key.',
  explanation: 'Seed 001: backups and recovery for every data store; DESIGN.md: data is erased only through the offboarding path (the key), never by dropping a table.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'SOC2-CC6.1', 'HIPAA-164.312(a)(2)(iv)', 'GDPR-Art.32'],
  check(resource, context) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
      return ['UnplannedGlobalTable'];
    }
    const problems: string[] = [];
    // Off only in the stack of a tenant the configuration marks as being offboarded.
    const offboarding = context.role.kind === 'tenant' && tenantConfig(context.topology, context.role.tenantId).state === 'offboarding';
    if (isTrue(p.DeletionProtectionEnabled) === offboarding || p.DeletionProtectionEnabled === undefined) {
      problems.push(`DeletionProtectionEnabled::${String(p.DeletionProtectionEnabled ?? 'unset')}${offboarding ? '::planned-false' : ''}`);
    }
    if (!isTrue(p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled)) {
      problems.push('PointInTimeRecovery::off');
    }
    if (!isTrue(p.SSESpecification?.SSEEnabled) || !isSymmetricKeyOfTemplate(context.template, p.SSESpecification?.KMSMasterKeyId)) {
      problems.push('SSESpecification::not-customer-key');
    }
    return findings(problems);
  },
};
