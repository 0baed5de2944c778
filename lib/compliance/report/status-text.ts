/** How a status reads in Markdown and HTML alike. */
import { ControlStatus, IsolationVerdict } from './schema';

export const STATUS_TEXT: Record<ControlStatus, string> = {
  holds: 'holds',
  'holds-with-acknowledgements': 'holds, with acknowledgements',
  fails: 'FAILS',
  'outside-templates': 'proven outside the templates',
};

export const VERDICT_TEXT: Record<IsolationVerdict, string> = { isolated: 'isolated', 'not-isolated': 'NOT ISOLATED', 'not-synthesized': 'not in this synth' };
