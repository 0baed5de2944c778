/**
 * The control-plane API on its custom domain (controlPlane.domain): a DNS-validated ACM certificate, a regional domain
 * name with the API's TLS 1.3 policy, the stage mapped under its name, an alias record, the execute-api endpoint
 * disabled, every published URL on the domain, and the certificate's expiry alarm on the low tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { ALERT_TIERS } from '../../lib/config/alert-tiers';
import { CERTIFICATE_EXPIRY_ALARM } from '../../lib/config/domain-plan';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { API_TLS } from '../../lib/edge/control-plane-api';
import { REPO_ROOT, resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';

const IDP = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'control-plane' };
const DOMAIN = { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' };

function build(domain?: unknown) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, ...(domain ? { domain } : {}) }, tenants: [{ id: 'acme', number: 0 }] });
  const app = testApp();
  const stack = controlPlaneOf(config, app);
  return { app, stack, template: Template.fromStack(stack) };
}
const ref = (stack: any, construct: any) => ({ Ref: stack.resolve(construct.node.defaultChild.logicalId) });
const only = (template: Template, type: string) => {
  const found = Object.entries(resourcesOfType(template, type));
  expect(found).toHaveLength(1);
  return { logicalId: found[0][0], props: found[0][1].Properties! };
};
/** The SSM parameter of that name's value, and the topic a template parameter of SSM type names. */
const parameterValue = (template: Template, name: string) => Object.values(resourcesOfType(template, 'AWS::SSM::Parameter')).find((p) => p.Properties!.Name === name)!.Properties!.Value;
const ssmName = (template: Template, value: any) => (template.toJSON().Parameters ?? {})[value?.Ref]?.Default;

