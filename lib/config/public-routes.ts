import { corsPreflightRoutes } from './cors-plan';
import { CorsConfig } from './types';

/**
 * The control-plane API's deliberately public routes, as data: each protected otherwise (the health check reveals
 * nothing, the JWKS is public by design, heartbeats are authenticated by the sidecar's signature and need the tenant's
 * API key). The gate's
 * ApiMethodsAuthorized passes an unauthorized method only if it is one of these, in the control plane; anything else
 * public, anywhere, is a finding that cannot be acknowledged.
 */
export interface PublicRoute {
  readonly method: string;
  /** The resource path from the API's root, as the template's resources chain it. */
  readonly path: string;
  /**
   * The caller must send an API key of a usage plan (`x-api-key`): the routes data planes call, where the key binds
   * the request to its tenant and holds it to the tenant's usage plan. @default false
   */
  readonly apiKeyRequired?: boolean;
}

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'GET', path: '/health-check' },
  { method: 'GET', path: '/.well-known/jwks.json' },
  { method: 'POST', path: '/heartbeats', apiKeyRequired: true },
];

/** The public routes of a configuration: the ones above, and the CORS preflight routes when origins are allowed. */
export function plannedPublicRoutes(cors: CorsConfig): readonly PublicRoute[] {
  return [...PUBLIC_ROUTES, ...corsPreflightRoutes(cors)];
}
