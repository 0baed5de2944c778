/**
 * IAM Access Analyzer for the account, as data: the two analyzers (external access, unused access) and the EventBridge
 * events their findings arrive as (EventBridge events reference: "Access Analyzer Finding", "Unused Access Finding for
 * IAM entities"). lib/detection/access-analysis.ts builds them; the gate's AccessAnalysisAsPlanned compares.
 */
import { ALERT_TOPIC_NAMES, PLATFORM_PREFIX } from '../naming';

export const ACCESS_ANALYSIS = {
  external: { name: `${PLATFORM_PREFIX}-external-access`, type: 'ACCOUNT', detailType: 'Access Analyzer Finding', topic: ALERT_TOPIC_NAMES.security },
  unused: { name: `${PLATFORM_PREFIX}-unused-access`, type: 'ACCOUNT_UNUSED_ACCESS', unusedAccessAgeDays: 90, detailType: 'Unused Access Finding for IAM entities', topic: ALERT_TOPIC_NAMES.medium },
} as const;
