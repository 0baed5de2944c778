/**
 * The environment variables each handler reads, by function: the constructs set them and the handlers read them
 * through these names, so a rename on one side cannot leave the other reading nothing.
 */
export const FUNCTION_ENVIRONMENT = {
  adminAuthorizer: { jwksUrl: 'JWKS_URL', issuer: 'TOKEN_ISSUER', audience: 'TOKEN_AUDIENCE' },
  healthCheck: { tableName: 'TABLE_NAME', bucketName: 'BUCKET_NAME' },
  /** `tenantIds` is a comma-separated list; `maxPlanBytes` an integer. */
  planSigner: { signingKeyId: 'SIGNING_KEY_ID', issuer: 'PLAN_ISSUER', tenantIds: 'TENANT_IDS', maxPlanBytes: 'MAX_PLAN_BYTES' },
  /** `signingKeyIds`: the active key first, then the previous one during a rotation, comma-separated. */
  jwks: { signingKeyIds: 'SIGNING_KEY_IDS' },
  /** `windowSeconds`: an integer, how far a heartbeat's timestamp may be from the ingest's clock. */
  heartbeatIngest: { registryTable: 'REGISTRY_TABLE', windowSeconds: 'WINDOW_SECONDS' },
  planVerifier: { jwksUrl: 'JWKS_URL', issuer: 'PLAN_ISSUER', tenantId: 'TENANT_ID' },
} as const;

/** The separator of list-valued variables (`TENANT_IDS`, `SIGNING_KEY_IDS`). */
export const LIST_SEPARATOR = ',';
