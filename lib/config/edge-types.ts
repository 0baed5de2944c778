/** The control-plane edge's configuration types: CORS and API throttling (the rest of the edge's are in types.ts). */

export interface CorsConfig {
  /**
   * The exact origins (`https://host[:port]`, lowercase, no path or wildcard) that may call the routes of cors-plan.ts;
   * never `*`, never with credentials (bearer tokens, not cookies). @default [] @example ["https://admin.example.com"]
   */
  readonly allowedOrigins: readonly string[];
}

/** Requests per second and burst; `routes` maps `METHOD /path` of THROTTLED_ROUTES to its own limit. */
export interface ThrottleLimit {
  readonly rateLimit: number;
  readonly burstLimit: number;
}
export interface ThrottlingConfig extends ThrottleLimit {
  /** @default DEFAULT_ROUTE_THROTTLES, each overridable */
  readonly routes: Readonly<Record<string, ThrottleLimit>>;
}

/**
 * A tenant's access to the routes data planes call (`POST /heartbeats`): its API keys and its usage plan (seed 004:
 * API keys per tenant, 10 requests/s per key by default, configurable per tenant). Each key name becomes a secret of
 * the tenant (the value, generated, under the tenant key), an API key with that value, and its place in the tenant's
 * usage plan. A rotation is an overlap: add a second name, make it `active` (the hosts read the active key's secret),
 * then remove the old one (docs/edge.md#api-keys-and-usage-plans).
 */
export interface TenantApiAccessConfig {
  /** One or two distinct key names (a-z, 0-9, -; 1-32 characters): two only during a rotation. @default ["initial"] */
  readonly keys: readonly string[];
  /** The key the runtime hosts use; one of `keys`. @default "initial" */
  readonly active: string;
  /** The usage plan's steady rate per key, requests per second, 1..10000. @default 10 */
  readonly rateLimit: number;
  /** The usage plan's burst, 1..5000. @default 20 */
  readonly burstLimit: number;
}

/**
 * How long a tenant's transient records are kept (seed 004: "Data Retention: 24 hours (configurable)"): the items of
 * the tenant table that carry the TTL attribute (`contracts/retention.ts`; DynamoDB deletes them after that time) and
 * the objects under the tenant bucket's transient prefix (an S3 lifecycle expiration, in whole days). Records without
 * the attribute, or outside the prefix, are the tenant's durable data and are not touched.
 */
export interface TenantRetentionConfig {
  /** Hours a transient record is kept, 1..2160 (90 days); S3 expires objects after ceil(hours / 24) days. @default 24 */
  readonly transientHours: number;
}

/**
 * The control-plane API's custom domain (issue 19): an ACM certificate validated through the hosted zone's DNS, an
 * API Gateway regional domain name with the same TLS 1.3 policy as the API, an alias record in the zone, and the
 * default `execute-api` endpoint disabled, so the API answers only at `https://<apiName>/prod/`. The zone must be a
 * public zone that is delegated (its NS records in the parent): ACM validates through public DNS, and the deploy
 * waits until it has (docs/edge.md#custom-domain).
 *
 * @example { "hostedZoneId": "Z0EXAMPLE00000000000", "zoneName": "example.com", "apiName": "api.example.com" }
 */
export interface ControlPlaneDomainConfig {
  /** The Route 53 public hosted zone's id: `Z` and upper-case letters or digits, at most 32 characters. */
  readonly hostedZoneId: string;
  /** The zone's name: a lower-case DNS name (RFC 1035 labels of 1..63 characters, 253 in all), no trailing dot. */
  readonly zoneName: string;
  /** The API's host name, inside the zone, lower case, no wildcard. @default "api.<zoneName>" */
  readonly apiName: string;
}

/**
 * The private admin API (issue 19): the admin routes (every route behind the admin authorizer, and their CORS
 * preflights) on a PRIVATE REST API, reachable only through an `execute-api` interface endpoint in the control-plane
 * private subnets, for operators who reach the VPC over a VPN. The public API keeps the routes data planes call
 * (health check, JWKS, heartbeats). Requires `identityProvider`; combines with `domain`, which then serves the public
 * API only (a private API cannot take a regional custom domain) (docs/edge.md#private-admin-api).
 *
 * @example { "allowedCidrs": ["10.8.0.0/22"] }
 */
export interface PrivateAdminApiConfig {
  /**
   * The VPN's address ranges, the only sources the endpoint's security group and the private subnets' network ACLs
   * admit on TCP 443: 1..5 distinct RFC 1918 IPv4 CIDR blocks outside the tenant address space (and inside
   * `waf.allowList` when one is set, as the web ACL guards both APIs).
   */
  readonly allowedCidrs: readonly string[];
}
