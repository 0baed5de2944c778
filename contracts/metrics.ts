import { PLATFORM_PREFIX } from './platform';

/**
 * The platform's own security metrics, defined once: the handlers that publish them (Powertools Metrics, EMF) and the
 * alarms that watch them both import these, so a renamed metric cannot leave an alarm watching nothing.
 * Powertools adds a `service` dimension to every metric; the alarms match it.
 */
export const PLATFORM_METRICS = {
  failedAuthentication: { namespace: `${PLATFORM_PREFIX}/Auth`, name: 'FailedAuthentication', service: 'admin-authorizer' },
  /** Tamper flags reported inside accepted heartbeats: signed by a registered sidecar, fresh, counter advanced. */
  tamperDetected: { namespace: `${PLATFORM_PREFIX}/Heartbeats`, name: 'TamperDetected', service: 'heartbeat-ingest' },
  /**
   * Heartbeats refused for any reason (malformed, unknown/revoked sidecar, wrong tenant, bad signature, stale, replay):
   * anyone on the internet can send these, so they never count as tamper, which only a sidecar's own key can report.
   */
  unauthenticatedHeartbeat: { namespace: `${PLATFORM_PREFIX}/Heartbeats`, name: 'UnauthenticatedHeartbeat', service: 'heartbeat-ingest' },
  /**
   * Heartbeats refused because the sidecar's key is past its `notAfter` (or has none). Counted only after the signature
   * verified under that key, so only the key's holder can raise it: a sidecar that was not rotated in time.
   */
  expiredSidecarKey: { namespace: `${PLATFORM_PREFIX}/Heartbeats`, name: 'ExpiredSidecarKey', service: 'heartbeat-ingest' },
  /**
   * Heartbeats refused because the API key they came with (API Gateway checked it exists, is enabled and is in a usage
   * plan) is not one of the tenant's the heartbeat claims (`API_KEY_WRONG_TENANT`): only a holder of some tenant's key
   * can raise it, so it means a key is used by, or was stolen from, another tenant. Nothing is written.
   */
  apiKeyTenantMismatch: { namespace: `${PLATFORM_PREFIX}/Heartbeats`, name: 'ApiKeyTenantMismatch', service: 'heartbeat-ingest' },
  /**
   * Active sidecar keys that expire within the warning window (or have no `notAfter`) and have no successor registered,
   * published by the scheduled expiry check on every run, zero included, so silence means the check stopped.
   */
  sidecarKeysExpiringSoon: { namespace: `${PLATFORM_PREFIX}/Heartbeats`, name: 'SidecarKeysExpiringSoon', service: 'sidecar-key-expiry' },
  /**
   * Transit gateway attachments of other accounts the hub's acceptor refuses to route (unknown account, a CIDR no tenant
   * of that account is planned for, a CIDR claimed twice, associated elsewhere), published on every run, zero included.
   */
  attachmentsRefused: { namespace: `${PLATFORM_PREFIX}/Network`, name: 'AttachmentsRefused', service: 'attachment-acceptor' },
} as const;
