import { LIST_SEPARATOR } from '../../contracts/environment';

/** Thrown when a handler's environment is incomplete: a deployment error, reported once at cold start. */
export class ConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
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

/** A literal loopback address: traffic to it never leaves the execution environment. */
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Reads a required https URL (a JWKS endpoint: keys fetched over plain http could be replaced on the way, and every
 * token signed with the replacement would verify). Plain http only to a literal loopback address (a local test
 * server or benchmark; nothing on the network can sit between). Anything else is a ConfigurationError naming the
 * variable; credentials in the URL are refused and never echoed.
 */
export function httpsUrlEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = requiredEnv(name, env).trim();
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!url || !secure || url.username !== '' || url.password !== '') {
    throw new ConfigurationError(`environment: '${name}' must be an https URL (http only to a loopback address) without credentials, got ${url ? `${url.protocol}//${url.host}${url.pathname}` : value}`);
  }
  return value;
}

/** Inclusive bounds of an integer variable. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Reads an integer environment variable: decimal digits (an optional sign, surrounding whitespace ignored) within
 * `range`. Unset, it is `fallback` if one is given and a ConfigurationError otherwise; anything else that is not such
 * an integer (empty, `3e2`, `0x12c`, `12.5`, out of range) is refused with the variable's name, the rule and the value.
 */
export function integerEnv(
  name: string,
  range: IntegerRange = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  fallback?: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (env[name] === undefined && fallback !== undefined) {
    return fallback;
  }
  const value = requiredEnv(name, env).trim();
  const parsed = Number(value);
  if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new ConfigurationError(`environment: '${name}' must be an integer in ${range.min}..${range.max}, got ${value}`);
  }
  return parsed;
}

/** Reads a required list variable: the values between LIST_SEPARATORs, each trimmed, empty ones dropped. */
export function listEnv(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return requiredEnv(name, env)
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Reads an optional variable: undefined when unset or blank, otherwise the trimmed value. */
export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Reads an optional list variable: [] when unset or blank, otherwise as `listEnv`. */
export function optionalListEnv(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return optionalEnv(name, env) === undefined ? [] : listEnv(name, env);
}

/** Reads a boolean variable: exactly `true` or `false` (surrounding whitespace ignored); unset, `fallback`. */
export function booleanEnv(name: string, fallback: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[name];
  if (value === undefined) return fallback;
  const trimmed = value.trim();
  if (trimmed !== 'true' && trimmed !== 'false') {
    throw new ConfigurationError(`environment: '${name}' must be true or false, got ${value === '' ? 'an empty string' : value}`);
  }
  return trimmed === 'true';
}
