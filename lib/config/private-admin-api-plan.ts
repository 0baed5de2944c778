/**
 * The private admin API as data (controlPlane.privateAdminApi): which routes live on which API, its name and log group,
 * the interface endpoint it is reached through, and the throttle entries each stage carries. lib/edge builds it; the
 * gate's PrivateAdminApiAsPlanned, ApiThrottlingAsPlanned, ControlPlaneGroupsAsPlanned and NetworkAclAsPlanned judge
 * the template against it.
 */
import { CONTROL_PLANE_API_NAME, PLATFORM_PREFIX } from '../naming';
import { PUBLIC_ROUTES } from './public-routes';
import { PrivateAdminApiConfig, ThrottleLimit, ThrottlingConfig } from './edge-types';

/** The private REST API's name (the public one keeps CONTROL_PLANE_API_NAME). */
export const PRIVATE_ADMIN_API_NAME = `${PLATFORM_PREFIX}-control-plane-admin`;

/** Its access log group (the public API's is `/tenant-baseline/control-plane/api-access`). */
export const PRIVATE_ADMIN_API_ACCESS_LOG_GROUP = `/${PLATFORM_PREFIX}/control-plane/admin-api-access`;

/** At most this many VPN ranges: each adds an inbound and an outbound entry to the private subnets' ACL (20 per direction by default). */
export const MAX_PRIVATE_ADMIN_CIDRS = 5;

/**
 * The interface endpoint's service (`com.amazonaws.<region>.execute-api`) and its private DNS: off, so the VPC's
 * resolver keeps answering public `execute-api` names with the public API (with private DNS on, every API Gateway name
 * in the VPC would resolve to the endpoint, where public APIs do not answer). Clients use the API's endpoint alias
 * `https://<api-id>-<vpce-id>.execute-api.<region>.amazonaws.com/prod/`, which public DNS resolves to the endpoint's
 * private addresses, so a VPN client needs no private DNS zone.
 */
export const ADMIN_ENDPOINT = { service: 'execute-api', privateDnsEnabled: false } as const;

/** Which API a route is on: `public` for the routes data planes and anyone call, `private` for the admin routes when configured. */
export type ApiVisibility = 'public' | 'private';

/** The API a route (`method`, resource path) is planned on. CORS preflights follow their admin routes. */
export function plannedApiOf(method: string, path: string, privateAdminApi: PrivateAdminApiConfig | undefined): ApiVisibility {
  if (privateAdminApi === undefined) {
    return 'public';
  }
  return PUBLIC_ROUTES.some((r) => r.method === method && r.path === path) ? 'public' : 'private';
}

/** The API a REST API name stands for, or undefined for a name the plan does not have. */
export function visibilityOfApiName(name: string, privateAdminApi: PrivateAdminApiConfig | undefined): ApiVisibility | undefined {
  if (name === CONTROL_PLANE_API_NAME) {
    return 'public';
  }
  return privateAdminApi !== undefined && name === PRIVATE_ADMIN_API_NAME ? 'private' : undefined;
}

/** The per-route throttle entries of one API's stage: the routes planned on that API (every route on the public one without a private API). */
export function throttledRoutesOn(api: ApiVisibility, throttling: ThrottlingConfig, privateAdminApi: PrivateAdminApiConfig | undefined): Readonly<Record<string, ThrottleLimit>> {
  return Object.fromEntries(
    Object.entries(throttling.routes).filter(([route]) => {
      const [method, path] = route.split(' ');
      return plannedApiOf(method, path, privateAdminApi) === api;
    }),
  );
}

/**
 * The private admin API's own traffic alarm (DESIGN.md: API traffic > 100,000 requests in 5 minutes, medium tier):
 * API Gateway counts requests per API name, so the public API's alarm does not see the admin routes once they are private.
 */
export const PRIVATE_ADMIN_TRAFFIC_ALARM = {
  id: 'AdminApiTrafficSpike',
  threshold: 100_000,
  tier: 'medium',
  playbook: 'traffic-or-heartbeat-flood',
  runbook:
    'More than 100,000 requests in 5 minutes on the private admin API: it is reachable only from the VPN, so the source is an operator\'s machine or a VPN client. Find it in the private API\'s access log (principal, source IP) and the WAF logs, and disconnect it from the VPN if it is not a known job.',
} as const;
