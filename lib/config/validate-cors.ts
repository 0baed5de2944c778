import { DEFAULT_CORS } from './defaults';
import { CORS_MAX_ORIGINS } from './limits';
import { checkKeys, isPlainObject, Problem, tracking } from './problems';
import { CorsConfig } from './types';

/** An https origin exactly as a browser sends it: lowercase host (DNS labels), optional port, nothing after. */
const HTTPS_ORIGIN = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::(\d{1,5}))?$/;

/** Whether `value` is an origin a browser would send for an https page: `https://host[:port]`, port 1..65535, not 443. */
export function isHttpsOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 253 + 14) {
    return false;
  }
  const match = HTTPS_ORIGIN.exec(value);
  if (!match) {
    return false;
  }
  // A browser never sends the default port, so `https://a.example:443` would never match a request's Origin.
  return match[1] === undefined || (Number(match[1]) >= 1 && Number(match[1]) <= 65535 && Number(match[1]) !== 443 && !match[1].startsWith('0'));
}

/** `controlPlane.cors`: the allowed browser origins, each an exact https origin, distinct, at most CORS_MAX_ORIGINS. */
export function checkCors(raw: unknown, problem: Problem): CorsConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_CORS;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.cors', 'be an object with allowedOrigins', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.cors.', ['allowedOrigins'], problem);
  const origins = raw.allowedOrigins ?? DEFAULT_CORS.allowedOrigins;
  if (!Array.isArray(origins) || origins.length > CORS_MAX_ORIGINS) {
    problem('controlPlane.cors.allowedOrigins', `be an array of at most ${CORS_MAX_ORIGINS} https origins`, origins);
    return undefined;
  }
  const { fail, ok } = tracking(problem);
  origins.forEach((origin: unknown, i: number) => {
    const field = `controlPlane.cors.allowedOrigins[${i}]`;
    if (origin === '*' || (typeof origin === 'string' && origin.includes('*'))) {
      fail(field, 'name one origin exactly: a wildcard would let any site read admin responses', origin);
    } else if (!isHttpsOrigin(origin)) {
      fail(field, 'be an https origin, https://host[:port] in lowercase with no path, query or trailing slash', origin);
    } else if (origins.indexOf(origin) !== i) {
      fail(field, 'appear once', origin);
    }
  });
  return ok() ? { allowedOrigins: origins as string[] } : undefined;
}
