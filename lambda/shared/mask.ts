/**
 * Masks personal data and secrets in text before a handler logs it: the classes the log groups' data protection policy
 * masks (lib/config/log-data-protection-plan.ts), so a line is clean even where that policy is not (a local run, a
 * log subscription's copy). Each match becomes a placeholder naming its class.
 */

/** Card numbers: 13-19 digits, optionally grouped by spaces or dashes, masked only when the Luhn check passes. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/**
 * Phone numbers: as the WAF's pattern (grouped by space, dot or dash), with an optional `+<country>` prefix, and not part
 * of a longer token (the groups of a UUID or key id are not phone numbers).
 */
const PHONE = /(?<![\w-])(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{4}(?![\w-])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** An AWS secret access key: 40 characters of base64 with upper case, lower case and a digit (not a hex digest). */
const SECRET_KEY = /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** `text` with e-mail addresses, phone and card numbers, AWS secret keys and private keys replaced by placeholders. */
export function maskText(text: string): string {
  return text
    .replace(PRIVATE_KEY, '[private-key]')
    .replace(CARD, (m) => (luhn(m.replace(/\D/g, '')) ? '[card]' : m))
    .replace(PHONE, '[phone]')
    .replace(EMAIL, '[email]')
    .replace(SECRET_KEY, '[secret]');
}

/** `value` with every string in it masked (maskText), objects and arrays walked to a bounded depth; other values kept. */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth >= 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskText(value.message) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, depth + 1)]));
}
