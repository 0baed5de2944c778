/**
 * The GDPR request ledger's shape and limits (right to erasure, seed 001), shared by the construct that builds the
 * ledger and the handler that writes it.
 */

/** How long a recorded erasure request waits for a second admin's confirmation, in hours. */
export const ERASURE_WINDOW_HOURS = { min: 1, max: 168, default: 24 } as const;

/** The ledger's keys: one partition per tenant, one item per request (`erasure#<requestId>`). */
export const GDPR_LEDGER_KEYS = { partition: 'tenantId', sort: 'requestKey' } as const;

/** An erasure request's id: a random (v4) UUID, lower case. */
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
