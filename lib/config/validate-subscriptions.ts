import { AlertTier, ALERT_TIER_NAMES, ALERT_TIERS } from './alert-tiers';
import { checkKeys, isHttpsUrl, isPlainObject, Problem, tracking } from './problems';
import { AccountBaselineConfig, AlertSubscription } from './types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An opt-out must say why: at least this many characters of reason. */
const MIN_OPT_OUT_REASON = 20;

/**
 * `accountBaseline.subscriptions`: every tier (critical, high, medium, low) names at least one subscriber (a list, or
 * `{ "subscribers": [...] }`), or opts out with `{ "optOut": "<why nobody is alerted>" }` (the report shows it in red). Nothing is defaulted: an alert nobody
 * hears is the failure this exists to prevent.
 */
export function checkSubscriptions(raw: unknown, problem: Problem): AccountBaselineConfig['subscriptions'] | undefined {
  const expected = `an object with one entry per tier (${ALERT_TIER_NAMES.join(', ')}): a list of { protocol, endpoint }, or { "optOut": "<reason>" }`;
  if (!isPlainObject(raw)) {
    problem('accountBaseline.subscriptions', `be ${expected}; alerts must reach someone`, raw);
    return undefined;
  }
  const { fail, ok } = tracking(problem);
  checkKeys(raw, 'accountBaseline.subscriptions.', ALERT_TIER_NAMES, fail);
  const tiers: Partial<Record<AlertTier, AccountBaselineConfig['subscriptions'][AlertTier]>> = {};
  for (const tier of ALERT_TIER_NAMES) {
    const at = `accountBaseline.subscriptions.${tier}`;
    // `{ "subscribers": [...] }` is the loaded form of a list, accepted as given so a loaded configuration validates again.
    const given = raw[tier];
    const value = isPlainObject(given) && Array.isArray(given.subscribers) && given.optOut === undefined ? given.subscribers : given;
    if (isPlainObject(value) && 'optOut' in value) {
      if (Array.isArray(value.subscribers) && value.subscribers.length > 0) {
        fail(`${at}.subscribers`, 'be empty when the tier opts out (an opt-out is for a tier nobody hears)', value.subscribers);
      }
      checkKeys(value, `${at}.`, ['optOut', 'subscribers'], fail);
      if (typeof value.optOut !== 'string' || value.optOut.trim().length < MIN_OPT_OUT_REASON) {
        fail(`${at}.optOut`, `be the reason nobody is alerted for ${tier} (at least ${MIN_OPT_OUT_REASON} characters)`, value.optOut);
      } else {
        tiers[tier] = { subscribers: [], optOut: value.optOut.trim() };
      }
    } else if (!Array.isArray(value) || value.length === 0) {
      fail(at, `be a non-empty list of { protocol, endpoint } (respond within ${ALERT_TIERS[tier].respondWithinMinutes} minutes), or { "optOut": "<reason>" }`, value);
    } else {
      tiers[tier] = { subscribers: checkSubscriptionList(value, at, fail) ?? [] };
    }
  }
  return ok() ? (tiers as AccountBaselineConfig['subscriptions']) : undefined;
}

/** A list of `{ protocol, endpoint }` subscriptions at `at`; the valid ones (each problem reported), undefined if not a list. */
export function checkSubscriptionList(list: unknown, at: string, problem: Problem): AlertSubscription[] | undefined {
  if (!Array.isArray(list)) {
    problem(at, 'be an array of { protocol, endpoint }', list);
    return undefined;
  }
  return list.flatMap((sub: unknown, i: number) => checkSubscription(sub, `${at}[${i}]`, problem) ?? []);
}

function checkSubscription(sub: unknown, at: string, problem: Problem): AlertSubscription | undefined {
  const { fail, ok } = tracking(problem);
  if (!isPlainObject(sub)) {
    fail(at, 'be an object with protocol ("email" or "https") and endpoint', sub);
    return undefined;
  }
  checkKeys(sub, `${at}.`, ['protocol', 'endpoint'], fail);
  if (sub.protocol === 'email') {
    if (typeof sub.endpoint !== 'string' || !EMAIL.test(sub.endpoint)) {
      fail(`${at}.endpoint`, 'be an e-mail address', sub.endpoint);
    }
  } else if (sub.protocol === 'https') {
    if (typeof sub.endpoint !== 'string' || !isHttpsUrl(sub.endpoint)) {
      fail(`${at}.endpoint`, 'be an https:// URL', sub.endpoint);
    }
  } else {
    fail(`${at}.protocol`, 'be "email" or "https"', sub.protocol);
  }
  return ok() ? { protocol: sub.protocol as 'email' | 'https', endpoint: sub.endpoint as string } : undefined;
}
