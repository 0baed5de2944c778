import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * The CORS headers of an answer to a request with these headers: with no origin allowed, none (deny-all); otherwise
 * `Vary: Origin` always (a cache must not serve one origin's answer to another), and the request's `Origin` echoed in
 * `Access-Control-Allow-Origin` only when it is exactly one of `allowed`. Never `*`, never credentials.
 */
export function corsHeaders(requestHeaders: Readonly<Record<string, string | undefined>> | null | undefined, allowed: readonly string[]): Record<string, string> {
  if (allowed.length === 0) {
    return {};
  }
  const origin = Object.entries(requestHeaders ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1];
  return origin !== undefined && allowed.includes(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
}

/** `response` with the CORS headers for `requestHeaders` added (see corsHeaders). */
export function withCors(response: APIGatewayProxyResult, requestHeaders: Readonly<Record<string, string | undefined>> | null | undefined, allowed: readonly string[]): APIGatewayProxyResult {
  const cors = corsHeaders(requestHeaders, allowed);
  return Object.keys(cors).length === 0 ? response : { ...response, headers: { ...response.headers, ...cors } };
}
