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
} as const;
