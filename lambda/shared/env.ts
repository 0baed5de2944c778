/** Thrown when a handler's environment is incomplete: a deployment error, reported once at cold start. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** Reads a required environment variable, failing with the variable's name rather than a later `undefined` surprise. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`environment: '${name}' must be set, got ${value === undefined ? 'nothing' : 'an empty string'}`);
  }
  return value;
}

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
