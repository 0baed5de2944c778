import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ControlPlaneConfig } from '../config/platform-config';
import { PlatformKey } from '../kms/platform-key';
import { KEY_ALIASES, LOG_GROUP_PREFIXES, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { EXECUTION_LOG_GROUP_PREFIX } from '../edge/control-plane-api';
import { ControlPlaneEdge } from '../edge/control-plane-edge';
import { WAF_LOG_GROUP_PREFIX } from '../edge/web-acl';
import { CONTROL_PLANE_SUBNETS, ControlPlaneNetwork } from '../network/control-plane-network';
import { hubReferenceFor } from '../network/network-hub';

export interface ControlPlaneStackProps extends StackProps {
  readonly controlPlane: ControlPlaneConfig;
  /** The ids of the tenants this control plane serves. @default - none */
  readonly tenantIds?: readonly string[];
}

/** The control plane, once per environment: its network and customer-managed key and, when an identity provider is configured, its public edge (API, WAF, authorizer, health check, platform alarms). */
export class ControlPlaneStack extends Stack {
  public readonly key: PlatformKey;
  public readonly network: ControlPlaneNetwork;
  /** The public API and its functions; absent when no identity provider is configured. */
  public readonly edge?: ControlPlaneEdge;

  constructor(scope: Construct, id: string, props: ControlPlaneStackProps) {
    super(scope, id, { description: 'Tenant baseline: control plane (network, key, public API)', terminationProtection: true, ...props });
    this.key = new PlatformKey(this, 'Key', {
      alias: KEY_ALIASES.controlPlane,
      description: 'Control plane: encrypts its logs and data',
      logGroupNamePrefixes: [LOG_GROUP_PREFIXES.controlPlane, EXECUTION_LOG_GROUP_PREFIX, WAF_LOG_GROUP_PREFIX],
    });
    Tags.of(this.key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    this.network = new ControlPlaneNetwork(this, 'Network', {
      cidr: props.controlPlane.cidr,
      encryptionKey: this.key.key,
      hub: hubReferenceFor(this, 'controlPlane'),
    });
    if (props.controlPlane.identityProvider) {
      this.edge = new ControlPlaneEdge(this, 'Edge', {
        vpc: this.network.vpc,
        subnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.private },
        encryptionKey: this.key.key,
        identityProvider: props.controlPlane.identityProvider,
        waf: props.controlPlane.waf,
        tenantIds: props.tenantIds ?? [],
        planSigning: props.controlPlane.planSigning,
      });
    }
    Tags.of(this).add(TAG_KEYS.component, 'control-plane');
    Tags.of(this).add(TAG_KEYS.tenant, 'control-plane');
  }
}
