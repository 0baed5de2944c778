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
