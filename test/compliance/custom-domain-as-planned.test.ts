/**
 * The gate on the control plane with a custom domain: the shipped stack is green under the whole pack, and each
 * property the domain rests on, broken through an escape hatch, is a finding: a domain name without TLS 1.3 or STRICT
 * access, the execute-api endpoint left enabled, a missing or weakened expiry alarm, a certificate not DNS-validated
 * in the zone or from a private CA, the stage mapped elsewhere, the alias pointing elsewhere, the published URL on the
 * disabled endpoint, domain resources without a planned domain. And every mutant of the values the domain's rules
 * judge is killed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { RuleIndex } from '../../lib/compliance/gate/judge';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { mutateAndJudge } from '../../lib/compliance/mutation/run';
import { ApiGatewayTls13Strict } from '../../lib/compliance/rules/api-gateway-tls13-strict';
import { CustomDomainAsPlanned } from '../../lib/compliance/rules/custom-domain-as-planned';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { platformTopology } from '../../lib/compliance/topology';
import { PlatformConfig, validatePlatformConfig } from '../../lib/config/platform-config';
import { REPO_ROOT } from '../helpers/app';
import { PACK, cfn, controlPlaneApp, findingsUnder } from '../helpers/pack';

const RAW = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'platform.json'), 'utf8'));
const DOMAIN: PlatformConfig = validatePlatformConfig({ ...RAW, controlPlane: { ...RAW.controlPlane, domain: { hostedZoneId: 'Z0EXAMPLE00000000000', zoneName: 'example.com' } } }, 'domain test configuration');
const DOMAIN_PATH = 'ControlPlane/Edge/Domain';
const MAPPING_PATH = `${DOMAIN_PATH}/Resource/Map:prod=>ControlPlaneEdgeApiACC317E1/Resource`;

const controlPlane = (config: PlatformConfig = DOMAIN) => controlPlaneApp(config);

const found = (app: App, config: PlatformConfig = DOMAIN, rule?: string) => findingsUnder(app, config, rule);

describe('CustomDomainAsPlanned', () => {
  test('GIVEN the shipped control plane with a domain THEN the whole pack finds nothing, and the rule judged the API and the four domain resources', () => {
    const { app } = controlPlane();
    expect(found(app)).toEqual([]);
    const pack = new TenantBaselineChecks(platformTopology(DOMAIN));
    pack.validateScope(app);
    const judged = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-CustomDomainAsPlanned' && e.status === 'compliant').map((e) => e.constructPath).sort();
    expect(judged).toEqual(['ControlPlane/Edge/Api/Resource/Resource', `${DOMAIN_PATH}/Alias/Resource`, `${DOMAIN_PATH}/Certificate/Resource`, MAPPING_PATH, `${DOMAIN_PATH}/Resource/Resource`]);
  });

  test('GIVEN the domain name overridden to TLS 1.2, or to a TLS 1.3 policy that still admits 1.2, with BASIC access THEN ApiGatewayTls13Strict reports it', () => {
    for (const policy of ['TLS_1_2', 'SecurityPolicy_TLS13_1_2_PQ_2025_09']) {
      const { app } = controlPlane();
      const name = cfn(app, `${DOMAIN_PATH}/Resource/Resource`);
      name.addPropertyOverride('SecurityPolicy', policy);
      name.addPropertyOverride('EndpointAccessMode', 'BASIC');
      expect(found(app)).toEqual([
        `TenantBaseline-ApiGatewayTls13Strict[EndpointAccessMode::BASIC] @ ${DOMAIN_PATH}/Resource/Resource`,
        `TenantBaseline-ApiGatewayTls13Strict[SecurityPolicy::${policy}] @ ${DOMAIN_PATH}/Resource/Resource`,
      ]);
    }
  });

  test('GIVEN the execute-api endpoint re-enabled through an override THEN it is reported (the API would answer beside its domain)', () => {
    const { app } = controlPlane();
    cfn(app, 'ControlPlane/Edge/Api/Resource/Resource').addPropertyOverride('DisableExecuteApiEndpoint', false);
    expect(found(app)).toEqual(['TenantBaseline-CustomDomainAsPlanned[ExecuteApiEndpointEnabled] @ ControlPlane/Edge/Api/Resource/Resource']);
  });

  test('GIVEN the certificate-expiry alarm removed THEN its absence is reported; raised or pointed at another certificate THEN AlarmsAsPlanned reports it', () => {
    const removed = controlPlane();
    expect(removed.stack.edge!.alarms.node.tryRemoveChild('ApiCertificateExpiring')).toBe(true);
    expect(found(removed.app)).toEqual([
      'TenantBaseline-AlarmsAsPlanned[Missing::tenant-baseline-ApiCertificateExpiring] @ ControlPlane/Edge/Api/Resource/Resource',
      'TenantBaseline-CustomDomainAsPlanned[Missing::CertificateExpiryAlarm] @ ControlPlane/Edge/Api/Resource/Resource',
    ]);

    const weakened = controlPlane();
    const alarm = cfn(weakened.app, 'ControlPlane/Edge/Alarms/ApiCertificateExpiring/Resource');
    alarm.addPropertyOverride('Threshold', 7);
    alarm.addPropertyOverride('AlarmActions', []);
    expect(found(weakened.app)).toEqual([
      'TenantBaseline-AlarmsAsPlanned[AlarmActions::::planned-low] @ ControlPlane/Edge/Alarms/ApiCertificateExpiring/Resource',
      'TenantBaseline-AlarmsAsPlanned[Threshold::7::planned-45] @ ControlPlane/Edge/Alarms/ApiCertificateExpiring/Resource',
      'TenantBaseline-AlarmsNotifyAlertTopics[NoAlertTopicAction] @ ControlPlane/Edge/Alarms/ApiCertificateExpiring/Resource',
    ]);

    const elsewhere = controlPlane();
    const other = 'arn:aws:acm:eu-west-1:111122223333:certificate/0b5a3c1e-0000-4000-8000-000000000000';
    cfn(elsewhere.app, 'ControlPlane/Edge/Alarms/ApiCertificateExpiring/Resource').addPropertyOverride('Dimensions', [{ Name: 'CertificateArn', Value: other }]);
    expect(found(elsewhere.app)).toEqual([
      `TenantBaseline-AlarmsAsPlanned[Dimensions::CertificateArn=${other}::planned-CertificateArn=\${AWS::CertificateManager::Certificate}] @ ControlPlane/Edge/Alarms/ApiCertificateExpiring/Resource`,
      'TenantBaseline-CustomDomainAsPlanned[Missing::CertificateExpiryAlarm] @ ControlPlane/Edge/Api/Resource/Resource',
    ]);
  });

  test('GIVEN the certificate validated by e-mail, from a private CA, with an extra name, or validated in another zone THEN each is reported', () => {
    const { app } = controlPlane();
    const cert = cfn(app, `${DOMAIN_PATH}/Certificate/Resource`);
    cert.addPropertyOverride('ValidationMethod', 'EMAIL');
    cert.addPropertyOverride('CertificateAuthorityArn', 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x');
    cert.addPropertyOverride('SubjectAlternativeNames', ['api.example.com', '*.example.com']);
    cert.addPropertyOverride('DomainValidationOptions.0.HostedZoneId', 'Z0OTHER');
    expect(found(app, DOMAIN, 'CustomDomainAsPlanned')).toEqual([
      `TenantBaseline-CustomDomainAsPlanned[CertificateAuthority::Private] @ ${DOMAIN_PATH}/Certificate/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[DomainValidationOptions::api.example.com@Z0OTHER] @ ${DOMAIN_PATH}/Certificate/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[SubjectAlternativeNames::*.example.com] @ ${DOMAIN_PATH}/Certificate/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[ValidationMethod::EMAIL] @ ${DOMAIN_PATH}/Certificate/Resource`,
    ]);
  });

  test('GIVEN the domain name on an imported certificate, edge-optimized, or under another name THEN each is reported', () => {
    const { app } = controlPlane();
    const name = cfn(app, `${DOMAIN_PATH}/Resource/Resource`);
    name.addPropertyOverride('RegionalCertificateArn', 'arn:aws:acm:eu-west-1:111122223333:certificate/imported');
    name.addPropertyOverride('EndpointConfiguration.Types', ['EDGE']);
    name.addPropertyOverride('DomainName', 'api.example.org');
    expect(found(app, DOMAIN, 'CustomDomainAsPlanned')).toEqual([
      `TenantBaseline-CustomDomainAsPlanned[Certificate::NotThePlannedCertificate] @ ${DOMAIN_PATH}/Resource/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[DomainName::api.example.org] @ ${DOMAIN_PATH}/Resource/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[EndpointType::EDGE] @ ${DOMAIN_PATH}/Resource/Resource`,
    ]);
  });

  test('GIVEN the stage mapped at the root (the WAF\'s /prod/ paths would no longer match) or the alias record changed THEN each is reported', () => {
    const { app } = controlPlane();
    cfn(app, MAPPING_PATH).addPropertyDeletionOverride('BasePath');
    const record = cfn(app, `${DOMAIN_PATH}/Alias/Resource`);
    record.addPropertyOverride('Name', 'admin.example.com.');
    record.addPropertyOverride('AliasTarget.DNSName', 'd-attacker.execute-api.eu-west-1.amazonaws.com');
    record.addPropertyOverride('Type', 'AAAA');
    expect(found(app, DOMAIN, 'CustomDomainAsPlanned')).toEqual([
      `TenantBaseline-CustomDomainAsPlanned[AliasTarget::NotTheDomainName] @ ${DOMAIN_PATH}/Alias/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[BasePath::unset] @ ${MAPPING_PATH}`,
      `TenantBaseline-CustomDomainAsPlanned[Name::admin.example.com.] @ ${DOMAIN_PATH}/Alias/Resource`,
      `TenantBaseline-CustomDomainAsPlanned[Type::AAAA] @ ${DOMAIN_PATH}/Alias/Resource`,
    ]);
  });

  test('GIVEN the published API URL overridden back to the disabled execute-api endpoint THEN SsmParametersAsPlanned reports it', () => {
    const { app, stack } = controlPlane();
    const api = stack.edge!.adminApi.api.api;
    cfn(app, 'ControlPlane/Edge/SignedPlans/ApiUrlParameter/Resource').addPropertyOverride('Value', `https://${api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/prod/`);
    expect(found(app, DOMAIN, 'SsmParametersAsPlanned')).toEqual([
      expect.stringMatching(/^TenantBaseline-SsmParametersAsPlanned\[Value::\/tenant-baseline\/control-plane\/api-url::https:\/\/\$\{EdgeApi[0-9A-F]{8}\}\.execute-api\./),
    ]);
  });

  test('GIVEN the domain\'s resources removed THEN each missing part is reported', () => {
    const { app, stack } = controlPlane();
    stack.edge!.adminApi.node.tryRemoveChild('Domain');
    stack.edge!.alarms.node.tryRemoveChild('ApiCertificateExpiring');
    expect(found(app, DOMAIN, 'CustomDomainAsPlanned')).toEqual(
      ['AliasRecord', 'BasePathMapping', 'Certificate', 'CertificateExpiryAlarm', 'DomainName'].map((p) => `TenantBaseline-CustomDomainAsPlanned[Missing::${p}] @ ControlPlane/Edge/Api/Resource/Resource`).sort(),
    );
  });

  test('GIVEN a configuration without a domain and a domain name added to its API by hand THEN the types are unplanned', () => {
    const { app, stack } = controlPlane(PACK.CONFIG);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Imported', 'arn:aws:acm:eu-west-1:111122223333:certificate/x');
    stack.edge!.adminApi.api.api.addDomainName('Sneaky', { domainName: 'api.example.net', certificate, securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: apigw.EndpointAccessMode.STRICT });
    expect(found(app, PACK.CONFIG).filter((f) => f.includes('Unplanned'))).toEqual([
      'TenantBaseline-CustomDomainAsPlanned[Unplanned::AWS::ApiGateway::BasePathMapping] @ ControlPlane/Edge/Api/Resource/Sneaky/Map:--=>ControlPlaneEdgeApiACC317E1/Resource',
      'TenantBaseline-CustomDomainAsPlanned[Unplanned::AWS::ApiGateway::DomainName] @ ControlPlane/Edge/Api/Resource/Sneaky/Resource',
      'TenantBaseline-ResourceTypesAsPlanned[Unplanned::AWS::ApiGateway::BasePathMapping] @ ControlPlane/Edge/Api/Resource/Sneaky/Map:--=>ControlPlaneEdgeApiACC317E1/Resource',
      'TenantBaseline-ResourceTypesAsPlanned[Unplanned::AWS::ApiGateway::DomainName] @ ControlPlane/Edge/Api/Resource/Sneaky/Resource',
    ]);
  });

  test('GIVEN every mutant of the values CustomDomainAsPlanned and ApiGatewayTls13Strict judge in the domain control plane THEN every one is killed', () => {
    const { stack } = controlPlane();
    const templates = [{ stackName: 'ControlPlane', template: Template.fromStack(stack).toJSON() }];
    const report = mutateAndJudge(templates, platformTopology(DOMAIN), { judgedBy: [CustomDomainAsPlanned, ApiGatewayTls13Strict] });
    expect(report.survivors).toEqual([]);
    expect(Object.keys(report.perType).sort()).toEqual(expect.arrayContaining(['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGateway::DomainName', 'AWS::CertificateManager::Certificate', 'AWS::Route53::RecordSet']));
    expect(report.mutants).toBeGreaterThan(30);
    // Not blind: without the rule, the certificate's, mapping's and record's mutants survive.
    const index = new RuleIndex(TENANT_BASELINE_RULES.filter((r) => r.id !== 'CustomDomainAsPlanned'));
    const without = mutateAndJudge(templates, platformTopology(DOMAIN), { judgedBy: [CustomDomainAsPlanned], index });
    expect(new Set(without.survivors.map((s) => s.resourceType))).toEqual(new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::DomainName', 'AWS::ApiGateway::BasePathMapping', 'AWS::CertificateManager::Certificate', 'AWS::Route53::RecordSet']));
  });
});
