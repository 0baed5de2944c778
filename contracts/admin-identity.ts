/**
 * The admin identity controls as both sides need them: the identity provider's group names that grant the human roles,
 * and the ranges and secure defaults of the authorizer's identity settings. The configuration validates against these
 * numbers and sets every variable; the authorizer falls back to the same defaults when one is unset.
 */

/** Identity-provider group -> human role (the authorizer maps them; `ciCdGroup` may be none of these). */
export const ADMIN_GROUPS = {
  viewer: 'platform-viewers',
  deployer: 'platform-deployers',
  ops: 'platform-ops',
  admin: 'platform-admins',
} as const;

/** How long a fetched JWKS may be trusted, in seconds: from the 30 s refetch cooldown to an hour (both verifiers). */
export const JWKS_MAX_AGE_RANGE = { min: 30, max: 3600 } as const;

/** Ranges of the integer settings, in seconds. */
export const ADMIN_IDENTITY_RANGES = {
  jwksMaxAgeSeconds: JWKS_MAX_AGE_RANGE,
  maxTokenLifetimeSeconds: { min: 60, max: 86_400 },
  maxAuthAgeSeconds: { min: 60, max: 604_800 },
} as const;

/** The secure defaults: MFA required, tokens of at most an hour, a session at most 12 hours old, keys trusted 5 minutes. */
export const ADMIN_IDENTITY_DEFAULTS = {
  requireMfa: true,
  allowedEmailDomains: [] as readonly string[],
  maxTokenLifetimeSeconds: 3600,
  maxAuthAgeSeconds: 43_200,
  jwksMaxAgeSeconds: 300,
} as const;

/** How long a fetched JWKS is trusted by default (the plan verifiers' revocation bound, docs/signed-plans.md). */
export const DEFAULT_JWKS_MAX_AGE_SECONDS = ADMIN_IDENTITY_DEFAULTS.jwksMaxAgeSeconds;

/** A DNS domain name, as `allowedEmailDomains` takes them. */
export const EMAIL_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
