import { Match, Template } from 'aws-cdk-lib/assertions';
import { ROLE_ROUTES } from '../../lambda/admin-authorizer/permissions';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { API_NAME } from '../../lib/edge/control-plane-api';
import { MAX_BODY_BYTES } from '../../lib/config/platform-config';
import { WAF_MANAGED_RULE_GROUPS as MANAGED_RULE_GROUPS } from '../../lib/config/waf-plan';
import { resourcesOfType, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };

let cached: ReturnType<typeof build> | undefined;
/** The default control plane, synthesized once for the whole file (bundling makes each synth cost a second or two). */
function controlPlane(waf?: unknown) {
  if (waf !== undefined) return build(waf);
  cached ??= build();
  return cached;
}
function build(waf?: unknown) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, ...(waf ? { waf } : {}) }, tenants: [{ id: 'acme', number: 0 }] });
  const stack = controlPlaneOf(config);
  return { stack, template: Template.fromStack(stack) };
}

describe('control-plane API', () => {
  const { stack, template } = controlPlane();
  const keyArn = { 'Fn::GetAtt': [stack.resolve((stack.key.key.node.defaultChild as any).logicalId), 'Arn'] };

  test('THEN it is regional with the TLS 1.3 enhanced security policy and STRICT endpoint access', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: API_NAME,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      EndpointAccessMode: 'STRICT',
    });
  });

  test('THEN the stage logs access as JSON with the principal to an encrypted group, logs execution without bodies, traces and throttles', () => {
    const stage = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Stage'))[0].Properties!;
    expect(stage.TracingEnabled).toBe(true);
    // the stage-wide entry first, then one per route limit (test/edge/throttling.test.ts), each logging the same way
    expect(stage.MethodSettings[0]).toEqual(
      expect.objectContaining({ DataTraceEnabled: false, LoggingLevel: 'ERROR', MetricsEnabled: true, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, HttpMethod: '*', ResourcePath: '/*' }),
    );
    for (const s of stage.MethodSettings) expect(s).toEqual(expect.objectContaining({ DataTraceEnabled: false, LoggingLevel: 'ERROR', MetricsEnabled: true }));
    const format = JSON.parse(stage.AccessLogSetting.Format);
    expect(format).toEqual(expect.objectContaining({ principal: '$context.authorizer.principalId', ip: '$context.identity.sourceIp', status: '$context.status' }));
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/tenant-baseline/control-plane/api-access', KmsKeyId: keyArn, RetentionInDays: 365 });
  });

  test('THEN the execution log group exists before the stage, encrypted and with a retention', () => {
    const groups = Object.entries(resourcesOfType(template, 'AWS::Logs::LogGroup')).filter(([, g]) => JSON.stringify(g.Properties!.LogGroupName).includes('API-Gateway-Execution-Logs_'));
    expect(groups).toHaveLength(1);
    expect(groups[0][1].Properties!.KmsKeyId).toEqual(keyArn);
    const stage = Object.values(template.toJSON().Resources).find((r: any) => r.Type === 'AWS::ApiGateway::Stage') as any;
    expect(stage.DependsOn).toContain(groups[0][0]);
  });

  test('THEN every gateway response carries every security header, and denials say nothing about why', () => {
    const responses = Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse'));
    expect(responses.length).toBeGreaterThanOrEqual(10);
    for (const r of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(r.Properties!.ResponseParameters[`gatewayresponse.header.${name}`]).toBe(`'${value}'`);
      }
    }
    const byType = (t: string) => responses.find((r) => r.Properties!.ResponseType === t)!.Properties!;
    expect(byType('UNAUTHORIZED')).toEqual(expect.objectContaining({ StatusCode: '401', ResponseTemplates: { 'application/json': '{"message":"Unauthorized"}' } }));
    expect(byType('ACCESS_DENIED')).toEqual(expect.objectContaining({ StatusCode: '403', ResponseTemplates: { 'application/json': '{"message":"Forbidden"}' } }));
    expect(SECURITY_HEADERS['Strict-Transport-Security']).toMatch(/max-age=(\d+); includeSubDomains/);
    expect(Number(/max-age=(\d+)/.exec(SECURITY_HEADERS['Strict-Transport-Security'])![1])).toBeGreaterThanOrEqual(31536000);
  });

  test('THEN X-XSS-Protection is 0 (the legacy auditor off; docs/edge.md) on every gateway response and on the mock answer of GET /tenants', () => {
    expect(SECURITY_HEADERS['X-XSS-Protection']).toBe('0');
    const responses = Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse'));
    expect(responses.map((r) => r.Properties!.ResponseParameters['gatewayresponse.header.X-XSS-Protection'])).toEqual(responses.map(() => "'0'"));
    const mocks = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).filter((m) => m.Properties!.Integration?.Type === 'MOCK');
    expect(mocks.length).toBeGreaterThan(0);
    for (const m of mocks) {
      for (const r of m.Properties!.Integration.IntegrationResponses) {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
          expect(r.ResponseParameters[`method.response.header.${name}`]).toBe(`'${value}'`);
        }
      }
      for (const r of m.Properties!.MethodResponses) {
        expect(r.ResponseParameters['method.response.header.X-XSS-Protection']).toBe(true);
      }
    }
  });

  test('THEN every method but GET /health-check and GET /.well-known/jwks.json is guarded by the admin authorizer', () => {
    const authorizerId = Object.keys(resourcesOfType(template, 'AWS::ApiGateway::Authorizer'))[0];
    const methods = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method'));
    expect(methods.length).toBeGreaterThanOrEqual(2);
    const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
    for (const m of methods) {
      const path = resources[m.Properties!.ResourceId.Ref]?.Properties!.PathPart;
      if (path === 'health-check' || path === 'jwks.json' || path === 'heartbeats') {
        expect(m.Properties!.AuthorizationType).toBe('NONE');
      } else {
        expect({ path, type: m.Properties!.AuthorizationType, authorizer: m.Properties!.AuthorizerId }).toEqual({ path, type: 'CUSTOM', authorizer: { Ref: authorizerId } });
      }
    }
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization' });
  });

  test('THEN GET /tenants is a route the viewer role may call, answered with the security headers', () => {
    expect(ROLE_ROUTES.viewer).toContainEqual({ method: 'GET', path: 'tenants' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      Integration: Match.objectLike({ Type: 'MOCK', IntegrationResponses: [Match.objectLike({ ResponseTemplates: { 'application/json': '{"tenants":["acme"]}' } })] }),
    });
  });

  test('THEN the API has a request validator for bodies and parameters', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });
});

