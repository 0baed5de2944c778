/** The three platform alarms of the security documents (thresholds, topic, runbook), watched by PlatformAlarms. */
export interface PlatformAlarmSpec {
  readonly id: string;
  /** Alarm when the 5-minute sum is strictly above this. */
  readonly threshold: number;
  readonly topic: 'security' | 'medium';
  readonly runbook: string;
}

/** The three alarms of the security documents, with their thresholds, in one place. */
export const PLATFORM_ALARMS = {
  failedAuthentication: {
    id: 'FailedAuthentication',
    threshold: 50,
    topic: 'medium',
    runbook: 'More than 50 refused admin tokens in 5 minutes: look up the reason codes and source IPs in the authorizer logs; block the source in the WAF IP set if it is one client.',
  },
  tamperDetected: {
    id: 'TamperDetected',
    threshold: 0,
    topic: 'security',
    runbook: 'A metering sidecar reported tampering, a bad signature or a replay: revoke the sidecar key, isolate the runtime host, and compare the binary hash.',
  },
  apiTraffic: {
    id: 'ApiTrafficSpike',
    threshold: 100_000,
    topic: 'medium',
    runbook: 'More than 100,000 API requests in 5 minutes: check the WAF rate-based rule counts and the top client IPs; tighten the rate limit if it is a flood.',
  },
} as const satisfies Record<string, PlatformAlarmSpec>;
