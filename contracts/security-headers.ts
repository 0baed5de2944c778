/**
 * Security headers on every API response. Handlers add them to their responses; the API adds the same values to
 * every response API Gateway produces itself (gateway responses: 4xx, 5xx, authorizer denials), from this one list.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  // `0`, not the seed's `1; mode=block`: the browser XSS auditor that value switches on was removed from every current
  // browser and, where it survives, its block mode leaked cross-site data (OWASP Secure Headers: deprecated; the HTTP
  // Headers cheat sheet says send `0`). The CSP above is what stops script here. docs/edge.md#security-headers.
  'X-XSS-Protection': '0',
};
