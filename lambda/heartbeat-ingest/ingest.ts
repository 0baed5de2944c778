import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CanonicalizationError } from '../../contracts/canonical-json';
import { JsonLimitError, parseBoundedJson } from '../shared/bounded-json';
import { DAY_SECONDS, HEARTBEAT_WINDOW_SECONDS, HeartbeatFields, heartbeatSigningBytes, registryPublicKey, SIDECAR_KEY_LIFETIME, sidecarKeyExpiry, TAMPER_FLAGS, verifyEd25519 } from '../../contracts/heartbeat-format';

/** The largest heartbeat body accepted, in bytes (before any parsing). */
export const MAX_HEARTBEAT_BYTES = 8192;
/** The deepest nesting of a body (the body is 1, `payload` 2, `payload.tamper` 3), checked before parsing. */
export const MAX_HEARTBEAT_DEPTH = 16;

/** Why a heartbeat was refused. `malformed` reasons are the sender's fault; the others are security events. */
export type HeartbeatRejectReason =
  | 'BODY_TOO_LARGE'
  | 'NOT_UTF8'
  | 'NOT_JSON'
  | 'NESTING_TOO_DEEP'
  | 'BAD_FIELDS'
  | 'BAD_SIGNATURE_ENCODING'
  | 'UNKNOWN_SIDECAR'
  | 'REVOKED_SIDECAR'
  | 'WRONG_TENANT'
  | 'BAD_SIGNATURE'
  | 'KEY_EXPIRED'
  | 'STALE_TIMESTAMP'
  | 'REPLAY'
  | 'API_KEY_MISSING'
  | 'API_KEY_WRONG_TENANT';

const MALFORMED: ReadonlySet<HeartbeatRejectReason> = new Set(['BODY_TOO_LARGE', 'NOT_UTF8', 'NOT_JSON', 'NESTING_TOO_DEEP', 'BAD_FIELDS', 'BAD_SIGNATURE_ENCODING']);

export class HeartbeatRejected extends Error {
  constructor(public readonly reason: HeartbeatRejectReason, options?: ErrorOptions) {
    super(`heartbeat rejected: ${reason}`, options);
    this.name = 'HeartbeatRejected';
  }

  /** A malformed body is the sender's fault (400); everything else is refused as unauthorised (403). */
  get malformed(): boolean {
    return MALFORMED.has(this.reason);
  }
}

export interface AcceptedHeartbeat {
  readonly tenantId: string;
  readonly sidecarId: string;
  readonly counter: number;
  /** The tamper flags the sidecar reported as true. */
  readonly tamperFlags: readonly string[];
}

const FIELDS = ['tenantId', 'sidecarId', 'counter', 'timestamp', 'payload', 'signature'];
const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Standard base64 of exactly 64 bytes: 86 characters and '=='. */
const SIGNATURE_B64 = /^[A-Za-z0-9+/]{86}==$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A parsed heartbeat: its fields, its signature and the bytes that signature must cover. */
export type ParsedHeartbeat = HeartbeatFields & { readonly signature: Buffer; readonly signedBytes: Buffer };

/**
 * The signed bytes of fields that passed the checks. The payload is free-form JSON, so it may hold what RFC 8785 cannot
 * canonicalise (`1e400`, parsed as Infinity; a lone surrogate): that is a malformed body like any other, refused here
 * before any I/O, not an unexpected error (a 503 that no refusal metric would count).
 */
function signedBytesOf(fields: HeartbeatFields): Buffer {
  try {
    return heartbeatSigningBytes(fields);
  } catch (error) {
    if (error instanceof CanonicalizationError) throw new HeartbeatRejected('BAD_FIELDS', { cause: error });
    throw error;
  }
}

/** Parses and checks a heartbeat body without any crypto or I/O. Throws HeartbeatRejected. */
export function parseHeartbeat(body: Uint8Array | string): ParsedHeartbeat {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (bytes.length > MAX_HEARTBEAT_BYTES) throw new HeartbeatRejected('BODY_TOO_LARGE');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new HeartbeatRejected('NOT_UTF8', { cause: error });
  }
  let raw: unknown;
  try {
    raw = parseBoundedJson(text, { maxLength: MAX_HEARTBEAT_BYTES, maxDepth: MAX_HEARTBEAT_DEPTH });
  } catch (error) {
    throw new HeartbeatRejected(error instanceof JsonLimitError && error.reason === 'TOO_DEEP' ? 'NESTING_TOO_DEEP' : 'NOT_JSON', { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HeartbeatRejected('BAD_FIELDS');
  const o = raw as Record<string, unknown>;
  const keys = Object.keys(o);
  // Exactly the signed fields and the signature: an extra member would travel unsigned.
  if (keys.length !== FIELDS.length || !FIELDS.every((f) => f in o)) throw new HeartbeatRejected('BAD_FIELDS');
  const { tenantId, sidecarId, counter, timestamp, payload, signature } = o;
  if (typeof tenantId !== 'string' || !ID.test(tenantId) || typeof sidecarId !== 'string' || !ID.test(sidecarId)) throw new HeartbeatRejected('BAD_FIELDS');
  if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) throw new HeartbeatRejected('BAD_FIELDS');
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) throw new HeartbeatRejected('BAD_FIELDS');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new HeartbeatRejected('BAD_FIELDS');
  if (typeof signature !== 'string' || !SIGNATURE_B64.test(signature)) throw new HeartbeatRejected('BAD_SIGNATURE_ENCODING');
  const fields = { tenantId, sidecarId, counter, timestamp, payload: payload as Record<string, unknown> };
  return { ...fields, signature: Buffer.from(signature, 'base64'), signedBytes: signedBytesOf(fields) };
}

