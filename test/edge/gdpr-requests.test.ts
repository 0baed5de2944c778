/**
 * GDPR erasure on the control plane's edge: the two routes behind the admin authorizer and for admins only, the ledger
 * under the control-plane key and in the backup plan, a handler that can record and confirm but never delete, and
 * announces on the high alert tier. Breaks through an override are caught by the gate.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ADMIN_ONLY_READS, ROLE_ROUTES } from '../../lambda/admin-authorizer/permissions';
import { ALERT_PARAMETERS } from '../../contracts/ssm-parameters';
import { GDPR_REQUESTS_ENV } from '../../contracts/environment';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { exampleConfig, resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';
import { cfn, findingsOf } from '../helpers/pack';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const ROUTES = ['POST /tenants/{tenantId}/erasure', 'POST /tenants/{tenantId}/erasure/{requestId}/confirm', 'POST /tenants/{tenantId}/exports', 'GET /tenants/{tenantId}/exports/{exportId}'];

function build(controlPlane: Record<string, unknown> = {}) {
  const config = validatePlatformConfig({
    accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS },
    controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, ...controlPlane },
    tenants: [{ id: 'acme', number: 0 }, { id: 'globex', number: 1 }],
  });
  const stack = controlPlaneOf(config);
  return { stack, template: Template.fromStack(stack) };
}

/** Each method's `METHOD /path`, read from the template's resource chain. */
function methodRoutes(template: Template): Map<string, Record<string, any>> {
  const resources = template.toJSON().Resources as Record<string, any>;
  const path = (ref: any): string => (ref?.Ref ? `${path(resources[ref.Ref].Properties.ParentId)}/${resources[ref.Ref].Properties.PathPart}` : '');
  return new Map(Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).map((m) => [`${m.Properties!.HttpMethod} ${path(m.Properties!.ResourceId)}`, m.Properties!]));
}

/** Whether an execute-api resource pattern (`*` matches any characters, `/` included) allows `METHOD path`. */
const allows = (pattern: { method: string; path: string }, method: string, path: string) =>
  (pattern.method === '*' || pattern.method === method) && new RegExp(`^${pattern.path.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`).test(path);