describe('control-plane functions', () => {
  const { template } = controlPlane();
  const functions = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter((f) => f.Properties!.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);

  test('THEN every platform function runs on Node.js 24, arm64, in the VPC, traced, with reserved concurrency and encrypted environment', () => {
    expect(functions.map((f) => f.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual(['admin-authorizer', 'gdpr-requests', 'health-check', 'heartbeat-ingest', 'jwks', 'plan-signer', 'sidecar-key-expiry']);
    for (const f of functions) {
      // The hourly expiry check needs one execution at a time; every request-serving function gets 20.
      const reserved = f.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'sidecar-key-expiry' ? 1 : 20;
      expect(f.Properties).toEqual(
        expect.objectContaining({
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          ReservedConcurrentExecutions: reserved,
          KmsKeyArn: expect.anything(),
          VpcConfig: expect.objectContaining({ SubnetIds: [{ Ref: expect.stringMatching(/PrivateSubnet1/) }, { Ref: expect.stringMatching(/PrivateSubnet2/) }] }),
          LoggingConfig: expect.objectContaining({ LogFormat: 'JSON' }),
        }),
      );
    }
  });

  test('THEN the authorizer gets the identity provider from its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ JWKS_URL: IDP.jwksUrl, TOKEN_ISSUER: IDP.issuer, TOKEN_AUDIENCE: IDP.audience }) } });
  });

  test('THEN no function role has an inline policy, and the health check may only describe its table and list its bucket', () => {
    const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
    for (const p of policies) {
      expect(JSON.stringify(p.Properties!.Roles)).not.toMatch(/AdminAuthorizer|HealthCheck/);
    }
    const health = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).find((p) => String(p.Properties!.Description).startsWith('health-check'))!;
    const data = health.Properties!.PolicyDocument.Statement.filter((s: any) => !['WriteOwnLogs', 'VpcNetworking', 'Tracing'].includes(s.Sid));
    expect(data).toEqual([
      { Sid: 'DescribeOwnTable', Effect: 'Allow', Action: 'dynamodb:DescribeTable', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeTable/), 'Arn'] } },
      { Sid: 'HeadOwnBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeBucket/), 'Arn'] } },
    ]);
  });
});

