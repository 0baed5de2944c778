import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ControlPlaneConfig } from '../config/platform-config';
import { PlatformKey } from '../kms/platform-key';
import { KEY_ALIASES, LOG_GROUP_PREFIXES, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { ControlPlaneNetwork } from '../network/control-plane-network';
import { hubReferenceFor } from '../network/network-hub';

export interface ControlPlaneStackProps extends StackProps {
  readonly controlPlane: ControlPlaneConfig;
}

/** The control plane, once per environment: its network and customer-managed key (the public API and its handlers join it in later issues). */
export class ControlPlaneStack extends Stack {
  public readonly key: PlatformKey;
  public readonly network: ControlPlaneNetwork;

  constructor(scope: Construct, id: string, props: ControlPlaneStackProps) {
    super(scope, id, { description: 'Tenant baseline: control plane (network, key, public API)', terminationProtection: true, ...props });
    this.key = new PlatformKey(this, 'Key', {
      alias: KEY_ALIASES.controlPlane,
      description: 'Control plane: encrypts its logs and data',
      logGroupNamePrefixes: [LOG_GROUP_PREFIXES.controlPlane],
    });
    Tags.of(this.key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    this.network = new ControlPlaneNetwork(this, 'Network', {
      cidr: props.controlPlane.cidr,
      encryptionKey: this.key.key,
      hub: hubReferenceFor(this, 'controlPlane'),
    });
    Tags.of(this).add(TAG_KEYS.component, 'control-plane');
    Tags.of(this).add(TAG_KEYS.tenant, 'control-plane');
  }
}