describe('GDPR erasure routes (control plane)', () => {
  const { stack, template } = build({ erasureWindowHours: 48 });
  const gdpr = stack.edge!.gdprRequests;
  const fnId = stack.getLogicalId(gdpr.handler.function.node.defaultChild as any);
  const ledgerId = stack.getLogicalId(gdpr.ledger.table.node.defaultChild as any);
  const keyId = stack.getLogicalId(stack.key.key.node.defaultChild as any);

  test('THEN both routes exist behind the admin authorizer, integrated with the GDPR handler only', () => {
    const routes = methodRoutes(template);
    for (const route of ROUTES) {
      const method = routes.get(route);
      expect(method).toBeDefined();
      expect(method!.AuthorizationType).toBe('CUSTOM');
      expect(method!.AuthorizerId).toEqual({ Ref: expect.stringMatching(/AdminAuthorizer/) });
      expect(JSON.stringify(method!.Integration.Uri)).toContain(fnId);
    }
  });

  test('THEN only the admin role may call them: no other role of the authorizer table reaches either path', () => {
    for (const [role, patterns] of Object.entries(ROLE_ROUTES)) {
      for (const route of ROUTES) {
        const [method, path] = route.split(' ');
        const concrete = path.slice(1).replace('{tenantId}', 'acme').replace(/\{(requestId|exportId)\}/, '6f1c1f9e-8a51-4f7a-9a43-0a6cb1f7c0de');
        // Allowed by a pattern and not explicitly denied (the admin-only reads are denied to every role but admin).
        const denied = role !== 'admin' && ADMIN_ONLY_READS.some((p) => allows(p, method, concrete));
        expect([role, route, patterns.some((p) => allows(p, method, concrete)) && !denied]).toEqual([role, route, role === 'admin']);
      }
    }
  });

  test('THEN the handler gets the tenants, the configured window and the high-tier topic', () => {
    const env = resourcesOfType(template, 'AWS::Lambda::Function')[fnId].Properties!.Environment.Variables;
    expect(env[GDPR_REQUESTS_ENV.tenantIds]).toBe('acme,globex');
    expect(env[GDPR_REQUESTS_ENV.erasureWindowHours]).toBe('48');
    expect(env[GDPR_REQUESTS_ENV.ledgerTable]).toEqual({ Ref: ledgerId });
    const param = template.toJSON().Parameters[env[GDPR_REQUESTS_ENV.alertTopicArn].Ref];
    expect(param.Default).toBe(ALERT_PARAMETERS.highTopicArn);
  });

  test('THEN the handler may record, confirm and read the ledger, invoke the tenants\' export functions, publish to that topic and nothing else: no delete, no scan, no other table, no tenant data', () => {
    const policy = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).find((p) => p.Properties!.Roles?.some((r: any) => JSON.stringify(r).includes('GdprHandler')))!;
    const statements = policy.Properties!.PolicyDocument.Statement.filter((s: any) => !['ec2:', 'logs:', 'xray:'].some((a) => JSON.stringify(s.Action).includes(a)));
    const bySid = Object.fromEntries(statements.map((s: any) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(['AnnounceOnAlertTopic', 'InvokeTenantExports', 'RecordAndConfirmRequests', 'UseAlertKeyThroughSns', 'UseLedgerKeyThroughDynamoDb']);
    // Start and ask the tenants' export functions, by name; no right on any tenant's data.
    expect(bySid.InvokeTenantExports).toMatchObject({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:tenant-baseline-*-export']] } });
    expect(bySid.RecordAndConfirmRequests).toMatchObject({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': [ledgerId, 'Arn'] } });
    expect(bySid.UseLedgerKeyThroughDynamoDb.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(bySid.AnnounceOnAlertTopic.Action).toBe('sns:Publish');
    expect(bySid.UseAlertKeyThroughSns.Condition).toEqual({
      StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/tenant-baseline/alerts' },
    });
  });

  test('THEN the ledger is under the control-plane key, with point-in-time recovery and deletion protection, retained, and backed up', () => {
    const ledger = template.toJSON().Resources[ledgerId];
    expect(ledger.DeletionPolicy).toBe('Retain');
    expect(ledger.Properties).toMatchObject({
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    const selection = Object.values(resourcesOfType(template, 'AWS::Backup::BackupSelection'))[0].Properties!;
    expect(JSON.stringify(selection.BackupSelection.Resources)).toContain(ledgerId);
  });

  test('GIVEN no window configured THEN 24 hours; GIVEN 0 or 169 THEN a named configuration error', () => {
    const env = resourcesOfType(build().template, 'AWS::Lambda::Function');
    expect(Object.values(env).some((f) => f.Properties!.Environment?.Variables?.[GDPR_REQUESTS_ENV.erasureWindowHours] === '24')).toBe(true);
    for (const hours of [0, 169, 1.5]) {
      expect(() => build({ erasureWindowHours: hours })).toThrow(`'controlPlane.erasureWindowHours' must be an integer number of hours in 1..168 (how long an erasure request waits for a second admin), got ${hours}`);
    }
  });
});

describe('GDPR export retention (controlPlane.exportRetentionDays)', () => {
  test('GIVEN none configured THEN 3 days reach the handler; GIVEN 7 THEN 7 reach it and every tenant\'s export bucket', () => {
    const fnEnv = (template: Template) => Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map((f) => f.Properties!.Environment?.Variables?.[GDPR_REQUESTS_ENV.exportRetentionDays]).filter(Boolean);
    expect(fnEnv(build().template)).toEqual(['3']);
    expect(fnEnv(build({ exportRetentionDays: 7 }).template)).toEqual(['7']);
  });

  test('GIVEN 0, 31 or 1.5 days THEN a named configuration error and nothing is built', () => {
    for (const days of [0, 31, 1.5]) {
      expect(() => build({ exportRetentionDays: days })).toThrow(`'controlPlane.exportRetentionDays' must be an integer number of days in 1..30 (how long a GDPR export's archive is kept before S3 deletes it), got ${days}`);
    }
  });
});

describe('GDPR erasure routes: their own throttling', () => {
  test('GIVEN a limit for the confirmation THEN the stage has it, and ApiThrottlingAsPlanned judges it as planned', () => {
    const config = exampleConfig();
    const limited = { ...config, controlPlane: { ...config.controlPlane, throttling: { ...config.controlPlane.throttling, routes: { ...config.controlPlane.throttling.routes, [ROUTES[1]]: { rateLimit: 1, burstLimit: 2 } } } } };
    const app = testApp();
    const template = Template.fromStack(controlPlaneOf(limited, app));
    const pack = new TenantBaselineChecks(platformTopology(limited));
    pack.validateScope(app);
    const judged = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-ApiThrottlingAsPlanned');
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.filter((e) => e.status === 'non-compliant')).toEqual([]);
    const stage = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Stage'))[0].Properties!;
    expect(stage.MethodSettings).toContainEqual(expect.objectContaining({ ResourcePath: '/~1tenants~1{tenantId}~1erasure~1{requestId}~1confirm', HttpMethod: 'POST', ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 }));
  });
});

describe('GDPR erasure routes under the gate', () => {
  const app = (): App => {
    const a = testApp();
    controlPlaneOf(exampleConfig(), a);
    return a;
  };

  test('GIVEN an override that makes the confirmation public THEN ApiMethodsAuthorized fails on it', () => {
    const a = app();
    const methods = a.node.findAll().filter((n) => n.node.path.startsWith('ControlPlane/Edge/Api/Resource/Default/tenants/{tenantId}/erasure/{requestId}/confirm/POST') && n.node.path.endsWith('/Resource'));
    const confirm = cfn(a, methods[0].node.path);
    confirm.addPropertyOverride('AuthorizationType', 'NONE');
    expect(findingsOf(a, 'ApiMethodsAuthorized')).toEqual([`TenantBaseline-ApiMethodsAuthorized[Public::POST /tenants/{tenantId}/erasure/{requestId}/confirm] @ ${methods[0].node.path}`]);
  });

  test('GIVEN an override that moves the ledger to an AWS-owned key THEN the gate sees it', () => {
    const a = app();
    const ledger = cfn(a, 'ControlPlane/Edge/Gdpr/Ledger/Resource/Resource');
    ledger.addPropertyOverride('SSESpecification', { SSEEnabled: false });
    const findings = ['TableProtected', 'DataUnderOwnStackKey'].flatMap((rule) => findingsOf(a, rule));
    expect(findings.some((f) => f.includes('ControlPlane/Edge/Gdpr/Ledger'))).toBe(true);
  });
});
