/**
 * IAM Access Analyzer for the account, as data: the three analyzers (external access, internal access to the tenant
 * data stores, unused access) and the EventBridge events their findings arrive as (EventBridge events reference:
 * "Access Analyzer Finding", "Internal Access Finding", "Unused Access Finding for IAM entities").
 * lib/detection/access-analysis.ts builds them; the gate's AccessAnalysisAsPlanned compares.
 */
import { PLATFORM_PREFIX } from '../naming';

export const ACCESS_ANALYSIS = {
  external: { name: `${PLATFORM_PREFIX}-external-access`, type: 'ACCOUNT', detailType: 'Access Analyzer Finding', route: 'ExternalAccessRoute' },
  /**
   * Who inside the account can reach the data stores (the types of the tenants' buckets and tables that internal
   * access analysis supports, per the CloudFormation schema aws-cdk-lib ships): a new role that gains access to a
   * tenant's data is a new finding.
   */
  internal: {
    name: `${PLATFORM_PREFIX}-internal-access`,
    type: 'ACCOUNT_INTERNAL_ACCESS',
    resourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table'],
    detailType: 'Internal Access Finding',
    route: 'InternalAccessRoute',
  },
  unused: { name: `${PLATFORM_PREFIX}-unused-access`, type: 'ACCOUNT_UNUSED_ACCESS', unusedAccessAgeDays: 90, detailType: 'Unused Access Finding for IAM entities', route: 'UnusedAccessRoute' },
} as const;
