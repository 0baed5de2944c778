/**
 * AWS's default service quotas the platform's templates run into, as data. Each row names the Service Quotas service
 * and quota code to request an increase with (where known), the default for a new account, where it is documented and
 * when it was read. `verified: false` marks a value that could not be read in AWS's own documentation from here
 * (no AWS access and no live web): confirm it in the Service Quotas console before relying on it.
 */

/** What one quota counts per: the preflight reports the largest instance (the VPC, zone or gateway nearest its limit). */
export type QuotaScope = 'region' | 'account' | 'vpc' | 'availability-zone' | 'transit-gateway' | 'network-acl-direction' | 'pipeline';

export interface QuotaDefinition {
  /** Stable id, used by the counters and in `--json`. */
  readonly id: string;
  /** The Service Quotas service code (`vpc`, `ec2`, `cloudformation`, ...). */
  readonly service: string;
  /** The quota's name as Service Quotas and the docs show it. */
  readonly name: string;
  /** The Service Quotas quota code. @default - none known: request through AWS Support */
  readonly code?: string;
  /** The default value. @default - account-specific: AWS publishes no fixed default, compare with your account's value */
  readonly defaultValue?: number;
  readonly scope: QuotaScope;
  readonly adjustable: boolean;
  /** The AWS documentation page that states it. */
  readonly source: string;
  /** When and from what the value was read. */
  readonly checked: string;
  /** Read in AWS's own documentation (false: stated from other material or memory: "verify"). */
  readonly verified: boolean;
  readonly note?: string;
  /** The quota whose increase raises this one too (no separate request). */
  readonly raisedWith?: string;
}

const VPC_QUOTAS = 'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html';
const VPC_READ = '2026-12, AWS docs source (awsdocs/amazon-vpc-user-guide amazon-vpc-limits.md, last archived revision)';
const TGW_QUOTAS = 'https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html';
const NOT_READ = '2026-12, not readable from here: value from other material, verify';

