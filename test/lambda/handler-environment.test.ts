import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

type Entry = (event?: unknown) => unknown;

/**
 * A fresh copy of a handler module (its cached instance unset), called once with only `env` set of the handlers'
 * variables. Each copy has its own ConfigurationError class, hence the matching on name and message below.
 */
function coldStart(handler: string, env: Record<string, string>): unknown {
  const names = Object.values(FUNCTION_ENVIRONMENT).flatMap((f) => Object.values(f));
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, env);
  try {
    let entry: Entry | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      entry = require(`../../lambda/${handler}/handler`).handler;
    });
    return entry!({});
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

const configurationError = (message?: string) => expect.objectContaining({ name: 'ConfigurationError', ...(message === undefined ? {} : { message }) });

describe('handlers read their environment through FUNCTION_ENVIRONMENT and refuse a bad one at cold start', () => {
  test.each([
    ['admin-authorizer', FUNCTION_ENVIRONMENT.adminAuthorizer.jwksUrl],
    ['health-check', FUNCTION_ENVIRONMENT.healthCheck.tableName],
    ['jwks', FUNCTION_ENVIRONMENT.jwks.signingKeyIds],
    ['plan-signer', FUNCTION_ENVIRONMENT.planSigner.signingKeyId],
    ['heartbeat-ingest', FUNCTION_ENVIRONMENT.heartbeatIngest.registryTable],
    ['plan-verifier', FUNCTION_ENVIRONMENT.planVerifier.jwksUrl],
    ['gdpr-requests', FUNCTION_ENVIRONMENT.gdprRequests.ledgerTable],
  ])('GIVEN %s with no variables set THEN a ConfigurationError naming %s', (handler, first) => {
    expect(() => coldStart(handler, {})).toThrow(configurationError(`environment: '${first}' must be set, got nothing`));
  });

  const signer = FUNCTION_ENVIRONMENT.planSigner;
  const signerEnv = { [signer.signingKeyId]: 'alias/plans', [signer.issuer]: 'https://api.example.com/prod/', [signer.tenantIds]: 'acme' };
  test.each(['', 'abc', '8192.5', '0', '6291457'])('GIVEN the plan signer with %j as the plan size limit THEN refused', (value) => {
    expect(() => coldStart('plan-signer', { ...signerEnv, [signer.maxPlanBytes]: value })).toThrow(configurationError());
  });

  test('GIVEN the plan signer with a non-integer plan size limit THEN the message names the variable, the rule and the value', () => {
    expect(() => coldStart('plan-signer', { ...signerEnv, [signer.maxPlanBytes]: '8k' })).toThrow(
      configurationError(`environment: '${signer.maxPlanBytes}' must be an integer in 1..6291456, got 8k`),
    );
  });

  const verifier = FUNCTION_ENVIRONMENT.planVerifier;
  const verifierEnv = { [verifier.jwksUrl]: 'https://api.example.com/prod/.well-known/jwks.json', [verifier.issuer]: 'https://api.example.com/prod/', [verifier.tenantId]: 'acme' };
  test.each(['29', '3601', '5m'])('GIVEN the plan verifier with %j as the JWKS max age THEN refused at cold start', (value) => {
    expect(() => coldStart('plan-verifier', { ...verifierEnv, [verifier.jwksMaxAgeSeconds]: value })).toThrow(
      configurationError(`environment: '${verifier.jwksMaxAgeSeconds}' must be an integer in 30..3600, got ${value}`),
    );
  });

  test('GIVEN the plan verifier with a plain http JWKS URL THEN refused at cold start', () => {
    expect(() => coldStart('plan-verifier', { ...verifierEnv, [verifier.jwksUrl]: 'http://api.example.com/prod/.well-known/jwks.json' })).toThrow(
      configurationError(`environment: '${verifier.jwksUrl}' must be an https URL (http only to a loopback address) without credentials, got http://api.example.com/prod/.well-known/jwks.json`),
    );
  });

  const admin = FUNCTION_ENVIRONMENT.adminAuthorizer;
  const adminEnv = { [admin.jwksUrl]: 'https://idp.example.com/jwks.json', [admin.issuer]: 'https://idp.example.com/', [admin.audience]: 'admin' };
  test('GIVEN the admin authorizer with a ci-cd group that is a human role group THEN refused at cold start, naming it', () => {
    expect(() => coldStart('admin-authorizer', { ...adminEnv, [admin.ciCdGroup]: 'platform-admins' })).toThrow(
      configurationError(`environment: '${admin.ciCdGroup}' must not name a group that already grants a role, got platform-admins`),
    );
  });

  const gdpr = FUNCTION_ENVIRONMENT.gdprRequests;
  const gdprEnv = { [gdpr.ledgerTable]: 'ledger', [gdpr.tenantIds]: 'acme', [gdpr.alertTopicArn]: 'arn:aws:sns:eu-west-1:123456789012:tenant-baseline-high-alerts' };
  test.each(['0', '169', '24h'])('GIVEN the GDPR handler with %j as the erasure window THEN refused at cold start', (value) => {
    expect(() => coldStart('gdpr-requests', { ...gdprEnv, [gdpr.erasureWindowHours]: value })).toThrow(
      configurationError(`environment: '${gdpr.erasureWindowHours}' must be an integer in 1..168, got ${value}`),
    );
  });

  test('GIVEN the GDPR handler without an alert topic THEN refused at cold start, naming it', () => {
    const { [gdpr.alertTopicArn]: _topic, ...withoutTopic } = gdprEnv;
    expect(() => coldStart('gdpr-requests', withoutTopic)).toThrow(configurationError(`environment: '${gdpr.alertTopicArn}' must be set, got nothing`));
  });

  const ingest = FUNCTION_ENVIRONMENT.heartbeatIngest;
  test.each(['3e2', '0', '300s'])('GIVEN the heartbeat ingest with %j as the window THEN refused', (value) => {
    expect(() => coldStart('heartbeat-ingest', { [ingest.registryTable]: 'registry', [ingest.windowSeconds]: value })).toThrow(
      configurationError(`environment: '${ingest.windowSeconds}' must be an integer in 1..3600, got ${value}`),
    );
  });

  test('GIVEN the heartbeat ingest without a window THEN it starts (300 s by default) and answers a malformed body with a plain 400', async () => {
    const response = await (coldStart('heartbeat-ingest', { [ingest.registryTable]: 'registry' }) as Promise<{ statusCode: number; body: string }>);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ message: 'Bad Request' });
  });
});
