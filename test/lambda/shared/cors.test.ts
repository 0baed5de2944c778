import { corsHeaders, withCors } from '../../../lambda/shared/cors';
import { statusResponse } from '../../../lambda/shared/http';

const ALLOWED = ['https://admin.example.com', 'https://ops.example.com:8443'];

describe('corsHeaders', () => {
  test('GIVEN no origin allowed (the default) THEN no CORS header at all, whatever the request says', () => {
    expect(corsHeaders({ Origin: 'https://admin.example.com' }, [])).toEqual({});
    expect(withCors(statusResponse(403), { origin: 'https://evil.example' }, [])).toEqual(statusResponse(403));
  });

  test('GIVEN an allowed origin, however the header is cased THEN it is echoed exactly, with Vary: Origin', () => {
    expect(corsHeaders({ Origin: 'https://admin.example.com' }, ALLOWED)).toEqual({ 'Access-Control-Allow-Origin': 'https://admin.example.com', Vary: 'Origin' });
    expect(corsHeaders({ origin: 'https://ops.example.com:8443' }, ALLOWED)).toEqual({ 'Access-Control-Allow-Origin': 'https://ops.example.com:8443', Vary: 'Origin' });
  });

  test.each([
    ['https://evil.example'],
    ['https://admin.example.com.evil.example'],
    ['https://ADMIN.example.com'],
    ['http://admin.example.com'],
    ['https://admin.example.com/'],
    ['null'],
    ['*'],
  ])('GIVEN the origin %p (not exactly allowed) THEN no Allow-Origin, only Vary', (origin) => {
    expect(corsHeaders({ Origin: origin }, ALLOWED)).toEqual({ Vary: 'Origin' });
  });

  test('GIVEN a response THEN the security headers stay and no credentials header is ever added', () => {
    const response = withCors(statusResponse(400), { Origin: 'https://admin.example.com' }, ALLOWED);
    expect(response.headers).toEqual({ ...statusResponse(400).headers, 'Access-Control-Allow-Origin': 'https://admin.example.com', Vary: 'Origin' });
    expect(Object.keys(response.headers!)).not.toContain('Access-Control-Allow-Credentials');
    expect(corsHeaders(null, ALLOWED)).toEqual({ Vary: 'Origin' });
  });
});
