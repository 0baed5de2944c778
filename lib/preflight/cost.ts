/**
 * The fixed monthly cost of one stack: every resource the templates create that AWS bills by the hour or month
 * regardless of traffic, counted from the template and priced from `price-table.ts`. Traffic (data processing, data
 * transfer), storage, backups, logs and requests are not fixed costs and are not here.
 */
import { HOURS_PER_MONTH, Price, RegionPrices } from './price-table';
import { instanceTypeOf } from './quota-usage';
import { countOf, isTrue, listOf, numberOf, resourcesOf, StackTemplate, TemplateResolver } from './template';

export type CostCategory = 'network' | 'compute' | 'data' | 'keys' | 'monitoring';
export const COST_CATEGORIES: readonly CostCategory[] = ['network', 'compute', 'data', 'keys', 'monitoring'];

export interface CostLine {
  readonly stack: string;
  readonly category: CostCategory;
  /** What is billed, e.g. `NAT gateway`, `RDS db.t4g.medium (Multi-AZ)`. */
  readonly item: string;
  /** Billed units: gateways, endpoint-AZs, instances (a Multi-AZ instance counts 2), keys. */
  readonly quantity: number;
  /** What was counted in the template to get the quantity. */
  readonly counted: string;
  /** The unit price, or undefined: "no price" for this item in this region. */
  readonly price?: Price;
  /** quantity x unit price per month, or undefined when unpriced. */
  readonly monthlyUsd?: number;
}

interface LineInput {
  readonly category: CostCategory;
  readonly item: string;
  readonly quantity: number;
  readonly counted: string;
  readonly price?: Price;
}

function line(stack: StackTemplate, input: LineInput): CostLine {
  const { price, quantity } = input;
  const monthlyUsd = price === undefined ? undefined : round(quantity * price.usd * (price.per === 'hour' ? HOURS_PER_MONTH : 1));
  return { stack: stack.stackName, ...input, ...(price ? { price } : {}), ...(monthlyUsd !== undefined ? { monthlyUsd } : {}) };
}

/** Cents, so line items add up to the totals printed. */
export function round(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** The priced fixed-cost lines of one stack (lines of quantity 0 left out). */
export function stackCost(stack: StackTemplate, resolver: TemplateResolver, prices: RegionPrices): CostLine[] {
  const of = (...types: string[]) => resourcesOf([stack], ...types);
  const lines: LineInput[] = [];
  const nats = of('AWS::EC2::NatGateway').length;
  lines.push({ category: 'network', item: 'NAT gateway', quantity: nats, counted: countOf(nats, 'AWS::EC2::NatGateway'), price: prices.natGateway });

  const endpoints = of('AWS::EC2::VPCEndpoint').filter((r) => r.props.VpcEndpointType === 'Interface');
  const endpointAzs = endpoints.reduce((n, r) => n + new Set(listOf(r.props.SubnetIds).map((s) => resolver.availabilityZone(stack, s))).size, 0);
  lines.push({ category: 'network', item: 'interface endpoint per AZ', quantity: endpointAzs, counted: `${countOf(endpoints.length, 'interface endpoint')} x the zones of their subnets`, price: prices.interfaceEndpointAz });

  const attachments = of('AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayAttachment').length;
  lines.push({ category: 'network', item: 'Transit Gateway attachment', quantity: attachments, counted: countOf(attachments, 'AWS::EC2::TransitGatewayVpcAttachment'), price: prices.transitGatewayAttachment });

  const eips = of('AWS::EC2::EIP').length;
  lines.push({ category: 'network', item: 'public IPv4 address', quantity: eips, counted: countOf(eips, 'AWS::EC2::EIP'), price: prices.publicIpv4 });

  for (const group of of('AWS::AutoScaling::AutoScalingGroup')) {
    const type = instanceTypeOf({ resolver }, group) ?? 'unknown instance type';
    const min = numberOf(group.props.MinSize) ?? 0;
    lines.push({ category: 'compute', item: `EC2 ${type} (Linux)`, quantity: min, counted: `AutoScalingGroup ${group.logicalId} MinSize ${min}, launch template ${type}`, price: prices.ec2[type] });
  }

  for (const db of of('AWS::RDS::DBInstance')) {
    const dbClass = String(db.props.DBInstanceClass);
    const multiAz = isTrue(db.props.MultiAZ);
    const price = db.props.Engine === 'postgres' ? prices.rdsPostgres[dbClass] : undefined;
    lines.push({ category: 'data', item: `RDS ${db.props.Engine} ${dbClass}${multiAz ? ' (Multi-AZ: x2)' : ''}`, quantity: multiAz ? 2 : 1, counted: `${db.logicalId} DBInstanceClass ${dbClass}, MultiAZ ${multiAz}`, price });
  }

  const keys = of('AWS::KMS::Key', 'AWS::KMS::ReplicaKey').length;
  lines.push({ category: 'keys', item: 'KMS customer managed key', quantity: keys, counted: countOf(keys, 'AWS::KMS::Key'), price: prices.kmsKey });
  const secrets = of('AWS::SecretsManager::Secret').length;
  lines.push({ category: 'keys', item: 'Secrets Manager secret', quantity: secrets, counted: countOf(secrets, 'AWS::SecretsManager::Secret'), price: prices.secret });

  const alarms = of('AWS::CloudWatch::Alarm');
  const standard = alarms.filter((a) => (numberOf(a.props.Period) ?? 60) >= 60 && a.props.Metrics === undefined).length;
  lines.push({ category: 'monitoring', item: 'CloudWatch alarm (standard resolution)', quantity: standard, counted: countOf(standard, 'AWS::CloudWatch::Alarm'), price: prices.standardAlarm });
  if (alarms.length > standard) {
    lines.push({ category: 'monitoring', item: 'CloudWatch alarm (high resolution or metric math)', quantity: alarms.length - standard, counted: countOf(alarms.length - standard, 'AWS::CloudWatch::Alarm') });
  }
  const composite = of('AWS::CloudWatch::CompositeAlarm').length;
  if (composite > 0) {
    lines.push({ category: 'monitoring', item: 'CloudWatch composite alarm', quantity: composite, counted: countOf(composite, 'AWS::CloudWatch::CompositeAlarm') });
  }
  return lines.filter((l) => l.quantity > 0).map((l) => line(stack, l));
}

export interface CostSummary {
  /** Sum of the priced lines. */
  readonly monthlyUsd: number;
  readonly byCategory: Readonly<Record<CostCategory, number>>;
  /** Lines without a price in this region: the total leaves them out. */
  readonly unpriced: readonly string[];
}

export function summarize(lines: readonly CostLine[]): CostSummary {
  const byCategory = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
  for (const l of lines) {
    byCategory[l.category] = round(byCategory[l.category] + (l.monthlyUsd ?? 0));
  }
  const unpriced = lines.filter((l) => l.monthlyUsd === undefined).map((l) => `${l.stack}: ${l.item} x${l.quantity}`);
  return { monthlyUsd: round(Object.values(byCategory).reduce((a, b) => a + b, 0)), byCategory, unpriced };
}
