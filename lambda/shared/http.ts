import type { APIGatewayProxyResult } from 'aws-lambda';
import { SECURITY_HEADERS } from '../../contracts/security-headers';

/**
 * An API Gateway proxy response with a JSON body: always the security headers and `Content-Type: application/json`;
 * `extraHeaders` are added last, so they may override one of the security headers (the JWKS's `Cache-Control`).
 */
export function jsonResponse(statusCode: number, body: unknown, extraHeaders?: Readonly<Record<string, string>>): APIGatewayProxyResult {
  return { statusCode, headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json', ...extraHeaders }, body: JSON.stringify(body) };
}

/** The reason phrases the handlers answer with; a refusal says no more than its status. */
const REASON_PHRASES = { 202: 'Accepted', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 503: 'Service Unavailable' } as const;

/** A response whose body is only the status's reason phrase, e.g. 400 `{"message":"Bad Request"}`. */
export function statusResponse(statusCode: keyof typeof REASON_PHRASES): APIGatewayProxyResult {
  return jsonResponse(statusCode, { message: REASON_PHRASES[statusCode] });
}
