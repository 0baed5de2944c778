import { maskText, maskValue } from '../../../lambda/shared/mask';
import { createLogger, MaskingLogFormatter } from '../../../lambda/shared/logger';

describe('maskText on sample log lines', () => {
  test.each([
    ['plan refused for jane.doe@example.com', 'plan refused for [email]'],
    ['contact: j.doe+ops@mail.example.co.uk, cc ops@example.com', 'contact: [email], cc [email]'],
    ['call +1 415-555-0100 or (415) 555-0101', 'call [phone] or [phone]'],
    ['uk office +44 20 7946 0958', 'uk office [phone]'],
    ['card 4111 1111 1111 1111 exp 12/29', 'card [card] exp 12/29'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['pan 5500005555555559', 'pan [card]'],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key=[secret]'],
    ['key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- done', 'key [private-key] done'],
  ])('GIVEN %p THEN %p', (line, masked) => {
    expect(maskText(line)).toBe(masked);
  });

  test.each([
    ['a redacted e-mail stays as it is', 'NO_ROLE for a***@example.com'],
    ['a Unix timestamp and a counter', 'heartbeat counter=1733140000 ts=1733140001'],
    ['a number of 16 digits failing the Luhn check', 'request 4111111111111112'],
    ['an ISO date, a UUID and a CIDR', '2026-12-02T10:15:00Z 123e4567-e89b-12d3-a456-426614174000 10.100.0.0/16'],
    ['a SHA-1 and a SHA-256 hex digest', 'da39a3ee5e6b4b0d3255bfef95601890afd80709 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a KMS key ARN and a request id', 'arn:aws:kms:eu-west-1:111122223333:key/0b5a3c1e-0000-4000-8000-000000000000 req 8f2c7a90-1b2c-4d5e-9f00-aa11bb22cc33'],
    ['a JWT kid and a reason code', 'refused kid=initial-2026 reason=WRONG_AUDIENCE'],
  ])('GIVEN %s THEN nothing is masked', (_, line) => {
    expect(maskText(line)).toBe(line);
  });
});

describe('maskValue', () => {
  test('GIVEN nested attributes THEN every string is masked and other values kept', () => {
    expect(maskValue({ tenantId: 'acme', count: 3, ok: true, user: { email: 'x@example.com', phones: ['415-555-0100'] }, error: new Error('bad card 4111111111111111') })).toEqual({
      tenantId: 'acme',
      count: 3,
      ok: true,
      user: { email: '[email]', phones: ['[phone]'] },
      error: { name: 'Error', message: 'bad card [card]' },
    });
  });
});

describe('the handlers logger', () => {
  test('GIVEN a message and attributes with personal data THEN the formatted line carries none of it', () => {
    const item = new MaskingLogFormatter().formatAttributes(
      { logLevel: 'WARN', message: 'refused jane@example.com', timestamp: new Date(0), serviceName: 'plan-signer', sampleRateValue: 0, xRayTraceId: undefined } as never,
      { principal: 'jane@example.com', phone: '+1 415 555 0100' },
    );
    const line = JSON.stringify(item.getAttributes());
    expect(line).not.toMatch(/jane|415/);
    expect(item.getAttributes()).toEqual(expect.objectContaining({ level: 'WARN', message: 'refused [email]', service: 'plan-signer', principal: '[email]', phone: '[phone]' }));
  });

  test('GIVEN createLogger THEN what it writes is masked', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      createLogger('test-service').info('signed for ops@example.com', { card: '4111 1111 1111 1111' });
      const written = write.mock.calls.map((c) => String(c[0])).join('');
      expect(written).toContain('[email]');
      expect(written).toContain('[card]');
      expect(written).not.toMatch(/ops@example\.com|4111/);
    } finally {
      write.mockRestore();
    }
  });
});
