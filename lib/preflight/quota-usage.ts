/**
 * Counts, from the templates of one placement (account and region), what each quota of `quota-table.ts` must allow.
 * Every count reads resources as synthesized (a NAT gateway added by an escape hatch counts); nothing is assumed from
 * the configuration.
 */
import { QUOTAS, QuotaDefinition } from './quota-table';
import { isTrue, listOf, numberOf, PlacedResource, resourcesOf, StackTemplate, TemplateResolver } from './template';
import { vcpusOf } from './instance-types';

export interface QuotaUsage {
  readonly quota: QuotaDefinition;
  /** What the largest instance of the quota's scope needs (the region's total, the fullest VPC, zone or gateway). */
  readonly needed: number;
  /** Which instance that is: `region`, `account`, a resource id, `AZ #1`. */
  readonly where: string;
  /** What was counted. */
  readonly counted: string;
  /**
   * `exceeded`: needed > the default; `ok`: within it; `compare`: AWS publishes no fixed default, compare `needed` with
   * the account's value.
   */
  readonly status: 'ok' | 'exceeded' | 'compare';
}

/** The stacks of one (account, region) and, for account-wide quotas, every stack of that account. */
export interface QuotaInput {
  readonly stacks: readonly StackTemplate[];
  readonly accountStacks: readonly StackTemplate[];
  readonly resolver: TemplateResolver;
}

interface Count {
  readonly groups: ReadonlyMap<string, number>;
  readonly counted: string;
}

type Counter = (input: QuotaInput) => Count | undefined;

/** Lambda refuses a reservation that leaves the account less unreserved concurrency than this (AWS Lambda docs). */
const UNRESERVED_MINIMUM = 100;

const total = (n: number, counted: string, where = 'region'): Count => ({ groups: new Map([[where, n]]), counted });

function grouped(items: readonly { key: string; n?: number }[], counted: string): Count {
  const groups = new Map<string, number>();
  for (const { key, n = 1 } of items) {
    groups.set(key, (groups.get(key) ?? 0) + n);
  }
  return { groups, counted };
}

const of = (input: QuotaInput, ...types: string[]) => resourcesOf(input.stacks, ...types);
const keyOf = (input: QuotaInput, r: PlacedResource, value: unknown) => input.resolver.key(r.stack, value);
const isInterfaceEndpoint = (r: PlacedResource) => r.props.VpcEndpointType === 'Interface' || r.props.VpcEndpointType === 'GatewayLoadBalancer';

const COUNTERS: Record<string, Counter> = {
  vpcs: (i) => total(of(i, 'AWS::EC2::VPC').length, 'AWS::EC2::VPC'),
  'internet-gateways': (i) => total(of(i, 'AWS::EC2::InternetGateway').length, 'AWS::EC2::InternetGateway'),
  'elastic-ips': (i) => total(of(i, 'AWS::EC2::EIP').length, 'AWS::EC2::EIP'),
  'nat-gateways-per-az': (i) =>
    grouped(
      of(i, 'AWS::EC2::NatGateway').map((r) => ({ key: i.resolver.availabilityZone(r.stack, r.props.SubnetId) })),
      'AWS::EC2::NatGateway by the zone of its subnet',
    ),
  'interface-endpoints-per-vpc': (i) =>
    grouped(
      of(i, 'AWS::EC2::VPCEndpoint')
        .filter(isInterfaceEndpoint)
        .map((r) => ({ key: keyOf(i, r, r.props.VpcId) })),
      'AWS::EC2::VPCEndpoint of type Interface by VpcId',
    ),
  'gateway-endpoints': (i) => total(of(i, 'AWS::EC2::VPCEndpoint').filter((r) => !isInterfaceEndpoint(r)).length, 'AWS::EC2::VPCEndpoint of type Gateway'),
  'network-interfaces': (i) => {
    const endpoints = of(i, 'AWS::EC2::VPCEndpoint')
      .filter(isInterfaceEndpoint)
      .reduce((n, r) => n + listOf(r.props.SubnetIds).length, 0);
    const attachments = of(i, 'AWS::EC2::TransitGatewayVpcAttachment').reduce((n, r) => n + listOf(r.props.SubnetIds).length, 0);
    const nats = of(i, 'AWS::EC2::NatGateway').length;
    return total(endpoints + attachments + nats, `at least: ${endpoints} interface-endpoint subnets + ${attachments} attachment subnets + ${nats} NAT gateways`);
  },
  'security-groups': (i) => {
    const groups = of(i, 'AWS::EC2::SecurityGroup').length;
    const vpcs = of(i, 'AWS::EC2::VPC').length;
    return total(groups + vpcs, `${groups} AWS::EC2::SecurityGroup + ${vpcs} VPC default groups`);
  },
  'network-acls-per-vpc': (i) =>
    grouped(
      [...of(i, 'AWS::EC2::NetworkAcl').map((r) => ({ key: keyOf(i, r, r.props.VpcId) })), ...of(i, 'AWS::EC2::VPC').map((r) => ({ key: r.id }))],
      'AWS::EC2::NetworkAcl by VpcId + the VPC default ACL',
    ),
  'rules-per-network-acl': (i) => {
    const entries = of(i, 'AWS::EC2::NetworkAclEntry').map((r) => ({
      key: `${keyOf(i, r, r.props.NetworkAclId)} ${isTrue(r.props.Egress) ? 'outbound' : 'inbound'} ${r.props.Ipv6CidrBlock !== undefined ? 'IPv6' : 'IPv4'}`,
    }));
    const defaults = [...new Set(entries.map((e) => e.key))].map((key) => ({ key }));
    return grouped([...entries, ...defaults], 'AWS::EC2::NetworkAclEntry per ACL, direction and IP version + the default deny rule');
  },
  'tgw-attachments': (i) =>
    grouped(
      of(i, 'AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayAttachment').map((r) => ({ key: keyOf(i, r, r.props.TransitGatewayId) })),
      'AWS::EC2::TransitGatewayVpcAttachment by TransitGatewayId (through the hub SSM parameters)',
    ),
  'tgw-routes': (i) => grouped(transitGatewayRoutes(i), 'one route per VPC CIDR per AWS::EC2::TransitGatewayRouteTablePropagation + AWS::EC2::TransitGatewayRoute, by the gateway of the route table'),
  'cloudformation-stacks': (i) => total(i.stacks.length, 'stacks in the assembly'),
  'kms-keys': (i) => total(of(i, 'AWS::KMS::Key', 'AWS::KMS::ReplicaKey').length, 'AWS::KMS::Key'),
  'rds-instances': (i) => total(of(i, 'AWS::RDS::DBInstance').length, 'AWS::RDS::DBInstance (a Multi-AZ standby is not a second instance)'),
  'backup-vaults': (i) => total(of(i, 'AWS::Backup::BackupVault').length, 'AWS::Backup::BackupVault'),
  'iam-roles': (i) => total(resourcesOf(i.accountStacks, 'AWS::IAM::Role').length, 'AWS::IAM::Role in every stack of the account', 'account'),
  'ec2-standard-vcpus': (i) => {
    const groups = of(i, 'AWS::AutoScaling::AutoScalingGroup').map((r) => ({ min: numberOf(r.props.MinSize) ?? 0, vcpus: vcpusOf(instanceTypeOf(i, r)) }));
    const unknown = groups.filter((g) => g.vcpus === undefined).length;
    const vcpus = groups.reduce((n, g) => n + g.min * (g.vcpus ?? 0), 0);
    return total(vcpus, `AutoScalingGroup MinSize x vCPUs of the launch template's instance type${unknown > 0 ? ` (${unknown} groups of unknown type not counted)` : ''}`);
  },
  'lambda-concurrency': (i) => {
    const functions = of(i, 'AWS::Lambda::Function');
    const reserved = functions.map((r) => numberOf(r.props.ReservedConcurrentExecutions) ?? 0);
    const sum = reserved.reduce((n, c) => n + c, 0);
    const withReserve = reserved.filter((c) => c > 0).length;
    return functions.length === 0
      ? undefined
      : total(sum + UNRESERVED_MINIMUM, `ReservedConcurrentExecutions of ${withReserve} of ${functions.length} AWS::Lambda::Function + the ${UNRESERVED_MINIMUM} Lambda keeps unreserved`);
  },
  'codepipeline-actions': (i) => {
    const pipelines = of(i, 'AWS::CodePipeline::Pipeline');
    return pipelines.length === 0
      ? undefined
      : grouped(
          pipelines.map((r) => ({ key: r.id, n: listOf(r.props.Stages).reduce((n: number, s) => n + listOf((s as { Actions?: unknown }).Actions).length, 0) })),
          'Stages[].Actions of AWS::CodePipeline::Pipeline',
        );
  },
};

