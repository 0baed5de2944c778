/**
 * The environment variables each handler reads, by function: the constructs set them and the handlers read them
 * through these names, so a rename on one side cannot leave the other reading nothing. One constant per function, so
 * a handler's bundle carries its own names and no other function's.
 */
/**
 * `jwksMaxAgeSeconds`, `maxTokenLifetimeSeconds`, `maxAuthAgeSeconds`: integers (seconds); `requireMfa`: `true` or
 * `false`; `allowedEmailDomains`: a list (LIST_SEPARATOR); `ciCdGroup`: one group name. All optional, with secure
 * defaults (lambda/README.md).
 */
export const ADMIN_AUTHORIZER_ENV = {
  jwksUrl: 'JWKS_URL',
  issuer: 'TOKEN_ISSUER',
  audience: 'TOKEN_AUDIENCE',
  jwksMaxAgeSeconds: 'JWKS_MAX_AGE_SECONDS',
  requireMfa: 'REQUIRE_MFA',
  allowedEmailDomains: 'ALLOWED_EMAIL_DOMAINS',
  maxTokenLifetimeSeconds: 'MAX_TOKEN_LIFETIME_SECONDS',
  maxAuthAgeSeconds: 'MAX_AUTH_AGE_SECONDS',
  ciCdGroup: 'CI_CD_GROUP',
} as const;
export const HEALTH_CHECK_ENV = { tableName: 'TABLE_NAME', bucketName: 'BUCKET_NAME' } as const;
/**
 * `tenantIds` is a list (LIST_SEPARATOR); `maxPlanBytes` an integer; `corsAllowedOrigins` a list of the browser origins
 * whose requests get CORS headers, optional (absent: none do).
 */
export const PLAN_SIGNER_ENV = {
  signingKeyId: 'SIGNING_KEY_ID',
  issuer: 'PLAN_ISSUER',
  tenantIds: 'TENANT_IDS',
  maxPlanBytes: 'MAX_PLAN_BYTES',
  corsAllowedOrigins: 'CORS_ALLOWED_ORIGINS',
} as const;
/** `signingKeyIds`: the active key first, then the previous one during a rotation, as a list. */
export const JWKS_ENV = { signingKeyIds: 'SIGNING_KEY_IDS' } as const;
/**
 * `windowSeconds`: an integer, how far a heartbeat's timestamp may be from the ingest's clock. `keyValidityDays`: an
 * integer, the longest a sidecar key may be valid after its registration (`controlPlane.sidecarKeyValidityDays`).
 */
export const HEARTBEAT_INGEST_ENV = { registryTable: 'REGISTRY_TABLE', windowSeconds: 'WINDOW_SECONDS', keyValidityDays: 'KEY_VALIDITY_DAYS' } as const;
/** `warningDays`: an integer, how many days before its expiry a key without a successor is reported; `keyValidityDays` as above. */
export const SIDECAR_KEY_EXPIRY_ENV = { registryTable: 'REGISTRY_TABLE', warningDays: 'WARNING_DAYS', keyValidityDays: 'KEY_VALIDITY_DAYS' } as const;
/** `jwksMaxAgeSeconds`: an integer (seconds), optional (default 300): how long a fetched JWKS is trusted. */
export const PLAN_VERIFIER_ENV = { jwksUrl: 'JWKS_URL', issuer: 'PLAN_ISSUER', tenantId: 'TENANT_ID', jwksMaxAgeSeconds: 'JWKS_MAX_AGE_SECONDS' } as const;

/** The app user's provisioning: the master secret, the user to provision, the instance's address and port (an integer). */
export const DATABASE_USER_ENV = { masterSecretArn: 'MASTER_SECRET_ARN', appUser: 'APP_USER', host: 'DB_HOST', port: 'DB_PORT' } as const;

/**
 * The GDPR request handler: the ledger table, the tenants it may record requests for (a list), the confirmation
 * window (an integer, hours), how long exports are kept (an integer, days) and the alert topic it notifies.
 */
