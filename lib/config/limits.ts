/** The ranges the configuration accepts; the constructs check the same numbers, so a limit is written once. */

/** What S3 Object Lock accepts for a default retention in days. */
export const AUDIT_RETENTION_DAYS = { min: 1, max: 36500 } as const;

/** Hours between two runs of the network proofs: at least hourly, at most weekly. */
export const NETWORK_PROOF_INTERVAL_HOURS = { min: 1, max: 168 } as const;

/** The largest request body the API accepts (DESIGN.md EDGE-1), in bytes; the WAF blocks larger ones. */
export const MAX_BODY_BYTES = 8192;

/** Requests per client IP in any 5 minutes: WAF's rate-based rule limits. */
export const WAF_RATE_LIMITS = { min: 100, max: 2_000_000_000 } as const;

/** Limits of the per-tenant options. */
export const TENANT_OPTION_LIMITS = {
  hosts: { min: 1, max: 20 },
  backupRetentionDays: { min: 7, max: 35 },
  logRetentionDays: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
} as const;

/** KMS's pending window for a key deletion, in days: the bounds of a tenant's `keyDeletionWindowDays`. */
export const KEY_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/** How many browser origins `controlPlane.cors.allowedOrigins` may name (each one is a literal in the preflight template). */
export const CORS_MAX_ORIGINS = 10;

/**
 * How many accounts other than the platform's may host tenants. The GDPR handler's managed policy names one export
 * function ARN pattern per account (a managed policy holds 6,144 characters) and the hub's RAM share and the acceptor's
 * environment one entry per account; 40 keeps each well within its limit. Lifting it: one statement over
 * `arn:<partition>:lambda:<region>:*:function:tenant-baseline-*-export` conditioned on `aws:ResourceAccount`
 * (docs/network.md).
 */
export const MAX_TENANT_ACCOUNTS = 40;

/**
 * The most bytes the tenant ids may take joined by LIST_SEPARATOR, and the bound of each control-plane function's
 * growing lists together: the plan signer's TENANT_IDS with CORS_ALLOWED_ORIGINS, the GDPR handler's TENANT_IDS with
 * TENANT_EXPORT_ACCOUNTS (validate-environment-budget.ts). AWS Lambda refuses a function whose environment variables
 * exceed 4 KB in all; the other variables take at most ~1 KB (every reference counted at 200 bytes;
 * test/config/tenant-id-budget.test.ts measures both functions at this bound). 156 tenants fit with ids of up to 17
 * characters on average.
 */
export const TENANT_IDS_MAX_BYTES = 2_800;