describe('GIVEN controlPlane.domain (zone example.com, apiName defaulted)', () => {
  const { app, stack, template } = build(DOMAIN);
  const domain = stack.edge!.adminApi.customDomain!;

  test('THEN the certificate is for api.example.com only, validated through DNS in the configured zone, and synth needs no lookup', () => {
    const cert = only(template, 'AWS::CertificateManager::Certificate').props;
    expect(cert).toEqual(expect.objectContaining({ DomainName: 'api.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z0EXAMPLE00000000000' }] }));
    expect(cert.SubjectAlternativeNames).toBeUndefined();
    expect(cert.CertificateAuthorityArn).toBeUndefined();
    // A context lookup (HostedZone.fromLookup) would leave a missing-context entry and need credentials at synth.
    expect(app.synth().manifest.missing).toBeUndefined();
  });

  test('THEN the domain name is regional, on that certificate, with the API\'s own TLS 1.3 policy and STRICT endpoint access', () => {
    const name = only(template, 'AWS::ApiGateway::DomainName').props;
    expect(name).toEqual(expect.objectContaining({
      DomainName: 'api.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: ref(stack, domain.certificate),
      SecurityPolicy: API_TLS.securityPolicy,
      EndpointAccessMode: API_TLS.endpointAccessMode,
    }));
    expect(API_TLS).toEqual({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' });
  });

  test('THEN the prod stage is mapped under /prod (the WAF\'s URI paths stay the same) and an alias A record names the domain', () => {
    const api = stack.edge!.adminApi.api.api;
    expect(only(template, 'AWS::ApiGateway::BasePathMapping').props).toEqual({
      BasePath: 'prod',
      DomainName: ref(stack, domain.domainName),
      RestApiId: ref(stack, api),
      Stage: ref(stack, api.deploymentStage),
    });
    const domainId = stack.resolve((domain.domainName.node.defaultChild as any).logicalId);
    expect(only(template, 'AWS::Route53::RecordSet').props).toEqual({
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0EXAMPLE00000000000',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } },
    });
  });

  test('THEN the execute-api endpoint is disabled: the domain is the only way in', () => {
    expect(only(template, 'AWS::ApiGateway::RestApi').props.DisableExecuteApiEndpoint).toBe(true);
  });

  test('THEN the published API and JWKS URLs, and the plan signer\'s issuer, are the domain\'s (not the disabled endpoint)', () => {
    expect(parameterValue(template, CONTROL_PLANE_PARAMETERS.apiUrl)).toBe('https://api.example.com/prod/');
    expect(parameterValue(template, CONTROL_PLANE_PARAMETERS.jwksUrl)).toBe('https://api.example.com/prod/.well-known/jwks.json');
    const signer = stack.edge!.signedPlans.planSigner.function.node.defaultChild as any;
    expect(stack.resolve(signer.environment).variables[FUNCTION_ENVIRONMENT.planSigner.issuer]).toBe('https://api.example.com/prod/');
    // Nothing of the template names the disabled endpoint, the stack output (the URL operators read) included.
    expect(JSON.stringify(template.toJSON()).includes('.execute-api.')).toBe(false);
    expect(Object.values(template.toJSON().Outputs)).toEqual([{ Value: 'https://api.example.com/prod/' }]);
  });

  test('THEN the certificate-expiry alarm watches ACM DaysToExpiry of that certificate daily, below 45 days, on the low tier (and on missing data)', () => {
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).filter((a) => a.Properties!.AlarmName === `tenant-baseline-${CERTIFICATE_EXPIRY_ALARM.id}`);
    expect(alarms).toHaveLength(1);
    const p = alarms[0].Properties!;
    expect(p).toEqual(expect.objectContaining({
      Namespace: 'AWS/CertificateManager',
      MetricName: 'DaysToExpiry',
      Dimensions: [{ Name: 'CertificateArn', Value: ref(stack, domain.certificate) }],
      Statistic: 'Minimum',
      Period: 86_400,
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 45,
      TreatMissingData: 'missing',
    }));
    expect(p.AlarmActions.map((a: any) => ssmName(template, a))).toEqual([ALERT_TIERS.low.parameterName]);
    expect(p.InsufficientDataActions.map((a: any) => ssmName(template, a))).toEqual([ALERT_TIERS.low.parameterName]);
    expect(p.AlarmDescription).toContain(`docs/runbooks.md#${CERTIFICATE_EXPIRY_ALARM.playbook}`);
  });

  test('THEN docs/runbooks.md lists the alarm on the low tier and its playbook walks all six phases', () => {
    const runbooks = readFileSync(join(REPO_ROOT, 'docs', 'runbooks.md'), 'utf8');
    expect(runbooks).toMatch(new RegExp(`\\| \`tenant-baseline-${CERTIFICATE_EXPIRY_ALARM.id}\` \\|[^\\n]*\\| low \\(\\[playbook\\]\\(#${CERTIFICATE_EXPIRY_ALARM.playbook}\\)\\)`));
    const section = runbooks.split(/^### /m).find((s) => s.startsWith('API certificate expiring\n'))!;
    for (const phase of ['Detection', 'Triage', 'Containment', 'Eradication', 'Recovery', 'Post-incident review']) {
      expect([phase, section.includes(`**${phase}**`)]).toEqual([phase, true]);
    }
  });
});

describe('GIVEN an explicit apiName', () => {
  test('THEN the certificate, domain name, record and URLs use it', () => {
    const { template } = build({ ...DOMAIN, apiName: 'control.eu.example.com' });
    expect(only(template, 'AWS::CertificateManager::Certificate').props.DomainName).toBe('control.eu.example.com');
    expect(only(template, 'AWS::ApiGateway::DomainName').props.DomainName).toBe('control.eu.example.com');
    expect(only(template, 'AWS::Route53::RecordSet').props.Name).toBe('control.eu.example.com.');
    expect(parameterValue(template, CONTROL_PLANE_PARAMETERS.apiUrl)).toBe('https://control.eu.example.com/prod/');
  });
});

describe('GIVEN no domain', () => {
  test('THEN no certificate, domain name, mapping, record or expiry alarm; the execute-api endpoint stays on and is the published URL', () => {
    const { template } = build();
    for (const type of ['AWS::CertificateManager::Certificate', 'AWS::ApiGateway::DomainName', 'AWS::ApiGateway::BasePathMapping', 'AWS::Route53::RecordSet']) {
      template.resourceCountIs(type, 0);
    }
    expect(Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!.AlarmName)).not.toContain(`tenant-baseline-${CERTIFICATE_EXPIRY_ALARM.id}`);
    expect(only(template, 'AWS::ApiGateway::RestApi').props.DisableExecuteApiEndpoint).toBeUndefined();
    expect(JSON.stringify(parameterValue(template, CONTROL_PLANE_PARAMETERS.apiUrl))).toContain('.execute-api.');
  });
});
