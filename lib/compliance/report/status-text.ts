/** How a status reads in Markdown and HTML alike. */
import { ControlStatus, IsolationVerdict } from './schema';

export const STATUS_TEXT: Record<ControlStatus, string> = {
  holds: 'holds',
  'holds-with-acknowledgements': 'holds, with acknowledgements',
  fails: 'FAILS',
  'outside-templates': 'proven outside the templates',
};

export const VERDICT_TEXT: Record<IsolationVerdict, string> = { isolated: 'isolated', 'not-isolated': 'NOT ISOLATED', 'not-synthesized': 'not in this synth' };

/** A tenant's region as the report shows it: the pinned region and what residency allows. */
export function regionText(region: { readonly pinned?: string; readonly allowed: readonly string[] }): string {
  const where = region.pinned ?? "the deployer's region (not pinned)";
  return region.allowed.length > 0 ? `${where}; allowed: ${region.allowed.join(', ')}` : where;
}

/** A tenant's lifecycle as the report shows it. */
export function lifecycleText(lifecycle: { readonly state: 'active' | 'offboarding'; readonly keyDeletionWindowDays?: number }): string {
  return lifecycle.state === 'active' ? 'active' : `offboarding: destroying the stack schedules the key's deletion (${lifecycle.keyDeletionWindowDays} days)`;
}

/** A tenant's edge and retention settings as the report shows them. */
export function settingsText(settings: { readonly apiKeys: number; readonly rateLimit: number; readonly burstLimit: number; readonly transientHours: number }): string {
  return `${settings.apiKeys} API key${settings.apiKeys === 1 ? '' : 's'}, ${settings.rateLimit} rps / burst ${settings.burstLimit}; transient records ${settings.transientHours} h`;
}
