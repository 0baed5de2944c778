/**
 * API Gateway throttling as data: the stage-wide limit and per-route limits (seed 000: per-endpoint rate limits). The
 * API builds its stage's method settings from the configuration; the gate's ApiThrottlingAsPlanned compares them.
 */

/** The API's routes a limit may name, as `METHOD /path` (the resource path from the API's root). */
export const THROTTLED_ROUTES = [
  'GET /health-check',
  'GET /tenants',
  'POST /tenants/{tenantId}/plans',
  'GET /.well-known/jwks.json',
  'POST /heartbeats',
  'POST /tenants/{tenantId}/erasure',
  'POST /tenants/{tenantId}/erasure/{requestId}/confirm',
] as const;

/** What API Gateway accepts per account and region by default (requests per second, burst). */
export const THROTTLE_BOUNDS = { rateLimit: { min: 1, max: 10000 }, burstLimit: { min: 1, max: 5000 } } as const;

/**
 * The limits the routes get unless configured: the unauthenticated ones lower than the stage (the health check
 * reaches the table and bucket, the JWKS is cached by its readers), and plan signing, which calls KMS per request.
 */
export const DEFAULT_ROUTE_THROTTLES: Readonly<Record<string, { rateLimit: number; burstLimit: number }>> = {
  'GET /health-check': { rateLimit: 10, burstLimit: 20 },
  'GET /.well-known/jwks.json': { rateLimit: 20, burstLimit: 40 },
  'POST /tenants/{tenantId}/plans': { rateLimit: 10, burstLimit: 20 },
};

/** A route as the stage's method settings name it: `/` then its path with each `/` encoded as `~1`, and its method. */
export function methodSettingKey(route: string): { readonly ResourcePath: string; readonly HttpMethod: string } {
  const [method, path] = route.split(' ');
  return { ResourcePath: `/${path.replace(/\//g, '~1')}`, HttpMethod: method };
}
