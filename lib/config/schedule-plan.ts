/**
 * The platform's scheduled checks as data: built by the constructs (EventBridge Scheduler) and judged by the gate's
 * SchedulesAsPlanned rule, so an expression is written once.
 */

/** The sidecar key expiry check runs every hour: its alarm (6-hour period) then always has data while it works. */
export const SIDECAR_KEY_EXPIRY_SCHEDULE = 'rate(1 hour)';
