import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { subnetsOf } from './subnets';
import { isTrue, referencedResource } from './template';
import { tenantConfig } from '../topology';

const isFalse = (v: unknown) => v === false || v === 'false';

/**
 * A tenant database as the plan has it: not publicly accessible, in a subnet group of isolated subnets only (no route
 * out of the VPC), IAM authentication on, deletion protection on, storage encrypted, backups kept exactly as many days
 * as the tenant's configuration says and Multi-AZ exactly as configured. Outside tenant stacks no database is planned.
 */
export const DatabaseAsPlanned: TemplateRule = {
  id: 'DatabaseAsPlanned',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSubnetGroup'],
  judges: {
    'AWS::RDS::DBInstance': ['PubliclyAccessible', 'EnableIAMDatabaseAuthentication', 'DeletionProtection', 'StorageEncrypted', 'BackupRetentionPeriod', 'MultiAZ', 'DBSubnetGroupName'],
    'AWS::RDS::DBSubnetGroup': ['SubnetIds', 'SubnetIds.*'],
  },
  info: 'A tenant database could be reached from outside its isolated subnets, opened to password-only or public access, deleted, or kept with other backups than planned.',
  explanation: 'Seed 002 (database): private network only, IAM authentication, encrypted; DESIGN.md: data stores in isolated subnets; the configuration sets backup retention and Multi-AZ per tenant.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'NET-2', 'SOC2-CC6.1', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource, context) {
    const role = context.role;
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::RDS::DBSubnetGroup') {
      const subnets = subnetsOf(context, p.SubnetIds);
      return findings([...(subnets.length < 2 ? [`SubnetIds::${subnets.length}`] : []), ...subnets.filter((s) => s.reach !== 'isolated').map((s) => `Subnet::${s.label}::${s.reach}`)]);
    }
    if (role.kind !== 'tenant') {
      return [`DatabaseOutsideTenant::${resource.Type}`];
    }
    if (resource.Type === 'AWS::RDS::DBCluster') {
      return ['UnplannedCluster'];
    }
    const planned = tenantConfig(context.topology, role.tenantId).database;
    const problems: string[] = [];
    if (!isFalse(p.PubliclyAccessible)) {
      problems.push(`PubliclyAccessible::${String(p.PubliclyAccessible ?? 'unset')}`);
    }
    for (const key of ['EnableIAMDatabaseAuthentication', 'StorageEncrypted']) {
      if (!isTrue(p[key])) {
        problems.push(`${key}::${String(p[key] ?? 'unset')}`);
      }
    }
    // Deletion protection is on, except for a tenant the configuration marks as being offboarded.
    const offboarding = tenantConfig(context.topology, role.tenantId).state === 'offboarding';
    if (isTrue(p.DeletionProtection) === offboarding || p.DeletionProtection === undefined) {
      problems.push(`DeletionProtection::${String(p.DeletionProtection ?? 'unset')}::planned-${!offboarding}`);
    }
    if (Number(p.BackupRetentionPeriod) !== planned.backupRetentionDays) {
      problems.push(`BackupRetentionPeriod::${String(p.BackupRetentionPeriod ?? 'unset')}::planned-${planned.backupRetentionDays}`);
    }
    if (isTrue(p.MultiAZ) !== planned.multiAz || p.MultiAZ === undefined) {
      problems.push(`MultiAZ::${String(p.MultiAZ ?? 'unset')}::planned-${planned.multiAz}`);
    }
    const group = referencedResource(context.template, p.DBSubnetGroupName);
    if (!group || group.resource.Type !== 'AWS::RDS::DBSubnetGroup') {
      problems.push('DBSubnetGroupName::not-in-template');
    }
    return findings(problems);
  },
};
