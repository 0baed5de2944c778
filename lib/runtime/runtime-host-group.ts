import { Stack, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { integerRangeProblem, throwIfProblems } from '../core/prop-checks';
import { DEFAULT_TENANT_RUNTIME, TENANT_OPTION_LIMITS } from '../config/platform-config';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { SIDECAR_RELEASE_METRICS } from '../config/alarm-plan';
import { SIDECAR_PARAMETERS, sidecarReleaseObjectKey } from '../../contracts/ssm-parameters';
import { sidecarBootScript } from '../config/sidecar-boot-script';

/** Limits of a tenant's runtime capacity; the configuration validates against the same numbers. */
export const RUNTIME_CAPACITY_LIMITS = TENANT_OPTION_LIMITS.hosts;

export interface RuntimeCapacity {
  /** @default 1 */
  readonly min?: number;
  /** @default 2 */
  readonly max?: number;
}

export interface RuntimeHostGroupProps {
  readonly tenantId: string;
  readonly vpc: ec2.IVpc;
  /** Private subnets with NAT egress. */
  readonly subnets: ec2.SubnetSelection;
  /** The runtime security group (in 5678 from the control plane, out 443 and 5432 to the database). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The tenant key: encrypts the hosts' EBS volumes. */
  readonly encryptionKey: kms.IKey;
  /** @default { min: 1, max: 2 } */
  readonly capacity?: RuntimeCapacity;
  /** @default t4g.medium */
  readonly instanceType?: ec2.InstanceType;
  /** Root volume size in GiB. @default 30 */
  readonly rootVolumeGiB?: number;
  /**
   * The metering sidecar release the hosts run: fetched from the release store at start-up and started only when its
   * SHA-256 equals the protected hash parameter. @default - no sidecar, no user data
   */
  readonly sidecarRelease?: string;
}

/**
 * The workflow runtime's hosts: an Auto Scaling group in the private subnets from a launch template that requires
 * IMDSv2 with a hop limit of 1 (no container or proxy on the host can reach the instance credentials), encrypts EBS
 * with the tenant key, has no key pair and no public IP, and attaches the runtime security group. Hosts are reached
 * only through SSM Session Manager. The AMI is Amazon Linux 2023 from AWS's public SSM parameter, resolved at deploy
 * time (no lookups at synth). The role gets the SSM core permissions; the tenant stack grants the rest, per resource.
 */
export class RuntimeHostGroup extends Construct {
  public readonly role: iam.Role;
  public readonly launchTemplate: ec2.LaunchTemplate;
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  constructor(scope: Construct, id: string, props: RuntimeHostGroupProps) {
    super(scope, id);
    const { min, max, rootVolumeGiB } = validatedSizing(this.node.path, props);
    this.allowAutoScalingToUseKey(props.encryptionKey);

    this.role = new iam.Role(this, 'Role', {
      description: `Workflow runtime hosts of tenant ${props.tenantId}`,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    acknowledge(this.role, 'ssmManagedInstanceCore');

    this.launchTemplate = this.createLaunchTemplate(props, rootVolumeGiB);
    if (props.sidecarRelease !== undefined) {
      this.allowSidecarRelease(props.sidecarRelease);
    }

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Resource', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      launchTemplate: this.launchTemplate,
      minCapacity: min,
      maxCapacity: max,
      healthChecks: autoscaling.HealthChecks.ec2(),
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate(),
      groupMetrics: [autoscaling.GroupMetrics.all()],
    });
    acknowledge(this.autoScalingGroup, 'runtimeScalingEvents');
    acknowledge(this.autoScalingGroup, 'runtimeZonesFromSubnets');
    acknowledge(this.autoScalingGroup, 'runtimeSingleInstanceType');
    // The runtime host group is protected infrastructure (tag-protection SCP).
    Tags.of(this.autoScalingGroup).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    Tags.of(this.launchTemplate).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }

  /**
   * Auto Scaling launches the hosts with its service-linked role, which needs the tenant key for the encrypted volumes;
   * without these statements every launch fails. ViaService confines the use to EC2, and grants to AWS resources.
   */
  private allowAutoScalingToUseKey(encryptionKey: kms.IKey): void {
    const stack = Stack.of(this);
    const autoScalingRole = new iam.ArnPrincipal(
      stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling' }),
    );
    encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAutoScalingToUseKeyForRuntimeVolumes',
        principals: [autoScalingRole],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `ec2.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account } },
      }),
    );
    encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAutoScalingToGrantKeyToEc2',
        principals: [autoScalingRole],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
      }),
    );
  }

  /**
   * What the boot script needs, and nothing more, in a policy of its own: the release's hash and the bucket's name
   * (their two parameters), the one release object, the release key only through S3, and metrics only in the sidecar
   * namespace. The bucket and key come from the control plane's parameters at deploy time.
   */
  private allowSidecarRelease(release: string): void {
    const stack = Stack.of(this);
    const bucketName = ssm.StringParameter.valueForStringParameter(this, SIDECAR_PARAMETERS.releaseBucket);
    const keyArn = ssm.StringParameter.valueForStringParameter(this, SIDECAR_PARAMETERS.releaseKeyArn);
    const parameterArn = (name: string) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) });
    const policy = new iam.Policy(this, 'SidecarReleasePolicy', {
      statements: [
        new iam.PolicyStatement({ sid: 'ReadReleaseParameters', actions: ['ssm:GetParameter'], resources: [parameterArn(SIDECAR_PARAMETERS.releaseBucket), parameterArn(SIDECAR_PARAMETERS.releaseSha256(release))] }),
        new iam.PolicyStatement({ sid: 'ReadActiveRelease', actions: ['s3:GetObject'], resources: [`arn:${stack.partition}:s3:::${bucketName}/${sidecarReleaseObjectKey(release)}`] }),
        new iam.PolicyStatement({ sid: 'DecryptReleaseThroughS3', actions: ['kms:Decrypt'], resources: [keyArn], conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } } }),
        new iam.PolicyStatement({
          sid: 'PublishReleaseRefusals',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': SIDECAR_RELEASE_METRICS.hashMismatch.namespace } },
        }),
      ],
    });
    policy.attachToRole(this.role);
    acknowledge(policy, 'sidecarReleasePolicy');
  }

  /** Amazon Linux 2023 on ARM, IMDSv2 with a hop limit of 1, no public IP, the root volume encrypted with the tenant key. */
  private createLaunchTemplate(props: RuntimeHostGroupProps, rootVolumeGiB: number): ec2.LaunchTemplate {
    return new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      instanceType: props.instanceType ?? new ec2.InstanceType(DEFAULT_TENANT_RUNTIME.instanceType),
      role: this.role,
      securityGroup: props.securityGroup,
      requireImdsv2: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      ...(props.sidecarRelease !== undefined ? { userData: ec2.UserData.custom(sidecarBootScript({ tenantId: props.tenantId, release: props.sidecarRelease })) } : {}),
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(rootVolumeGiB, { encrypted: true, kmsKey: props.encryptionKey, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true }),
        },
      ],
    });
  }
}

/** Capacity and root volume size with their defaults, checked against the limits (throws listing every problem). */
function validatedSizing(path: string, props: RuntimeHostGroupProps): { min: number; max: number; rootVolumeGiB: number } {
  const min = props.capacity?.min ?? DEFAULT_TENANT_RUNTIME.minHosts;
  const max = props.capacity?.max ?? DEFAULT_TENANT_RUNTIME.maxHosts;
  const rootVolumeGiB = props.rootVolumeGiB ?? 30;
  const { min: lo, max: hi } = RUNTIME_CAPACITY_LIMITS;
  throwIfProblems(path, 'RuntimeHostGroup', [
    ...integerRangeProblem('capacity.min', min, lo, hi),
    ...integerRangeProblem('capacity.max', max, lo, hi),
    ...(Number.isInteger(min) && Number.isInteger(max) && min > max ? [`'capacity.min' must not exceed 'capacity.max' (${max}), got ${min}`] : []),
    ...integerRangeProblem('rootVolumeGiB', rootVolumeGiB, 8, 1024),
  ]);
  return { min, max, rootVolumeGiB };
}