export interface IngestOptions {
  readonly dynamodb: DynamoDBClient;
  /** The sidecar key registry. */
  readonly tableName: string;
  /** @default HEARTBEAT_WINDOW_SECONDS (300) */
  readonly windowSeconds?: number;
  /** The longest a key may be valid after its `registeredAt`. @default SIDECAR_KEY_LIFETIME.defaultValidityDays (90) */
  readonly keyValidityDays?: number;
  readonly now?: () => number;
  /**
   * Whether API key `apiKeyId` is one of tenant `tenantId`'s (api-key-owners.ts reads the tenant's SSM path). When set,
   * every heartbeat must come with a key id (API Gateway's `requestContext.identity.apiKeyId`) of the tenant it claims:
   * no key is API_KEY_MISSING, another tenant's key API_KEY_WRONG_TENANT, both before the registry is read, so nothing
   * is written. The deployed handler always sets it. @default - no key check (the core used on its own, in tests)
   */
  readonly apiKeyBelongsTo?: (tenantId: string, apiKeyId: string) => Promise<boolean>;
}

/** What API Gateway says about the caller: the id of the API key the request carried, when the method requires one. */
export interface HeartbeatCaller {
  readonly apiKeyId?: string;
}

/**
 * Accepts a heartbeat only if it came with an API key of its tenant (when `apiKeyBelongsTo` is set), its sidecar is registered, active and belongs to the heartbeat's tenant, its Ed25519
 * signature verifies under the registered key, its timestamp is within the window, and a single conditional update
 * advances the sidecar's counter (so of two identical heartbeats racing, exactly one wins).
 * A key past its `notAfter` (or without one, or past `registeredAt` + keyValidityDays) is refused as KEY_EXPIRED, checked
 * after the signature so that only the key's holder can produce that reason.
 */
export function createIngest(options: IngestOptions) {
  const window = options.windowSeconds ?? HEARTBEAT_WINDOW_SECONDS;
  const now = options.now ?? Date.now;
  const maxValiditySeconds = (options.keyValidityDays ?? SIDECAR_KEY_LIFETIME.defaultValidityDays) * DAY_SECONDS;

  return async (body: Uint8Array | string, caller: HeartbeatCaller = {}): Promise<AcceptedHeartbeat> => {
    const hb = parseHeartbeat(body);
    if (options.apiKeyBelongsTo) {
      if (!caller.apiKeyId) throw new HeartbeatRejected('API_KEY_MISSING');
      if (!(await options.apiKeyBelongsTo(hb.tenantId, caller.apiKeyId))) throw new HeartbeatRejected('API_KEY_WRONG_TENANT');
    }
    const { Item } = await options.dynamodb.send(new GetItemCommand({ TableName: options.tableName, Key: { sidecarId: { S: hb.sidecarId } }, ConsistentRead: true }));
    if (!Item) throw new HeartbeatRejected('UNKNOWN_SIDECAR');
    if (Item.status?.S !== 'active') throw new HeartbeatRejected('REVOKED_SIDECAR');
    if (Item.tenantId?.S !== hb.tenantId) throw new HeartbeatRejected('WRONG_TENANT');
    const key = registryPublicKey(Item.publicKey?.S ?? '');
    if (!key || !verifyEd25519(key, hb.signedBytes, hb.signature)) throw new HeartbeatRejected('BAD_SIGNATURE');
    const nowSeconds = Math.floor(now() / 1000);
    if (nowSeconds >= sidecarKeyExpiry(numbersOf(Item), maxValiditySeconds)) throw new HeartbeatRejected('KEY_EXPIRED');
    if (Math.abs(nowSeconds - hb.timestamp) > window) throw new HeartbeatRejected('STALE_TIMESTAMP');
    try {
      await options.dynamodb.send(
        new UpdateItemCommand({
          TableName: options.tableName,
          Key: { sidecarId: { S: hb.sidecarId } },
          UpdateExpression: 'SET lastCounter = :c, lastTimestamp = :t',
          // notAfter again: a rotation may have shortened it since the read.
          ConditionExpression: '#s = :active AND tenantId = :tenant AND notAfter > :now AND (attribute_not_exists(lastCounter) OR lastCounter < :c)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':c': { N: String(hb.counter) }, ':t': { N: String(hb.timestamp) }, ':active': { S: 'active' }, ':tenant': { S: hb.tenantId }, ':now': { N: String(nowSeconds) } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException') throw new HeartbeatRejected('REPLAY', { cause: error });
      throw error;
    }
    const tamper = (hb.payload.tamper ?? {}) as Record<string, unknown>;
    return { tenantId: hb.tenantId, sidecarId: hb.sidecarId, counter: hb.counter, tamperFlags: TAMPER_FLAGS.filter((f) => tamper[f] === true) };
  };
}


/** A registry item's dates as numbers (undefined when absent). */
export function numbersOf(item: Record<string, { N?: string } | undefined>): { notAfter?: number; registeredAt?: number } {
  const n = (v?: { N?: string }) => (v?.N === undefined ? undefined : Number(v.N));
  return { notAfter: n(item.notAfter), registeredAt: n(item.registeredAt) };
}
