/** The contract between the plan signer (control plane) and the plan verifier (each tenant's data plane). */
export const PLAN_TOKEN = {
  /** JWS `typ`: a plan is never mistaken for another kind of token (an admin token has no such typ). */
  typ: 'plan+jwt',
  alg: 'ES256',
  /** Seconds from iat to exp. */
  lifetimeSeconds: 300,
  /** The claim carrying base64url(SHA-256(RFC 8785 canonical plan)), 43 characters, no padding. */
  digestClaim: 'plan_sha256',
  /** Deepest nesting of a plan (`{}` and `[]` are depth 1): the signer refuses deeper plans, the verifier too. */
  maxPlanDepth: 64,
} as const;

/** The `aud` a plan for this tenant carries: that tenant's data plane, and no other. */
export function dataPlaneAudience(tenantId: string): string {
  return `urn:tenant-baseline:data-plane:${tenantId}`;
}

export const DIGEST_PATTERN = /^[A-Za-z0-9_-]{43}$/;
