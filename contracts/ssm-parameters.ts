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
} as const;

/** Published by the account baseline: where other stacks send their alarms. */
export const ALERT_PARAMETERS = {
  securityTopicArn: `/${PLATFORM_PREFIX}/alerts/security-topic-arn`,
  mediumTopicArn: `/${PLATFORM_PREFIX}/alerts/medium-topic-arn`,
} as const;

/** Published by the control plane for the tenants' plan verifiers. */
export const CONTROL_PLANE_PARAMETERS = {
  /** The API endpoint: the `iss` of every signed plan. */
  apiUrl: `/${PLATFORM_PREFIX}/control-plane/api-url`,
  jwksUrl: `/${PLATFORM_PREFIX}/control-plane/jwks-url`,
} as const;
