/**
 * CORS as data: which admin routes answer browsers of the configured origins, and exactly what they send. The API
 * builds its OPTIONS routes and response headers from here, and the gate's CorsAsPlanned compares the template with it.
 * With no origin configured (the default) nothing here applies: no OPTIONS route, no CORS header anywhere.
 */
import { CorsConfig } from './types';

/** The routes an admin panel in a browser calls, by resource path, with their methods. Machine routes never need CORS. */
export const CORS_ROUTES: ReadonlyArray<{ readonly path: string; readonly methods: readonly string[] }> = [
  { path: '/tenants', methods: ['GET'] },
  { path: '/tenants/{tenantId}/plans', methods: ['POST'] },
];

/** The request headers a browser may send cross-origin: the bearer token and the JSON body's type. */
export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type'] as const;

/** How long a browser may cache a preflight answer (seconds): short, so removing an origin takes effect soon. */
export const CORS_MAX_AGE_SECONDS = 600;

/** Headers that would widen CORS beyond the plan; never sent (the admin API takes bearer tokens, not cookies). */
export const CORS_FORBIDDEN_HEADERS = ['Access-Control-Allow-Credentials', 'Access-Control-Expose-Headers'] as const;

/** The planned route of a resource path, if it answers CORS. */
export function corsRoute(path: string | undefined) {
  return CORS_ROUTES.find((r) => r.path === path);
}

/**
 * The CORS headers every response of a CORS route carries (plain values): the first allowed origin, replaced by the
 * request's own Origin when that is another allowed one (corsOriginTemplate; a static header cannot name several), and
 * `Vary: Origin` so no cache serves one origin's answer to another.
 */
export function corsResponseHeaders(cors: CorsConfig): Record<string, string> {
  return { 'Access-Control-Allow-Origin': cors.allowedOrigins[0], Vary: 'Origin' };
}

/** The preflight (OPTIONS) answer's CORS headers for one route: the response headers plus methods, headers, max age. */
export function corsPreflightHeaders(cors: CorsConfig, methods: readonly string[]): Record<string, string> {
  return {
    ...corsResponseHeaders(cors),
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(','),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(','),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}

/**
 * The mapping template (VTL) that echoes the request's Origin into `Access-Control-Allow-Origin` only when it is one of
 * the allowed origins, compared exactly. Safe to interpolate: validate-cors admits only `https://`, `a-z0-9.-` and a port.
 */
export function corsOriginTemplate(cors: CorsConfig): string {
  const condition = cors.allowedOrigins.map((o) => `$origin == "${o}"`).join(' || ');
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if($origin == "")#set($origin = $input.params().header.get("origin"))#end',
    `#if(${condition})#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)#end`,
    '',
  ].join('\n');
}

/** The OPTIONS routes CORS adds (public: a browser's preflight carries no token); none when no origin is allowed. */
export function corsPreflightRoutes(cors: CorsConfig): ReadonlyArray<{ readonly method: string; readonly path: string }> {
  return cors.allowedOrigins.length === 0 ? [] : CORS_ROUTES.map((r) => ({ method: 'OPTIONS', path: r.path }));
}