describe('control-plane WAF', () => {
  test('THEN a regional web ACL with the managed groups, a per-IP rate limit and a body size limit protects the stage', () => {
    const { template } = controlPlane();
    const acl = Object.values(resourcesOfType(template, 'AWS::WAFv2::WebACL'))[0].Properties!;
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    const managed = acl.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement).map((r: any) => r.Statement.ManagedRuleGroupStatement.Name);
    expect(managed).toEqual([...MANAGED_RULE_GROUPS, 'AWSManagedRulesBotControlRuleSet']);
    expect(acl.Rules.find((r: any) => r.Name === 'RateLimitPerClientIp')).toEqual(
      expect.objectContaining({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } } }),
    );
    expect(acl.Rules.find((r: any) => r.Name === 'BodyLargerThanLimit').Statement.SizeConstraintStatement).toEqual(
      expect.objectContaining({ ComparisonOperator: 'GT', Size: MAX_BODY_BYTES, FieldToMatch: { Body: { OversizeHandling: 'MATCH' } } }),
    );
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: Match.anyValue(), WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] } });
  });

  test('THEN WAF logs go to an encrypted aws-waf-logs- group with the Authorization header and cookies redacted', () => {
    const { template } = controlPlane();
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'), KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }] });
  });

  test('GIVEN an allow list and a rate THEN only listed CIDRs pass, before any other rule, and the rate is the configured one', () => {
    const { template } = controlPlane({ ratePerFiveMinutes: 300, allowList: ['203.0.113.0/24'] });
    template.hasResourceProperties('AWS::WAFv2::IPSet', { Addresses: ['203.0.113.0/24'], Scope: 'REGIONAL' });
    const acl = Object.values(resourcesOfType(template, 'AWS::WAFv2::WebACL'))[0].Properties!;
    expect(acl.Rules[0]).toEqual(expect.objectContaining({ Name: 'BlockOutsideAllowList', Priority: 0, Action: { Block: {} }, Statement: { NotStatement: expect.anything() } }));
    expect(acl.Rules.find((r: any) => r.Name === 'RateLimitPerClientIp').Statement.RateBasedStatement.Limit).toBe(300);
  });

  test('THEN the heartbeat route has its own lower per-IP limit, ahead of the API-wide one, matching the stage path however it is cased or encoded', () => {
    const { template } = controlPlane({ heartbeatRatePerFiveMinutes: 200 });
    const rules = Object.values(resourcesOfType(template, 'AWS::WAFv2::WebACL'))[0].Properties!.Rules as any[];
    const names = rules.map((r) => r.Name);
    expect(names.indexOf('RateLimitHeartbeatsPerClientIp')).toBe(names.indexOf('RateLimitPerClientIp') - 1);
    expect(rules.find((r) => r.Name === 'RateLimitHeartbeatsPerClientIp')).toEqual(
      expect.objectContaining({
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: {
            Limit: 200,
            EvaluationWindowSec: 300,
            AggregateKeyType: 'IP',
            ScopeDownStatement: {
              ByteMatchStatement: {
                FieldToMatch: { UriPath: {} },
                PositionalConstraint: 'STARTS_WITH',
                SearchString: '/prod/heartbeats',
                TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'LOWERCASE' }],
              },
            },
          },
        },
      }),
    );
  });
});

describe('platform alarms in the control plane', () => {
  test('THEN the three alarms watch this API by name and the shared metrics', () => {
    const { template } = controlPlane();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Count', Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiName', Value: API_NAME }], Threshold: 100000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FailedAuthentication', Threshold: 50 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TamperDetected', Threshold: 0 });
  });
});