export const GDPR_REQUESTS_ENV = {
  ledgerTable: 'LEDGER_TABLE',
  tenantIds: 'TENANT_IDS',
  erasureWindowHours: 'ERASURE_WINDOW_HOURS',
  exportRetentionDays: 'EXPORT_RETENTION_DAYS',
  alertTopicArn: 'ALERT_TOPIC_ARN',
  /**
   * Optional: tenants in other accounts, as `<account>=<i>.<i>...` entries joined by LIST_SEPARATOR, each `i` a
   * tenant's position in TENANT_IDS (compact: a Lambda environment holds 4 KB, and TENANT_IDS already lists every
   * tenant). Their export functions are called by ARN in that account and the function's own region; every other
   * tenant's by name in the control plane's account.
   */
  tenantExportAccounts: 'TENANT_EXPORT_ACCOUNTS',
} as const;

/**
 * A tenant's export function (right of access): the tenant it serves, its table and data bucket (read), the export
 * bucket it writes archives to and the tenant key it names on every object it writes.
 */
export const TENANT_EXPORT_ENV = { tenantId: 'TENANT_ID', tableName: 'TABLE_NAME', dataBucket: 'DATA_BUCKET', exportBucket: 'EXPORT_BUCKET', keyArn: 'TENANT_KEY_ARN' } as const;

/**
 * The hub's attachment acceptor: the transit gateway, its tenant, control-plane and verification route tables, and the
 * planned attachments of other accounts as `<account>=<N>.<N>...` entries (the tenant numbers of each account, whose
 * VPCs are `tenantVpcCidr(N)`) joined by LIST_SEPARATOR.
 */
export const ATTACHMENT_ACCEPTOR_ENV = {
  transitGatewayId: 'TRANSIT_GATEWAY_ID',
  tenantRouteTableId: 'TENANT_ROUTE_TABLE_ID',
  controlPlaneRouteTableId: 'CONTROL_PLANE_ROUTE_TABLE_ID',
  verificationRouteTableId: 'VERIFICATION_ROUTE_TABLE_ID',
  plannedAttachments: 'PLANNED_ATTACHMENTS',
} as const;

/** Every function's variables, for the constructs that set them. */
export const FUNCTION_ENVIRONMENT = {
  adminAuthorizer: ADMIN_AUTHORIZER_ENV,
  healthCheck: HEALTH_CHECK_ENV,
  planSigner: PLAN_SIGNER_ENV,
  jwks: JWKS_ENV,
  heartbeatIngest: HEARTBEAT_INGEST_ENV,
  sidecarKeyExpiry: SIDECAR_KEY_EXPIRY_ENV,
  planVerifier: PLAN_VERIFIER_ENV,
  databaseUser: DATABASE_USER_ENV,
  gdprRequests: GDPR_REQUESTS_ENV,
  tenantExport: TENANT_EXPORT_ENV,
  attachmentAcceptor: ATTACHMENT_ACCEPTOR_ENV,
} as const;

/** The separator of list-valued variables (`TENANT_IDS`, `SIGNING_KEY_IDS`, `ALLOWED_EMAIL_DOMAINS`). */
export const LIST_SEPARATOR = ',';

/**
 * TENANT_EXPORT_ACCOUNTS's value: each account other than the platform's with the positions of its tenants in
 * TENANT_IDS, as `<account>=<i>.<i>` entries joined by LIST_SEPARATOR (the GDPR handler reads it; the configuration
 * counts it against the handler's environment budget).
 */
export function tenantExportAccounts(tenantIds: readonly string[], accountOf: (tenantId: string) => string | undefined): string {
  const byAccount = new Map<string, number[]>();
  tenantIds.forEach((id, i) => {
    const account = accountOf(id);
    if (account !== undefined) {
      byAccount.set(account, [...(byAccount.get(account) ?? []), i]);
    }
  });
  return [...byAccount].map(([account, positions]) => `${account}=${positions.join('.')}`).join(LIST_SEPARATOR);
}
