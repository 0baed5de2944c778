/**
 * On-Demand list prices (USD) of what the templates create and AWS bills by the hour or month whatever the traffic, per
 * region, as data. Nothing here could be read on AWS's price pages from this machine (no live web): every line says
 * what it rests on and is marked `verified: false` until someone compares it with the page named in `source`. A
 * region or item missing here is reported as "no price", never estimated.
 */

export interface Price {
  readonly usd: number;
  readonly per: 'hour' | 'month';
  /** The AWS price page that states it. */
  readonly source: string;
  /** What the value rests on, and when it was read. */
  readonly basis: string;
  readonly verified: boolean;
}

export interface RegionPrices {
  readonly natGateway?: Price;
  /** Per interface endpoint per Availability Zone (one network interface per subnet). */
  readonly interfaceEndpointAz?: Price;
  readonly transitGatewayAttachment?: Price;
  /** Every public IPv4 address, in use or idle (Elastic IPs of NAT gateways included) since 2024-02-01. */
  readonly publicIpv4?: Price;
  readonly kmsKey?: Price;
  readonly secret?: Price;
  /** A standard-resolution metric alarm. */
  readonly standardAlarm?: Price;
  /** Linux On-Demand by instance type. */
  readonly ec2: Readonly<Record<string, Price>>;
  /** RDS for PostgreSQL, Single-AZ On-Demand by instance class; Multi-AZ (one standby) is billed twice. */
  readonly rdsPostgres: Readonly<Record<string, Price>>;
}

/** AWS bills a month of an hourly price as 730 hours. */
export const HOURS_PER_MONTH = 730;

const VPC = 'https://aws.amazon.com/vpc/pricing/';
const TGW = 'https://aws.amazon.com/transit-gateway/pricing/';
const EC2 = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const RDS = 'https://aws.amazon.com/rds/postgresql/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SECRETS = 'https://aws.amazon.com/secrets-manager/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const MEMORY = '2026-12, from memory of the AWS price page';
const hour = (usd: number, source: string, basis: string): Price => ({ usd, per: 'hour', source, basis, verified: false });
const month = (usd: number, source: string, basis: string): Price => ({ usd, per: 'month', source, basis, verified: false });

/** Prices that AWS lists the same in both regions here. */
const FLAT = {
  kmsKey: month(1, KMS, `${MEMORY}: $1 per customer managed key per month (rotated key material adds up to $2 more per key after a year)`),
  secret: month(0.4, SECRETS, `${MEMORY}: $0.40 per secret per month`),
  standardAlarm: month(0.1, CLOUDWATCH, `${MEMORY}: $0.10 per standard-resolution metric alarm per month`),
};

export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    natGateway: hour(0.045, VPC, '2026-12, third-party pages quoting the AWS list price for us-east-1 in 2026 (zacfukuda.com 2026-06-01, cloudburn.io 2026-02)'),
    interfaceEndpointAz: hour(0.01, VPC, '2026-12, third-party pages quoting the AWS list price for us-east-1 (zacfukuda.com 2026-06-01, factualminds.com 2026-06)'),
    transitGatewayAttachment: hour(0.05, TGW, '2026-12, third-party page quoting the AWS list price for us-east-1 (factualminds.com 2026-06)'),
    publicIpv4: hour(0.005, VPC, '2026-12, third-party pages quoting the AWS price since 2024-02 (factualminds.com 2026-06, cloudburn.io 2026-02)'),
    ...FLAT,
    ec2: {
      't4g.small': hour(0.0168, EC2, MEMORY),
      't4g.medium': hour(0.0336, EC2, MEMORY),
      't4g.large': hour(0.0672, EC2, MEMORY),
      't4g.xlarge': hour(0.1344, EC2, MEMORY),
      'm7g.large': hour(0.0816, EC2, `${MEMORY}; matches a third-party page for us-east-1, 2026-06`),
    },
    rdsPostgres: {
      'db.t4g.micro': hour(0.016, RDS, '2026-12, third-party page quoting us-east-1 Single-AZ PostgreSQL (infratally.com, 2026)'),
      'db.t4g.small': hour(0.032, RDS, '2026-12, third-party page quoting us-east-1 Single-AZ PostgreSQL (infratally.com, 2026)'),
      'db.t4g.medium': hour(0.065, RDS, '2026-12, third-party page quoting us-east-1 Single-AZ PostgreSQL, Multi-AZ $0.130 (infratally.com, 2026)'),
    },
  },
  'eu-west-1': {
    natGateway: hour(0.048, VPC, `${MEMORY}; a third-party page gives ~$0.048-0.052 for Europe (cloudpipelines, 2026)`),
    interfaceEndpointAz: hour(0.011, VPC, MEMORY),
    transitGatewayAttachment: hour(0.05, TGW, MEMORY),
    publicIpv4: hour(0.005, VPC, `${MEMORY}: the same in every commercial region`),
    ...FLAT,
    ec2: {
      't4g.small': hour(0.0184, EC2, MEMORY),
      't4g.medium': hour(0.0368, EC2, MEMORY),
      't4g.large': hour(0.0736, EC2, MEMORY),
    },
    // No RDS price for eu-west-1: none could be read or remembered with confidence.
    rdsPostgres: {},
  },
};

export const PRICE_REGIONS = Object.keys(PRICES);
