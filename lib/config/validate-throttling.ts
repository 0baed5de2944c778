import { DEFAULT_THROTTLING } from './defaults';
import { checkKeys, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { THROTTLE_BOUNDS, THROTTLED_ROUTES } from './throttle-plan';
import { ThrottleLimit, ThrottlingConfig } from './types';

/** One limit at `field`: rate and burst integers within THROTTLE_BOUNDS, each defaulted from `fallback`. */
function checkLimit(raw: Record<string, unknown>, field: string, fallback: ThrottleLimit, problem: Problem): ThrottleLimit | undefined {
  const { fail, ok } = tracking(problem);
  const rateLimit = raw.rateLimit ?? fallback.rateLimit;
  const burstLimit = raw.burstLimit ?? fallback.burstLimit;
  const { rateLimit: rate, burstLimit: burst } = THROTTLE_BOUNDS;
  if (!isIntegerIn(rateLimit, rate.min, rate.max)) {
    fail(`${field}rateLimit`, `be an integer number of requests per second in ${rate.min}..${rate.max}`, rateLimit);
  }
  if (!isIntegerIn(burstLimit, burst.min, burst.max)) {
    fail(`${field}burstLimit`, `be an integer in ${burst.min}..${burst.max}`, burstLimit);
  }
  return ok() ? { rateLimit: rateLimit as number, burstLimit: burstLimit as number } : undefined;
}

/** `controlPlane.throttling`: the stage-wide limit and per-route limits, merged over the route defaults. */
export function checkThrottling(raw: unknown, problem: Problem): ThrottlingConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_THROTTLING;
  }
  if (!isPlainObject(raw)) {
    problem('controlPlane.throttling', 'be an object with rateLimit, burstLimit and routes', raw);
    return undefined;
  }
  checkKeys(raw, 'controlPlane.throttling.', ['rateLimit', 'burstLimit', 'routes'], problem);
  const { fail, ok } = tracking(problem);
  const stage = checkLimit(raw, 'controlPlane.throttling.', DEFAULT_THROTTLING, fail);
  const routes: Record<string, ThrottleLimit> = { ...DEFAULT_THROTTLING.routes };
  const rawRoutes = raw.routes ?? {};
  if (!isPlainObject(rawRoutes)) {
    fail('controlPlane.throttling.routes', 'be an object keyed by "METHOD /path"', rawRoutes);
  } else {
    for (const [route, limit] of Object.entries(rawRoutes)) {
      const field = `controlPlane.throttling.routes["${route}"]`;
      if (!(THROTTLED_ROUTES as readonly string[]).includes(route)) {
        fail(field, `name a route of the API (${THROTTLED_ROUTES.join(', ')})`, route);
      } else if (!isPlainObject(limit)) {
        fail(field, 'be an object with rateLimit and burstLimit', limit);
      } else {
        checkKeys(limit, `${field}.`, ['rateLimit', 'burstLimit'], fail);
        const checked = checkLimit(limit, `${field}.`, DEFAULT_THROTTLING.routes[route] ?? stage ?? DEFAULT_THROTTLING, fail);
        if (checked) routes[route] = checked;
      }
    }
  }
  return ok() && stage ? { ...stage, routes } : undefined;
}
