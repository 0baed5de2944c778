/**
 * The environment variables each handler reads, by function: the constructs set them and the handlers read them
 * through these names, so a rename on one side cannot leave the other reading nothing. One constant per function, so
 * a handler's bundle carries its own names and no other function's.
 */
export const ADMIN_AUTHORIZER_ENV = { jwksUrl: 'JWKS_URL', issuer: 'TOKEN_ISSUER', audience: 'TOKEN_AUDIENCE' } as const;
export const HEALTH_CHECK_ENV = { tableName: 'TABLE_NAME', bucketName: 'BUCKET_NAME' } as const;
/** `tenantIds` is a list (LIST_SEPARATOR); `maxPlanBytes` an integer. */
export const PLAN_SIGNER_ENV = { signingKeyId: 'SIGNING_KEY_ID', issuer: 'PLAN_ISSUER', tenantIds: 'TENANT_IDS', maxPlanBytes: 'MAX_PLAN_BYTES' } as const;
/** `signingKeyIds`: the active key first, then the previous one during a rotation, as a list. */
export const JWKS_ENV = { signingKeyIds: 'SIGNING_KEY_IDS' } as const;
/** `windowSeconds`: an integer, how far a heartbeat's timestamp may be from the ingest's clock. */
export const HEARTBEAT_INGEST_ENV = { registryTable: 'REGISTRY_TABLE', windowSeconds: 'WINDOW_SECONDS' } as const;
export const PLAN_VERIFIER_ENV = { jwksUrl: 'JWKS_URL', issuer: 'PLAN_ISSUER', tenantId: 'TENANT_ID' } as const;

/** Every function's variables, for the constructs that set them. */
export const FUNCTION_ENVIRONMENT = {
  adminAuthorizer: ADMIN_AUTHORIZER_ENV,
  healthCheck: HEALTH_CHECK_ENV,
  planSigner: PLAN_SIGNER_ENV,
  jwks: JWKS_ENV,
  heartbeatIngest: HEARTBEAT_INGEST_ENV,
  planVerifier: PLAN_VERIFIER_ENV,
} as const;

/** The separator of list-valued variables (`TENANT_IDS`, `SIGNING_KEY_IDS`). */
export const LIST_SEPARATOR = ',';
