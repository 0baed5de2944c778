/**
 * Where a tenant's transient records live, for the stacks that expire them and the runtime that writes them
 * (docs/data-protection.md#transient-records): an item of the tenant table with a Unix-seconds number in
 * `TRANSIENT_RECORD_TTL_ATTRIBUTE` is deleted by DynamoDB after that time (the writer sets it to now + the tenant's
 * `retention.transientHours`); an object under `TRANSIENT_OBJECT_PREFIX` in the tenant bucket expires by lifecycle.
 */
export const TRANSIENT_RECORD_TTL_ATTRIBUTE = 'expiresAt';
export const TRANSIENT_OBJECT_PREFIX = 'transient/';
/** The bounds of `tenants[].retention.transientHours`: at least an hour, at most 90 days. */
export const TRANSIENT_HOURS = { min: 1, max: 2160, default: 24 } as const;
/** The S3 lifecycle expiration for `hours`: whole days, rounded up (S3 then deletes at the next midnight UTC). */
export const transientObjectDays = (hours: number) => Math.ceil(hours / 24);
