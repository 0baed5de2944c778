import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ControlPlaneConfig, TenantConfig } from '../config/platform-config';
import { PlatformKey } from '../kms/platform-key';
import { KEY_ALIASES, LOG_GROUP_PREFIXES, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { hubReferenceFor } from '../network/network-hub';
import { TenantNetwork } from '../network/tenant-network';

export interface TenantStackProps extends StackProps {
  readonly tenant: TenantConfig;
  readonly controlPlane: ControlPlaneConfig;
}

/**
 * One tenant's data plane: its key and its isolated network (later issues add its data stores and runtime). Deployed
 * on its own (`cdk deploy Tenant-<id>`); it reads the hub from SSM, so it never depends on another stack's exports.
 */
export class TenantStack extends Stack {
  public readonly key: PlatformKey;
  public readonly network: TenantNetwork;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    const { tenant } = props;
    super(scope, id, { description: `Tenant baseline: data plane of tenant ${tenant.id}`, terminationProtection: true, ...props });
    this.key = new PlatformKey(this, 'Key', {
      alias: KEY_ALIASES.tenant(tenant.id),
      description: `Tenant ${tenant.id}: encrypts every data store and log of this tenant, and nothing of any other`,
      logGroupNamePrefix: LOG_GROUP_PREFIXES.tenant(tenant.id),
    });
    Tags.of(this.key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    this.network = new TenantNetwork(this, 'Network', {
      tenantId: tenant.id,
      tenantNumber: tenant.number,
      controlPlaneCidr: props.controlPlane.cidr,
      encryptionKey: this.key.key,
      hub: hubReferenceFor(this, 'tenant'),
    });
    Tags.of(this).add(TAG_KEYS.tenant, tenant.id);
    Tags.of(this).add(TAG_KEYS.component, 'tenant-data-plane');
  }
}
