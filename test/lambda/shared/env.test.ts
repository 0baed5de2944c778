import { ConfigurationError, httpsUrlEnv, integerEnv, listEnv, requiredEnv } from '../../../lambda/shared/env';
import { redactEmail } from '../../../lambda/shared/redact';

describe('requiredEnv', () => {
  test('GIVEN a set variable THEN its value', () => {
    expect(requiredEnv('A', { A: 'x' })).toBe('x');
  });

  test.each([
    ['unset', {}, 'nothing'],
    ['empty', { A: '' }, 'an empty string'],
    ['blank', { A: '  ' }, 'an empty string'],
  ])('GIVEN the variable %s THEN a ConfigurationError naming it', (_, env, got) => {
    expect(() => requiredEnv('A', env)).toThrow(new ConfigurationError(`environment: 'A' must be set, got ${got}`));
  });
});

describe('integerEnv', () => {
  const range = { min: 1, max: 3600 };

  test.each([
    ['300', 300],
    [' 300 ', 300],
    ['1', 1],
    ['3600', 3600],
    ['+42', 42],
  ])('GIVEN %j THEN %d', (value, expected) => {
    expect(integerEnv('WINDOW', range, undefined, { WINDOW: value })).toBe(expected);
  });

  test.each(['abc', '3e2', '0x12c', '12.5', '1_000', '0', '3601', '-5', '99999999999999999999'])('GIVEN %j THEN refused with the name, the rule and the value', (value) => {
    expect(() => integerEnv('WINDOW', range, undefined, { WINDOW: value })).toThrow(
      new ConfigurationError(`environment: 'WINDOW' must be an integer in 1..3600, got ${value.trim()}`),
    );
  });

  test('GIVEN no range THEN any safe integer', () => {
    expect(integerEnv('N', undefined, undefined, { N: '-9007199254740991' })).toBe(-9007199254740991);
    expect(() => integerEnv('N', undefined, undefined, { N: '9007199254740992' })).toThrow(ConfigurationError);
  });

  test('GIVEN the variable unset THEN the fallback, or without one the requiredEnv refusal', () => {
    expect(integerEnv('WINDOW', range, 300, {})).toBe(300);
    expect(() => integerEnv('WINDOW', range, undefined, {})).toThrow(new ConfigurationError("environment: 'WINDOW' must be set, got nothing"));
  });

  test('GIVEN the variable set but empty THEN refused even with a fallback', () => {
    expect(() => integerEnv('WINDOW', range, 300, { WINDOW: '' })).toThrow(new ConfigurationError("environment: 'WINDOW' must be set, got an empty string"));
  });
});

describe('listEnv', () => {
  test('GIVEN separated values THEN each trimmed, empty ones dropped', () => {
    expect(listEnv('IDS', { IDS: 'key-a, key-b,,key-c ,' })).toEqual(['key-a', 'key-b', 'key-c']);
    expect(listEnv('IDS', { IDS: 'acme' })).toEqual(['acme']);
  });

  test('GIVEN the variable unset THEN the requiredEnv refusal', () => {
    expect(() => listEnv('IDS', {})).toThrow(new ConfigurationError("environment: 'IDS' must be set, got nothing"));
  });
});

describe('ConfigurationError', () => {
  test('GIVEN a cause THEN it is kept, with the class name and the message', () => {
    const cause = new Error('root');
    const error = new ConfigurationError('broken', { cause });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigurationError');
    expect(error.message).toBe('broken');
    expect(error.cause).toBe(cause);
  });
});

describe('redactEmail', () => {
  test.each([
    ['alice@example.com', 'a***@example.com'],
    ['@example.com', '(redacted)'],
    ['no-at-sign', '(redacted)'],
    [undefined, '(none)'],
    [42, '(none)'],
  ])('GIVEN %j THEN %j', (email, expected) => {
    expect(redactEmail(email)).toBe(expected);
  });
});

describe('httpsUrlEnv (JWKS endpoints: keys fetched over http could be swapped on the way)', () => {
  test.each([['https://idp.example.com/.well-known/jwks.json'], ['http://127.0.0.1:8080/jwks.json'], ['http://[::1]:8080/jwks.json']])('GIVEN %s (https, or http to a loopback address) THEN it', (value) => {
    expect(httpsUrlEnv('U', { U: value })).toBe(value);
  });

  test.each([
    ['http://idp.example.com/jwks.json', 'http://idp.example.com/jwks.json'],
    ['HTTP://idp.example.com/jwks.json', 'http://idp.example.com/jwks.json'],
    ['file:///etc/passwd', 'file:///etc/passwd'],
    ['idp.example.com/jwks.json', 'idp.example.com/jwks.json'],
    ['http://localhost/jwks.json', 'http://localhost/jwks.json'],
    ['http://127.0.0.1.evil.example/jwks.json', 'http://127.0.0.1.evil.example/jwks.json'],
    ['http://10.0.0.1/jwks.json', 'http://10.0.0.1/jwks.json'],
    ['https://user:secret@idp.example.com/jwks.json', 'https://idp.example.com/jwks.json'],
  ])('GIVEN %j THEN a ConfigurationError naming the variable and the rule (never echoing credentials)', (value, shown) => {
    expect(() => httpsUrlEnv('U', { U: value })).toThrow(new ConfigurationError(`environment: 'U' must be an https URL (http only to a loopback address) without credentials, got ${shown}`));
  });
});
