/**
 * The GDPR request ledger's shape and limits (right to erasure, seed 001), shared by the construct that builds the
 * ledger and the handler that writes it.
 */

/** How long a recorded erasure request waits for a second admin's confirmation, in hours. */
export const ERASURE_WINDOW_HOURS = { min: 1, max: 168, default: 24 } as const;

/** The ledger's keys: one partition per tenant, one item per request (`erasure#<requestId>`). */
export const GDPR_LEDGER_KEYS = { partition: 'tenantId', sort: 'requestKey' } as const;

/** A GDPR request's id (an erasure request's, an export's): a random (v4) UUID, lower case. */
export const ERASURE_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The sort-key prefix of erasure requests. */
export const ERASURE_KEY_PREFIX = 'erasure#';

/** An erasure request's states: recorded, then confirmed by a second admin (or left to expire). */
export type ErasureStatus = 'PENDING_CONFIRMATION' | 'CONFIRMED';

/**
 * Why a GDPR request was refused: logged with the request, never returned to the caller (who gets the status alone).
 */
export type GdprRefusal =
  | 'NOT_ADMIN'
  | 'UNKNOWN_TENANT'
  | 'MALFORMED_REQUEST_ID'
  | 'UNKNOWN_REQUEST'
  | 'SAME_ADMIN'
  | 'WINDOW_EXPIRED'
  | 'ALREADY_CONFIRMED';

/** The HTTP status each refusal is answered with. */
export const GDPR_REFUSAL_STATUS: Readonly<Record<GdprRefusal, 400 | 403 | 404 | 409>> = {
  NOT_ADMIN: 403,
  UNKNOWN_TENANT: 404,
  MALFORMED_REQUEST_ID: 400,
  UNKNOWN_REQUEST: 404,
  SAME_ADMIN: 403,
  WINDOW_EXPIRED: 409,
  ALREADY_CONFIRMED: 409,
};

/** The sort-key prefix of export requests (right of access): `export#<exportId>`, the id a random (v4) UUID. */
export const EXPORT_KEY_PREFIX = 'export#';

/** Days an export's archive is kept in the tenant's export bucket before S3 deletes it (`retention.exportDays`). */
export const EXPORT_RETENTION_DAYS = { min: 1, max: 30, default: 3 } as const;

/** The longest a download link is valid, in seconds (a pre-signed GET, signed by the tenant's export function). */
export const EXPORT_LINK_SECONDS = 900;

/** An export's state as `GET /tenants/{tenantId}/exports/{exportId}` reports it. */
export type ExportState = 'RUNNING' | 'READY' | 'FAILED' | 'EXPIRED';

/**
 * The longest an export may run: the tenant's export function's timeout (Lambda's maximum), in seconds. A request
 * older than this (plus a margin) whose archive never appeared has failed, even if nothing said so.
 */
export const EXPORT_RUN_SECONDS = 900;

/** The name of a tenant's export function: the control plane invokes it by this name and may invoke nothing else. */
export const exportFunctionName = (tenantId: string) => `tenant-baseline-${tenantId}-export`;

/** The prefix of everything in a tenant's export bucket; its lifecycle rule expires exactly this prefix. */
export const EXPORT_OBJECT_PREFIX = 'exports/';

/** Where a tenant's export function writes one export in its export bucket. */
export const exportObjectKeys = (exportId: string) => ({
  archive: `${EXPORT_OBJECT_PREFIX}${exportId}/export.tar`,
  manifest: `${EXPORT_OBJECT_PREFIX}${exportId}/manifest.json`,
  failure: `${EXPORT_OBJECT_PREFIX}${exportId}/failed.json`,
});

/**
 * How long an export event may wait in Lambda's queue before it is dropped (the function's EventInvokeConfig); with
 * EXPORT_RUN_SECONDS it bounds how long an export can be RUNNING.
 */
export const EXPORT_QUEUE_SECONDS = 300;

/** What the control plane asks a tenant's export function: build an export (asynchronously), or a link to it. */
export type TenantExportEvent =
  | { readonly action: 'export'; readonly exportId: string; readonly requestedBy: string }
  | { readonly action: 'link'; readonly exportId: string };

/** The export function's answer to `link`: a pre-signed link once the archive is complete, or why there is none. */
export type TenantExportLink =
  | { readonly state: 'READY'; readonly url: string; readonly expiresAt: string; readonly bytes: number; readonly sha256: string }
  | { readonly state: 'FAILED'; readonly reason: string }
  | { readonly state: 'NOT_FOUND' };
