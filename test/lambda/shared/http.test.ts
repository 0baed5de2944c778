import { SECURITY_HEADERS } from '../../../contracts/security-headers';
import { jsonResponse, statusResponse } from '../../../lambda/shared/http';

describe('jsonResponse', () => {
  test('GIVEN a body THEN the status, the security headers, the JSON content type and the serialised body', () => {
    expect(jsonResponse(200, { status: 'ok' })).toEqual({
      statusCode: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json' },
      body: '{"status":"ok"}',
    });
  });

  test('GIVEN extra headers THEN added last, overriding a security header in place', () => {
    const { headers } = jsonResponse(200, {}, { 'Cache-Control': 'public, max-age=300' });
    expect(headers).toEqual({ ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' });
    expect(Object.keys(headers!)).toEqual([...Object.keys(SECURITY_HEADERS), 'Content-Type']);
  });
});

describe('X-XSS-Protection on handler responses', () => {
  test.each([200, 202, 400, 403, 503] as const)('GIVEN status %d THEN the handler response switches the legacy XSS auditor off', (status) => {
    const response = status === 200 ? jsonResponse(200, {}) : statusResponse(status);
    expect(response.headers!['X-XSS-Protection']).toBe('0');
  });
});

describe('statusResponse', () => {
  test.each([
    [202, '{"message":"Accepted"}'],
    [400, '{"message":"Bad Request"}'],
    [403, '{"message":"Forbidden"}'],
    [503, '{"message":"Service Unavailable"}'],
  ] as const)('GIVEN %d THEN only its reason phrase, with the security headers', (status, body) => {
    expect(statusResponse(status)).toEqual({ statusCode: status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json' }, body });
  });
});
