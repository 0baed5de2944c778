import { Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { ControlPlaneConfig, SidecarConfig } from '../config/platform-config';
import { PRIVATE_ADMIN_API_NAME } from '../config/private-admin-api-plan';
import { PlatformBackup } from '../data/platform-backup';
import { AlertTopics } from '../detection/alert-topics';
import { PlatformAlarms } from '../detection/platform-alarms';
import { AdminApi } from '../edge/admin-api';
import { GdprRequests } from '../edge/gdpr-requests';
import { API_NAME, EXECUTION_LOG_GROUP_PREFIX } from '../edge/control-plane-api';
import { WAF_LOG_GROUP_PREFIX } from '../edge/web-acl';
import { Heartbeats } from '../heartbeats/heartbeats';
import { PlatformKey } from '../kms/platform-key';
import { KEY_ALIASES, LOG_GROUP_PREFIXES, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { CONTROL_PLANE_SUBNETS, ControlPlaneNetwork } from '../network/control-plane-network';
import { hubReferenceFor } from '../network/network-hub';
import { AttachmentAcceptor } from '../network/attachment-acceptor';
import { AcceptedAttachment } from '../config/account-plan';
import { SignedPlans } from '../signing/signed-plans';
import { SidecarReleaseStore } from '../runtime/sidecar-release-store';
import { PlatformStack, PlatformStackProps } from './platform-stack';

export interface ControlPlaneStackProps extends PlatformStackProps {
  readonly controlPlane: ControlPlaneConfig;
  /** The ids of the tenants this control plane serves. @default - none */
  readonly tenantIds?: readonly string[];
  /** The metering sidecar releases: with them the stack holds the protected release store. @default - no store */
  readonly sidecar?: SidecarConfig;
  /**
   * Tenants in other accounts, by account and planned CIDR: with any, the stack holds the hub owner's attachment
   * acceptor (lib/network/attachment-acceptor.ts). @default - none (every tenant attaches from the hub's account)
   */
  readonly acceptedAttachments?: readonly AcceptedAttachment[];
  /** The acceptor role's name in this region (attachmentAcceptorRoleName). @default - the home region's */
  readonly attachmentAcceptorRoleName?: string;
}

/** The control plane's public edge: present when an identity provider is configured. */
export interface ControlPlaneEdge {
  readonly adminApi: AdminApi;
  readonly signedPlans: SignedPlans;
  readonly heartbeats: Heartbeats;
  /** Daily backups of the control-plane table and the sidecar registry. */
  readonly backup: PlatformBackup;
  readonly alarms: PlatformAlarms;
  /** GDPR erasure requests and their two-person confirmation. */
  readonly gdprRequests: GdprRequests;
}

/** The control plane, once per environment: its network and customer-managed key and, when an identity provider is configured, its public edge (admin API and WAF, signed plans, heartbeats, platform alarms). */
export class ControlPlaneStack extends PlatformStack {
  public readonly kind = 'control-plane' as const;
  public readonly key: PlatformKey;
  public readonly network: ControlPlaneNetwork;
  /** The public API and its functions; absent when no identity provider is configured. */
  public readonly edge?: ControlPlaneEdge;
  /** The metering sidecar's release store; absent when no sidecar is configured. */
  public readonly sidecarReleases?: SidecarReleaseStore;
  /** Accepts and routes the attachments of tenants in other accounts; absent when there are none. */
  public readonly attachmentAcceptor?: AttachmentAcceptor;

  constructor(scope: Construct, id: string, props: ControlPlaneStackProps) {
    super(scope, id, { description: 'Tenant baseline: control plane (network, key, public API)', terminationProtection: true, ...props });
    const { controlPlane } = props;
    const tenantIds = props.tenantIds ?? [];
    this.key = new PlatformKey(this, 'Key', {
      alias: KEY_ALIASES.controlPlane,
      description: 'Control plane: encrypts its logs and data',
      logGroupNamePrefixes: [LOG_GROUP_PREFIXES.controlPlane, EXECUTION_LOG_GROUP_PREFIX, WAF_LOG_GROUP_PREFIX],
    });
    Tags.of(this.key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    this.network = new ControlPlaneNetwork(this, 'Network', { cidr: controlPlane.cidr, encryptionKey: this.key.key, hub: hubReferenceFor(this, 'controlPlane'), vpnCidrs: controlPlane.privateAdminApi?.allowedCidrs });

    if (controlPlane.identityProvider) {
      // The admin API is the edge ('Edge' is part of every edge resource's logical id); the other parts hang off it.
      const adminApi = new AdminApi(this, 'Edge', {
        vpc: this.network.vpc,
        subnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.private },
        encryptionKey: this.key.key,
        identityProvider: controlPlane.identityProvider,
        waf: controlPlane.waf,
        tenantIds,
        cors: controlPlane.cors,
        throttling: controlPlane.throttling,
        domain: controlPlane.domain,
        privateAdminApi: controlPlane.privateAdminApi,
      });
      const parts = { api: adminApi.api, functionPlacement: adminApi.functionPlacement };
      const signedPlans = new SignedPlans(adminApi, 'SignedPlans', { ...parts, adminRoutes: adminApi.adminRoutes, planSigning: controlPlane.planSigning, tenantIds });
      const heartbeats = new Heartbeats(adminApi, 'Heartbeats', { ...parts, keyValidityDays: controlPlane.sidecarKeyValidityDays });
      const topics = AlertTopics.fromParameters(adminApi);
      const tenantAccounts = new Map((props.acceptedAttachments ?? []).map((a) => [a.tenantId, a.account]));
      const gdprRequests = new GdprRequests(adminApi, 'Gdpr', { ...parts, api: adminApi.adminRoutes, tenantIds, erasureWindowHours: controlPlane.erasureWindowHours, exportRetentionDays: controlPlane.exportRetentionDays, alertTopic: topics.high, tenantAccounts });
      const backupPlan = new PlatformBackup(adminApi, 'Backup', {
        encryptionKey: this.key.key,
        resources: [adminApi.table.table, heartbeats.sidecarRegistry.table, gdprRequests.ledger.table].map((t) => backup.BackupResource.fromDynamoDbTable(t)),
      });
      const alarms = new PlatformAlarms(adminApi, 'Alarms', { topics, apiName: API_NAME, privateApiName: adminApi.privateAdmin ? PRIVATE_ADMIN_API_NAME : undefined, certificate: adminApi.customDomain?.certificate });
      this.edge = { adminApi, signedPlans, heartbeats, backup: backupPlan, alarms, gdprRequests };
    }
    if (props.acceptedAttachments && props.acceptedAttachments.length > 0) {
      this.attachmentAcceptor = new AttachmentAcceptor(this, 'AttachmentAcceptor', {
        placement: { vpc: this.network.vpc, subnets: { subnetGroupName: CONTROL_PLANE_SUBNETS.private }, encryptionKey: this.key.key, logGroupPrefix: LOG_GROUP_PREFIXES.controlPlane },
        planned: props.acceptedAttachments,
        alertTopic: AlertTopics.fromParameters(this).high,
        ...(props.attachmentAcceptorRoleName !== undefined ? { roleName: props.attachmentAcceptorRoleName } : {}),
      });
    }
    if (props.sidecar) {
      this.sidecarReleases = new SidecarReleaseStore(this, 'SidecarReleases', { sidecar: props.sidecar });
    }
    Tags.of(this).add(TAG_KEYS.component, 'control-plane');
    Tags.of(this).add(TAG_KEYS.tenant, 'control-plane');
  }
}
