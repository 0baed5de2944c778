/** The control plane's identity provider, WAF and plan-signing configuration types (the rest are in types.ts and edge-types.ts). */

export interface IdentityProviderConfig {
  /** HTTPS URL of the provider's JWKS. */
  readonly jwksUrl: string;
  /** The exact `iss` of its tokens. */
  readonly issuer: string;
  /** The `aud` the tokens must carry for this platform. */
  readonly audience: string;
  /**
   * Human roles need a second factor in the token's `amr` (RFC 8176: `mfa`, or methods of two different factors;
   * `sms`/`tel` do not count). Set false only when the provider enforces MFA itself and does not report `amr`.
   * @default true
   */
  readonly requireMfa: boolean;
  /** When non-empty, a human token's verified `email` must be in one of these domains (exact, case-insensitive). @default [] */
  readonly allowedEmailDomains: readonly string[];
  /** The longest token accepted (`exp - iat`), 60..86400 seconds. @default 3600 */
  readonly maxTokenLifetimeSeconds: number;
  /** The oldest sign-in accepted (`now - auth_time`), 60..604800 seconds. @default 43200 (12 hours) */
  readonly maxAuthAgeSeconds: number;
  /** How long the provider's fetched JWKS is trusted (a removed key is refused within this), 30..3600 s. @default 300 */
  readonly jwksMaxAgeSeconds: number;
  /**
   * The provider group whose members (a pipeline's client-credentials tokens) get the read-only `ci-cd` role: the
   * tenant list and tenant reads, never plan signing, sidecar revocation or admin routes. None of the human groups.
   * @default - no ci-cd role
   */
  readonly ciCdGroup?: string;
}

export interface WafConfig {
  /** Requests per client IP in any 5 minutes before it is blocked, 100..2,000,000,000. @default 1000 */
  readonly ratePerFiveMinutes: number;
  /** When non-empty, only these IPv4 CIDRs may reach the API. @default [] (no allow list) */
  readonly allowList: readonly string[];
  /**
   * Requests per client IP to `POST /heartbeats` in any 5 minutes before the IP is blocked there, 100..2,000,000,000.
   * A tenant's sidecars share its NAT addresses: allow for every host of the largest tenant. @default 500
   */
  readonly heartbeatRatePerFiveMinutes: number;
  /** AWS WAF Bot Control (common level) on the admin routes; costs extra (docs/edge.md#bot-control). @default true */
  readonly botControl: boolean;
}

export interface PlanSigningConfig {
  /** One or two key names (DNS-safe slugs): two only during a rotation's overlap. */
  readonly keys: readonly string[];
  /** The name of the key that signs; must be one of `keys`. */
  readonly active: string;
  /**
   * How long each tenant's plan verifier trusts a fetched JWKS, 30..3600 s: the bound on revoking a signing key
   * (docs/signed-plans.md). @default 300
   */
  readonly jwksMaxAgeSeconds: number;
}
