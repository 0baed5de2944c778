import { DEFAULT_ACCOUNT_BASELINE } from './defaults';
import { AUDIT_RETENTION_DAYS, NETWORK_PROOF_INTERVAL_HOURS } from './limits';
import { DEFAULT_NETWORK_PROOF_INTERVAL_HOURS } from './network-proof-plan';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { AccountBaselineConfig } from './types';
import { checkSubscriptions } from './validate-subscriptions';

/** The `accountBaseline` section, defaulted; undefined when it has a problem. */
export function checkAccountBaseline(given: unknown, problem: Problem): AccountBaselineConfig | undefined {
  const defaults = DEFAULT_ACCOUNT_BASELINE;
  // No section is no subscribers: checked like an empty one, so the missing tiers are named.
  const raw = given ?? {};
  if (!isPlainObject(raw)) {
    problem('accountBaseline', 'be an object with guardDutyDetector and subscriptions', raw);
    return undefined;
  }
  const { fail, ok } = tracking(problem);
  checkKeys(raw, 'accountBaseline.', ['guardDutyDetector', 'subscriptions', 'auditRetentionDays', 'securityHub', 'configRecorder', 'deployTimeGate', 'configRules', 'accessAnalysis', 'networkProofs'], problem);
  const networkProofs = checkNetworkProofs(raw.networkProofs, fail);
  const accessAnalysis = raw.accessAnalysis ?? defaults.accessAnalysis;
  if (typeof accessAnalysis !== 'boolean') {
    fail('accountBaseline.accessAnalysis', 'be true or false', accessAnalysis);
  }
  const configRules = raw.configRules ?? defaults.configRules;
  if (typeof configRules !== 'boolean') {
    fail('accountBaseline.configRules', 'be true or false', configRules);
  }
  const deployTimeGate = raw.deployTimeGate ?? defaults.deployTimeGate;
  if (typeof deployTimeGate !== 'boolean') {
    fail('accountBaseline.deployTimeGate', 'be true or false', deployTimeGate);
  }
  const securityHub = raw.securityHub ?? defaults.securityHub;
  if (typeof securityHub !== 'boolean') {
    fail('accountBaseline.securityHub', 'be true or false', securityHub);
  }
  const retention = raw.auditRetentionDays ?? defaults.auditRetentionDays;
  if (!isIntegerIn(retention, AUDIT_RETENTION_DAYS.min, AUDIT_RETENTION_DAYS.max)) {
    fail('accountBaseline.auditRetentionDays', `be an integer in ${AUDIT_RETENTION_DAYS.min}..${AUDIT_RETENTION_DAYS.max} (what S3 Object Lock accepts, in days)`, retention);
  }
  const detector = raw.guardDutyDetector ?? defaults.guardDutyDetector;
  if (detector !== 'create' && detector !== 'adopt') {
    fail('accountBaseline.guardDutyDetector', 'be "create" or "adopt" (one detector per account and region)', detector);
  }
  const subscriptions = checkSubscriptions(raw.subscriptions, fail);
  const recorder = raw.configRecorder ?? defaults.configRecorder;
  if (recorder !== 'create' && recorder !== 'adopt') {
    fail('accountBaseline.configRecorder', 'be "create" or "adopt" (one AWS Config recorder per account and region)', recorder);
  }
  return ok()
    ? { guardDutyDetector: detector as 'create' | 'adopt', subscriptions: subscriptions!, auditRetentionDays: retention as number, securityHub: securityHub as boolean, configRecorder: recorder as 'create' | 'adopt', deployTimeGate: deployTimeGate as boolean, configRules: configRules as boolean, accessAnalysis: accessAnalysis as boolean, networkProofs: networkProofs! }
    : undefined;
}

/** `networkProofs`: absent or true for the default interval, false for none, or `{ intervalHours }`. */
function checkNetworkProofs(raw: unknown, problem: Problem): AccountBaselineConfig['networkProofs'] | undefined {
  if (raw === undefined || raw === true) {
    return DEFAULT_ACCOUNT_BASELINE.networkProofs;
  }
  if (raw === false) {
    return false;
  }
  if (!isPlainObject(raw)) {
    problem('accountBaseline.networkProofs', 'be true, false or an object with intervalHours', raw);
    return undefined;
  }
  checkKeys(raw, 'accountBaseline.networkProofs.', ['intervalHours'], problem);
  const { min, max } = NETWORK_PROOF_INTERVAL_HOURS;
  const intervalHours = raw.intervalHours ?? DEFAULT_NETWORK_PROOF_INTERVAL_HOURS;
  if (!isIntegerIn(intervalHours, min, max)) {
    problem('accountBaseline.networkProofs.intervalHours', `be an integer in ${min}..${max} (hours between two analyses of every tenant scope)`, intervalHours);
    return undefined;
  }
  return { intervalHours: intervalHours as number };
}
