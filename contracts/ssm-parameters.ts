import { PLATFORM_PREFIX } from './platform';

/**
 * SSM parameters through which stacks (and operators' scripts) find each other's resources, so no stack imports
 * another's CloudFormation exports. They are API: renaming one after a deploy strands the stacks that read it.
 */

/** Published by the network hub, read by the control plane and every tenant. */
export const HUB_PARAMETERS = {
  transitGatewayId: `/${PLATFORM_PREFIX}/network-hub/transit-gateway-id`,
  tenantRouteTableId: `/${PLATFORM_PREFIX}/network-hub/tenant-route-table-id`,
  controlPlaneRouteTableId: `/${PLATFORM_PREFIX}/network-hub/control-plane-route-table-id`,
  /** Only with tenants in other accounts: the table the attachment acceptor verifies their CIDRs in. */
  verificationRouteTableId: `/${PLATFORM_PREFIX}/network-hub/verification-route-table-id`,
} as const;

/** Published by the account baseline: where other stacks send their alarms. */
export const ALERT_PARAMETERS = {
  criticalTopicArn: `/${PLATFORM_PREFIX}/alerts/critical-topic-arn`,
  highTopicArn: `/${PLATFORM_PREFIX}/alerts/high-topic-arn`,
  mediumTopicArn: `/${PLATFORM_PREFIX}/alerts/medium-topic-arn`,
  lowTopicArn: `/${PLATFORM_PREFIX}/alerts/low-topic-arn`,
} as const;

/** Published by the control plane for the tenants' plan verifiers. */
export const CONTROL_PLANE_PARAMETERS = {
  /** The API endpoint: the `iss` of every signed plan. */
  apiUrl: `/${PLATFORM_PREFIX}/control-plane/api-url`,
  jwksUrl: `/${PLATFORM_PREFIX}/control-plane/jwks-url`,
  /** The REST API's id: each tenant's usage plan names the API's stage with it. */
  apiId: `/${PLATFORM_PREFIX}/control-plane/api-id`,
} as const;

/**
 * Published by the control plane's sidecar release store, read by the runtime hosts at start-up. Each release's
 * expected SHA-256 has its own parameter, tagged as protected (only the deploy roles may change it).
 */
export const SIDECAR_PARAMETERS = {
  /** The release bucket's name. */
  releaseBucket: `/${PLATFORM_PREFIX}/sidecar/release-bucket`,
  /** The ARN of the key the releases are encrypted under. */
  releaseKeyArn: `/${PLATFORM_PREFIX}/sidecar/release-key-arn`,
  /** Where release `version`'s expected SHA-256 is. */
  releaseSha256: (version: string) => `/${PLATFORM_PREFIX}/sidecar/releases/${version}/sha256`,
} as const;

/** The object key of release `version`'s binary in the release bucket. */
export const sidecarReleaseObjectKey = (version: string) => `releases/${version}/metering-sidecar`;

/**
 * Published by each tenant's stack, read by the heartbeat ingest: one parameter per API key of the tenant (its name in
 * `tenants[].apiAccess.keys`), whose value is the key's API Gateway id. The ingest lists the path of the tenant a
 * heartbeat claims and accepts only a key id found there (a stolen key of tenant A cannot act for B).
 */
export const TENANT_API_KEY_PARAMETERS = {
  /**
   * The path (hierarchy) under which tenant `tenantId`'s key ids are, without a trailing `/`: GetParametersByPath is
   * authorized against the path in the request, `parameter/<path>`, which the ingest's policy names.
   */
  path: (tenantId: string) => `/${PLATFORM_PREFIX}/tenants/${tenantId}/api-keys`,
  /** The parameter that holds the id of tenant `tenantId`'s key `keyName`. */
  keyId: (tenantId: string, keyName: string) => `/${PLATFORM_PREFIX}/tenants/${tenantId}/api-keys/${keyName}`,
} as const;

/**
 * Published by each tenant's stack for its own runtime hosts, which read them at start-up (and on a key rotation): the
 * settings the hosts need and the platform decides. Separate from the api-keys path, which the heartbeat ingest lists.
 */
export const TENANT_RUNTIME_PARAMETERS = {
  /** The ARN of the secret holding the value of the tenant's active API key (`tenants[].apiAccess.active`). */
  activeApiKeySecretArn: (tenantId: string) => `/${PLATFORM_PREFIX}/tenants/${tenantId}/runtime/active-api-key-secret-arn`,
  /** How long the tenant's transient records are kept, in hours (`tenants[].retention.transientHours`): the TTL hosts write. */
  transientHours: (tenantId: string) => `/${PLATFORM_PREFIX}/tenants/${tenantId}/runtime/transient-hours`,
} as const;