/** The instance type of an Auto Scaling group's launch template. */
export function instanceTypeOf(input: { resolver: TemplateResolver }, group: PlacedResource): string | undefined {
  const template = input.resolver.resource(group.stack, (group.props.LaunchTemplate as { LaunchTemplateId?: unknown } | undefined)?.LaunchTemplateId);
  const type = (template?.props.LaunchTemplateData as { InstanceType?: unknown } | undefined)?.InstanceType;
  return typeof type === 'string' ? type : undefined;
}

/** Routes each Transit Gateway holds: propagated VPC CIDRs and static routes, by the gateway of their route table. */
function transitGatewayRoutes(i: QuotaInput): { key: string; n: number }[] {
  const gatewayOf = (r: PlacedResource, tableRef: unknown) => {
    const table = i.resolver.resource(r.stack, tableRef);
    return table ? i.resolver.key(table.stack, table.props.TransitGatewayId) : `route table ${i.resolver.key(r.stack, tableRef)}`;
  };
  const extraCidrs = of(i, 'AWS::EC2::VPCCidrBlock').map((r) => keyOf(i, r, r.props.VpcId));
  const propagated = of(i, 'AWS::EC2::TransitGatewayRouteTablePropagation').map((r) => {
    const attachment = i.resolver.resource(r.stack, r.props.TransitGatewayAttachmentId);
    const vpc = attachment ? i.resolver.key(attachment.stack, attachment.props.VpcId) : undefined;
    return { key: gatewayOf(r, r.props.TransitGatewayRouteTableId), n: 1 + extraCidrs.filter((v) => v === vpc).length };
  });
  const statics = of(i, 'AWS::EC2::TransitGatewayRoute').map((r) => ({ key: gatewayOf(r, r.props.TransitGatewayRouteTableId), n: 1 }));
  return [...propagated, ...statics];
}

/** Every quota the templates of one placement touch, in the table's order. */
export function quotaUsage(input: QuotaInput, quotas: readonly QuotaDefinition[] = QUOTAS): QuotaUsage[] {
  return quotas.flatMap((quota) => {
    const count = COUNTERS[quota.id]?.(input);
    if (!count) {
      return [];
    }
    const [where, needed] = [...count.groups].reduce<[string, number]>((a, b) => (b[1] > a[1] ? b : a), [count.groups.size === 0 ? quota.scope : [...count.groups.keys()][0], 0]);
    const status = quota.defaultValue === undefined ? 'compare' : needed > quota.defaultValue ? 'exceeded' : 'ok';
    return [{ quota, needed, where: count.groups.size > 1 ? `${where} (largest of ${count.groups.size})` : where, counted: count.counted, status }];
  });
}
