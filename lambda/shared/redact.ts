/** Redacts an e-mail address for logs: keeps the first character of the local part and the domain. */
export function redactEmail(email: unknown): string {
  if (typeof email !== 'string') {
    return '(none)';
  }
  const at = email.lastIndexOf('@');
  if (at <= 0) {
    return '(redacted)';
  }
  return `${email[0]}***@${email.slice(at + 1)}`;
}
