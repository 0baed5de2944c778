/**
 * Whether a reviewed acknowledgement may be used, as plain functions of the catalog data: its reason names a
 * compensating control, and its entry has an owner and a review date that is neither past nor too far ahead. The
 * synth-time audit and the deploy-time hook both judge with these.
 */
import { AcknowledgementEntry } from './entry';

const MIN_REASON_WORDS = 10;
/** Phrases that say "we looked away" rather than "this is why it is safe". */
const VAGUE_REASON = /\b(todo|tbd|fixme|wip|n\/a|false positive|not needed|not applicable|not relevant|ignore[ds]?|suppress(ed)?|later|temporary|for now|whatever|known issue)\b/i;

/**
 * Checks that a reason names a compensating control: not empty, at least ten words, and none of the phrases that
 * stand in for a reason. Returns the problem, or undefined when the reason is acceptable.
 */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string' || reason.trim().length === 0) {
    return `must be a non-empty sentence naming the compensating control, got ${JSON.stringify(reason)}`;
  }
  const words = reason.trim().split(/\s+/).length;
  if (words < MIN_REASON_WORDS) {
    return `must name the compensating control in at least ${MIN_REASON_WORDS} words, got ${words}: ${JSON.stringify(reason)}`;
  }
  const vague = VAGUE_REASON.exec(reason);
  if (vague) {
    return `must say why the finding is safe, not '${vague[0]}': ${JSON.stringify(reason)}`;
  }
  return undefined;
}


/** The longest a review may be put off: a decision is looked at again at least yearly. */
const MAX_REVIEW_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a catalog entry cannot be used today (no owner, no valid review date, expired or put off too far), or undefined. */
export function entryProblem(key: string, entry: AcknowledgementEntry, now: Date): string | undefined {
  if (typeof entry.owner !== 'string' || entry.owner.trim().length === 0) {
    return `'${key}.owner' must name who answers for the decision, got ${JSON.stringify(entry.owner)}`;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(entry.reviewBy));
  const due = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(due) || new Date(due).toISOString().slice(0, 10) !== entry.reviewBy) {
    return `'${key}.reviewBy' must be a date YYYY-MM-DD, got ${JSON.stringify(entry.reviewBy)}`;
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (due <= today) {
    return `'${key}' was due for review on ${entry.reviewBy} (owner: ${entry.owner}): review the decision and move 'reviewBy' in lib/acknowledgements/catalog.ts, or fix the finding`;
  }
  if (due - today > MAX_REVIEW_DAYS * DAY_MS) {
    return `'${key}.reviewBy' must be at most ${MAX_REVIEW_DAYS} days ahead, got ${entry.reviewBy}`;
  }
  return undefined;
}

