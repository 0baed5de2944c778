/**
 * Names that cross stack, account and tool boundaries: SSM parameter paths, tag keys, stack names and ports. They are
 * API: changing one after a deploy strands the resources that use the old name, so they live in one place.
 */

import { PLATFORM_PREFIX } from '../contracts/platform';

export { PLATFORM_PREFIX };

/** Tag keys. The tag-protection SCP (lib/guardrails/) matches on `protection`. */
export const TAG_KEYS = {
  /** The tenant id on every resource of a tenant stack; `control-plane` or `network-hub` elsewhere. */
  tenant: `${PLATFORM_PREFIX}:tenant`,
  /** Marks resources that only the platform's deploy role may change or delete. */
  protection: `${PLATFORM_PREFIX}:protected`,
  /** Which deployment unit a resource belongs to. */
  component: `${PLATFORM_PREFIX}:component`,
  /** On an offboarding tenant's key: the confirmed GDPR erasure request it carries out (`tenants[].erasureRequestId`). */
  erasureRequest: `${PLATFORM_PREFIX}:erasure-request`,
} as const;

export const PROTECTION_TAG_VALUE = 'true';


/** The workflow runtime's port, the only port the control plane may open on a tenant. */
export const RUNTIME_PORT = 5678;
export const HTTPS_PORT = 443;
/** PostgreSQL, the tenant database's port; the only other port that crosses subnets inside a tenant VPC. */
export const POSTGRES_PORT = 5432;
/** Ephemeral ports used by return traffic through stateless network ACLs (Linux, NAT gateway and AWS services). */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

/** The hub's two route tables by their Name tags: the plan of the hub's SSM parameters tells them apart by these. */
export const HUB_ROUTE_TABLE_NAMES = {
  tenant: 'tenants: routes to the control plane only',
  controlPlane: 'control plane: routes to every tenant',
  /** Associated with nothing, so it forwards nothing: where the acceptor reads the CIDRs another account's VPC propagates. */
  verification: 'verification: CIDRs of attachments from other accounts, forwards nothing',
} as const;

/** The control-plane API's one stage: part of the URLs the control plane publishes (the plans' `iss`, the JWKS). */
export const CONTROL_PLANE_API_STAGE = 'prod';

/**
 * The alert topics' names, one per tier (lib/config/alert-tiers.ts): the rules recognise the topics by them, and other
 * stacks find them through SSM.
 */
export const ALERT_TOPIC_NAMES = {
  critical: `${PLATFORM_PREFIX}-critical-alerts`,
  high: `${PLATFORM_PREFIX}-high-alerts`,
  medium: `${PLATFORM_PREFIX}-medium-alerts`,
  low: `${PLATFORM_PREFIX}-low-alerts`,
} as const;

/** The control-plane REST API's name: the `ApiName` dimension its traffic alarm watches. */
export const CONTROL_PLANE_API_NAME = `${PLATFORM_PREFIX}-control-plane`;

export const STACK_NAMES = {
  accountBaseline: 'AccountBaseline',
  organizationGuardrails: 'OrganizationGuardrails',
  networkHub: 'NetworkHub',
  controlPlane: 'ControlPlane',
  delivery: 'Delivery',
  tenant: (tenantId: string) => `Tenant-${tenantId}`,
} as const;

/** Log group names; KMS key policies scope CloudWatch Logs to these prefixes. */
export const LOG_GROUP_PREFIXES = {
  tenant: (tenantId: string) => `/${PLATFORM_PREFIX}/tenants/${tenantId}/`,
  controlPlane: `/${PLATFORM_PREFIX}/control-plane/`,
} as const;

/** The tenant database's instance identifier; RDS names its log groups after it (`/aws/rds/instance/<id>/...`). */
export const DB_INSTANCE_IDENTIFIER = (tenantId: string) => `${PLATFORM_PREFIX}-${tenantId}`;
export const RDS_LOG_GROUP_PREFIX = (tenantId: string) => `/aws/rds/instance/${DB_INSTANCE_IDENTIFIER(tenantId)}/`;

/** The audit key (account baseline): the trail's log files, the audit bucket and the audit log groups. */
export const AUDIT_KEY_ALIAS = `alias/${PLATFORM_PREFIX}/audit`;

/** The alert topics' key (account baseline); the GDPR handler may use it through SNS, found by this alias. */
export const ALERT_KEY_ALIAS = `alias/${PLATFORM_PREFIX}/alerts`;

export const KEY_ALIASES = {
  tenant: (tenantId: string) => `alias/${PLATFORM_PREFIX}/tenants/${tenantId}`,
  controlPlane: `alias/${PLATFORM_PREFIX}/control-plane`,
  sidecarReleases: `alias/${PLATFORM_PREFIX}/sidecar-releases`,
} as const;