export const QUOTAS: readonly QuotaDefinition[] = [
  { id: 'vpcs', service: 'vpc', name: 'VPCs per Region', code: 'L-F678F1CE', defaultValue: 5, scope: 'region', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'raising it raises internet gateways per Region by the same amount' },
  { id: 'internet-gateways', service: 'vpc', name: 'Internet gateways per Region', code: 'L-A4707A72', defaultValue: 5, scope: 'region', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, raisedWith: 'vpcs' },
  { id: 'elastic-ips', service: 'ec2', name: 'EC2-VPC Elastic IPs', code: 'L-0263D0A3', defaultValue: 5, scope: 'region', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true },
  { id: 'nat-gateways-per-az', service: 'vpc', name: 'NAT gateways per Availability Zone', code: 'L-FE5A380F', defaultValue: 5, scope: 'availability-zone', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true },
  { id: 'interface-endpoints-per-vpc', service: 'vpc', name: 'Interface VPC endpoints per VPC', code: 'L-29B6F2EB', defaultValue: 50, scope: 'vpc', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'the docs name it "Interface and Gateway Load Balancer endpoints per VPC"; the code is from other material, verify' },
  { id: 'gateway-endpoints', service: 'vpc', name: 'Gateway VPC endpoints per Region', code: 'L-1B52E74A', defaultValue: 20, scope: 'region', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'at most 255 per VPC' },
  { id: 'network-interfaces', service: 'vpc', name: 'Network interfaces per Region', code: 'L-DF5E4CA3', defaultValue: 5000, scope: 'region', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'a lower bound: counts the interfaces of interface endpoints, NAT gateways and Transit Gateway attachments; Lambda, RDS and EC2 interfaces come on top' },
  { id: 'security-groups', service: 'vpc', name: 'VPC security groups per Region', code: 'L-E79EC296', defaultValue: 2500, scope: 'region', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'AWS has no per-VPC security group quota; each VPC default group counts' },
  { id: 'network-acls-per-vpc', service: 'vpc', name: 'Network ACLs per VPC', code: 'L-B4A6D682', defaultValue: 200, scope: 'vpc', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'the VPC default ACL counts' },
  { id: 'rules-per-network-acl', service: 'vpc', name: 'Rules per network ACL', code: 'L-2AEEBF1A', defaultValue: 20, scope: 'network-acl-direction', adjustable: true, source: VPC_QUOTAS, checked: VPC_READ, verified: true, note: 'per direction and IP version, the default deny rule included; at most 40' },
  { id: 'tgw-attachments', service: 'ec2', name: 'Attachments per transit gateway', defaultValue: 5000, scope: 'transit-gateway', adjustable: false, source: TGW_QUOTAS, checked: '2026-12, AWS docs page (search excerpt)', verified: true, note: 'not adjustable: beyond it the fleet needs a second hub' },
  { id: 'tgw-routes', service: 'ec2', name: 'Total combined routes across all route tables for a single transit gateway', defaultValue: 10000, scope: 'transit-gateway', adjustable: true, source: TGW_QUOTAS, checked: '2026-12, AWS docs page (search excerpt)', verified: true, note: 'per transit gateway, not per route table; each propagated VPC attachment adds one route per VPC CIDR' },
  { id: 'cloudformation-stacks', service: 'cloudformation', name: 'Stack count', code: 'L-0485CB21', defaultValue: 2000, scope: 'region', adjustable: true, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html', checked: NOT_READ, verified: false, note: 'CDK bootstrap (CDKToolkit) and any other stacks of the account count too' },
  { id: 'kms-keys', service: 'kms', name: 'Customer Master Keys (CMKs)', code: 'L-C2F1777E', defaultValue: 100000, scope: 'region', adjustable: true, source: 'https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html', checked: NOT_READ, verified: false, note: 'customer managed keys per Region; keys scheduled for deletion count until deleted' },
  { id: 'rds-instances', service: 'rds', name: 'DB instances', code: 'L-7B6409FD', defaultValue: 40, scope: 'region', adjustable: true, source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html', checked: NOT_READ, verified: false },
  { id: 'backup-vaults', service: 'backup', name: 'Backup vaults per account per Region', defaultValue: 100, scope: 'region', adjustable: true, source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html', checked: NOT_READ, verified: false, note: 'quota code unknown here: find it in the Service Quotas console (service "AWS Backup")' },
  { id: 'iam-roles', service: 'iam', name: 'Roles per account', code: 'L-FE177D64', defaultValue: 1000, scope: 'account', adjustable: true, source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html', checked: NOT_READ, verified: false, note: 'account-wide (IAM is global): every region and the CDK bootstrap roles count; at most 5,000' },
  { id: 'ec2-standard-vcpus', service: 'ec2', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', code: 'L-1216C47A', scope: 'region', adjustable: true, source: 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html', checked: NOT_READ, verified: false, note: 'in vCPUs; the default differs per account (new accounts can start very low): compare with your account' },
  { id: 'lambda-concurrency', service: 'lambda', name: 'Concurrent executions', code: 'L-B99A9384', defaultValue: 1000, scope: 'region', adjustable: true, source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html', checked: '2026-12, AWS docs pages (search excerpts of "Lambda quotas" and "Configuring reserved concurrency")', verified: true, note: 'needed: the reserved concurrency of every function plus the 100 Lambda keeps unreserved (a deploy that would leave fewer fails); new accounts start lower and AWS raises it with use: compare with your account. The quota code is from other material, verify' },
  { id: 'codepipeline-actions', service: 'codepipeline', name: 'Actions per pipeline', defaultValue: 500, scope: 'pipeline', adjustable: false, source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html', checked: NOT_READ, verified: false, note: 'reported only when a pipeline stack exists' },
];

export function quotaById(id: string): QuotaDefinition {
  const quota = QUOTAS.find((q) => q.id === id);
  if (!quota) {
    throw new Error(`quota table: no quota '${id}'`);
  }
  return quota;
}
