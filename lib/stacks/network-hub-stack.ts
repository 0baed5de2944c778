import { Tags } from 'aws-cdk-lib';
import { PlatformStack, PlatformStackProps } from './platform-stack';
import { Construct } from 'constructs';
import { NetworkHub } from '../network/network-hub';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

/** The network hub, once per account and region: the Transit Gateway and its two route tables. */
export interface NetworkHubStackProps extends PlatformStackProps {
  /** Other accounts of the organization that host tenants: the hub is shared with them (NetworkHubProps). @default [] */
  readonly sharedWithAccounts?: readonly string[];
}

export class NetworkHubStack extends PlatformStack {
  public readonly kind = 'network-hub' as const;
  public readonly hub: NetworkHub;

  constructor(scope: Construct, id: string, props: NetworkHubStackProps = {}) {
    const { sharedWithAccounts, ...stackProps } = props;
    super(scope, id, { description: 'Tenant baseline: one-way routing hub (Transit Gateway) between the control plane and tenants', terminationProtection: true, ...stackProps });
    this.hub = new NetworkHub(this, 'Hub', { ...(sharedWithAccounts ? { sharedWithAccounts } : {}) });
    Tags.of(this).add(TAG_KEYS.component, 'network-hub');
    Tags.of(this).add(TAG_KEYS.tenant, 'network-hub');
    Tags.of(this).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
  }
}