describe('identity provider and WAF configuration', () => {
  const base = (controlPlane: Record<string, unknown>) => () => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', ...controlPlane }, tenants: [] }, 'c.json');

  test.each([
    [{ identityProvider: { ...IDP, jwksUrl: 'http://idp.example.com/jwks' } }, `c.json: 'controlPlane.identityProvider.jwksUrl' must be an https:// URL, got "http://idp.example.com/jwks"`],
    [{ identityProvider: { ...IDP, issuer: '' } }, `c.json: 'controlPlane.identityProvider.issuer' must be a non-empty string of at most 512 characters, got ""`],
    [{ identityProvider: { jwksUrl: IDP.jwksUrl, issuer: IDP.issuer } }, `c.json: 'controlPlane.identityProvider.audience' must be a non-empty string of at most 512 characters, got nothing`],
    [{ waf: { ratePerFiveMinutes: 10 } }, `c.json: 'controlPlane.waf.ratePerFiveMinutes' must be an integer in 100..2000000000, got 10`],
    [{ waf: { allowList: ['203.0.113.1/24'] } }, `c.json: 'controlPlane.waf.allowList[0]' must have no host bits set (did you mean 203.0.113.0/24?), got "203.0.113.1/24"`],
  ])('GIVEN %p THEN it is refused with one clear message', (cp, message) => {
    expect(base(cp)).toThrow(message);
  });

  test('GIVEN no identity provider THEN the control plane is built without its public API', () => {
    const stack = controlPlaneOf(validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] }));
    expect(stack.edge).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::RestApi', 0);
  });
});

describe('heartbeat ingest in the control plane', () => {
  const { template } = controlPlane();

  test('THEN the sidecar registry is keyed by sidecarId only, under the control-plane key, with PITR and deletion protection, and backed up', () => {
    const registry = Object.entries(resourcesOfType(template, 'AWS::DynamoDB::Table')).find(([id]) => id.startsWith('EdgeSidecarRegistry'))!;
    expect(registry[1].Properties).toEqual(
      expect.objectContaining({
        KeySchema: [{ AttributeName: 'sidecarId', KeyType: 'HASH' }],
        SSESpecification: expect.objectContaining({ SSEEnabled: true, SSEType: 'KMS' }),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    );
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: Match.arrayWith([{ 'Fn::GetAtt': [registry[0], 'Arn'] }]) }) });
  });

  test('THEN POST /heartbeats has no admin authorizer (heartbeats are signed) but requires an API key, and the ingest may only read and advance registry items and list the tenants\' API key ids', () => {
    const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
    const method = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).find((m) => resources[m.Properties!.ResourceId.Ref]?.Properties!.PathPart === 'heartbeats')!;
    expect(method.Properties).toEqual(expect.objectContaining({ HttpMethod: 'POST', AuthorizationType: 'NONE', ApiKeyRequired: true }));
    const policy = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).find((p) => String(p.Properties!.Description).startsWith('heartbeat-ingest'))!;
    const data = policy.Properties!.PolicyDocument.Statement.filter((s: any) => !['WriteOwnLogs', 'VpcNetworking', 'Tracing'].includes(s.Sid));
    expect(data).toEqual([
      { Sid: 'ReadAndAdvanceRegistry', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeSidecarRegistry/), 'Arn'] } },
      expect.objectContaining({ Sid: 'UseRegistryKeyThroughDynamoDb', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: { StringEquals: { 'kms:ViaService': expect.anything() } } }),
      {
        Sid: 'ListTenantApiKeyIds',
        Effect: 'Allow',
        Action: 'ssm:GetParametersByPath',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':parameter/tenant-baseline/tenants/*/api-keys']] },
      },
    ]);
  });

  test('THEN the ingest publishes the tamper metric the tamper alarm watches (same namespace, name and service)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'heartbeat-ingest', WINDOW_SECONDS: '300' }) } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TamperDetected', Namespace: 'tenant-baseline/Heartbeats', Dimensions: [{ Name: 'service', Value: 'heartbeat-ingest' }], Threshold: 0 });
  });
});
