import { NagMessageLevel } from 'cdk-nag';
import { CERTIFICATE_EXPIRY_ALARM, CUSTOM_DOMAIN_BASE_PATH } from '../../config/domain-plan';
import { ControlPlaneDomainConfig } from '../../config/edge-types';
import { CONTROL_PLANE_API_STAGE, PLATFORM_PREFIX } from '../../naming';
import { findings, NOT_APPLICABLE, RuleContext, StackTemplate, TemplateResource, TemplateRule } from './rule';
import { asList, isTrue, referencedId, referencedResource, text } from './template';
import { apiVisibilityOf } from './admin-endpoint';

const TYPES = {
  api: 'AWS::ApiGateway::RestApi',
  stage: 'AWS::ApiGateway::Stage',
  domainName: 'AWS::ApiGateway::DomainName',
  mapping: 'AWS::ApiGateway::BasePathMapping',
  certificate: 'AWS::CertificateManager::Certificate',
  record: 'AWS::Route53::RecordSet',
  alarm: 'AWS::CloudWatch::Alarm',
} as const;
const ALARM_NAME = `${PLATFORM_PREFIX}-${CERTIFICATE_EXPIRY_ALARM.id}`;

const ofType = (template: StackTemplate, type: string) => Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
/** Whether `value` is a `Ref` (or GetAtt `attribute`) to a resource of the template of `type`. */
function pointsTo(template: StackTemplate, value: unknown, type: string, attribute?: string): boolean {
  const target = referencedResource(template, value);
  const v = value as Record<string, unknown> | undefined;
  const shape = attribute === undefined ? typeof v?.Ref === 'string' : Array.isArray(v?.['Fn::GetAtt']) && (v['Fn::GetAtt'] as unknown[])[1] === attribute;
  return shape && target?.resource.Type === type;
}

/** The API: its execute-api endpoint disabled, and the domain's parts (and the expiry alarm) present exactly once. */
function checkApi(p: Record<string, any>, template: StackTemplate): string[] {
  const problems = isTrue(p.DisableExecuteApiEndpoint) ? [] : ['ExecuteApiEndpointEnabled'];
  for (const [part, type] of [['DomainName', TYPES.domainName], ['Certificate', TYPES.certificate], ['BasePathMapping', TYPES.mapping], ['AliasRecord', TYPES.record]] as const) {
    const count = ofType(template, type).length;
    if (count !== 1) {
      problems.push(count === 0 ? `Missing::${part}` : `Count::${part}::${count}`);
    }
  }
  const alarms = ofType(template, TYPES.alarm).filter(([, r]) => text(r.Properties?.AlarmName) === ALARM_NAME);
  const watched = alarms.flatMap(([, r]) => asList<any>(r.Properties?.Dimensions)).filter((d) => text(d?.Name) === CERTIFICATE_EXPIRY_ALARM.dimensionName && pointsTo(template, d?.Value, TYPES.certificate));
  if (watched.length !== 1) {
    problems.push('Missing::CertificateExpiryAlarm');
  }
  return problems;
}

function checkDomainName(p: Record<string, any>, template: StackTemplate, domain: ControlPlaneDomainConfig): string[] {
  const problems: string[] = [];
  if (p.DomainName !== domain.apiName) {
    problems.push(`DomainName::${text(p.DomainName ?? 'unset')}`);
  }
  const types = asList(p.EndpointConfiguration?.Types).map(text);
  if (types.join(',') !== 'REGIONAL') {
    problems.push(`EndpointType::${types.join(',') || 'unset'}`);
  }
  if (!pointsTo(template, p.RegionalCertificateArn, TYPES.certificate) || p.CertificateArn !== undefined) {
    problems.push('Certificate::NotThePlannedCertificate');
  }
  if (p.MutualTlsAuthentication !== undefined) {
    problems.push('MutualTls::Unplanned');
  }
  return problems;
}

function checkCertificate(p: Record<string, any>, domain: ControlPlaneDomainConfig): string[] {
  const problems: string[] = [];
  if (p.DomainName !== domain.apiName) {
    problems.push(`DomainName::${text(p.DomainName ?? 'unset')}`);
  }
  const extra = asList(p.SubjectAlternativeNames).map(text).filter((n) => n !== domain.apiName);
  if (extra.length > 0) {
    problems.push(`SubjectAlternativeNames::${extra.join(',')}`);
  }
  if (p.ValidationMethod !== 'DNS') {
    problems.push(`ValidationMethod::${text(p.ValidationMethod ?? 'unset')}`);
  }
  const options = asList<any>(p.DomainValidationOptions).map((o) => `${text(o?.DomainName)}@${text(o?.HostedZoneId)}`);
  if (options.join(',') !== `${domain.apiName}@${domain.hostedZoneId}`) {
    problems.push(`DomainValidationOptions::${options.join(',') || 'unset'}`);
  }
  // A private CA's certificate is trusted by no client (seed 000: valid CA-signed certificates).
  if (p.CertificateAuthorityArn !== undefined) {
    problems.push('CertificateAuthority::Private');
  }
  if (p.CertificateTransparencyLoggingPreference !== undefined && p.CertificateTransparencyLoggingPreference !== 'ENABLED') {
    problems.push(`CertificateTransparency::${text(p.CertificateTransparencyLoggingPreference)}`);
  }
  return problems;
}

function checkMapping(p: Record<string, any>, context: RuleContext): string[] {
  const { template } = context;
  const problems: string[] = [];
  if (!pointsTo(template, p.DomainName, TYPES.domainName)) {
    problems.push(`DomainName::${text(p.DomainName)}`);
  }
  // The public API only: the private admin API mapped on the regional domain would answer on the internet.
  if (!pointsTo(template, p.RestApiId, TYPES.api) || apiVisibilityOf(context, p.RestApiId) !== 'public') {
    problems.push(`RestApiId::${text(p.RestApiId)}`);
  }
  const stage = referencedResource(template, p.Stage);
  const stageName = stage?.resource.Type === TYPES.stage && typeof (p.Stage as Record<string, unknown>).Ref === 'string' ? stage.resource.Properties?.StageName : p.Stage;
  // A stage by reference must be the mapped API's own (its Ref is only the name, so another API's `prod` would deploy
  // the same mapping, but the template would no longer say what it maps).
  const ownStage = stage === undefined || referencedId(stage.resource.Properties?.RestApiId) === referencedId(p.RestApiId);
  if (stageName !== CONTROL_PLANE_API_STAGE || !ownStage) {
    problems.push(`Stage::${text(p.Stage ?? 'unset')}`);
  }
  if (p.BasePath !== CUSTOM_DOMAIN_BASE_PATH) {
    problems.push(`BasePath::${text(p.BasePath ?? 'unset')}`);
  }
  return problems;
}

function checkRecord(p: Record<string, any>, template: StackTemplate, domain: ControlPlaneDomainConfig): string[] {
  const problems: string[] = [];
  if (p.HostedZoneId !== domain.hostedZoneId || p.HostedZoneName !== undefined) {
    problems.push(`HostedZone::${text(p.HostedZoneId ?? p.HostedZoneName ?? 'unset')}`);
  }
  if (text(p.Name).replace(/\.$/, '') !== domain.apiName) {
    problems.push(`Name::${text(p.Name)}`);
  }
  if (p.Type !== 'A') {
    problems.push(`Type::${text(p.Type)}`);
  }
  const alias = p.AliasTarget ?? {};
  if (!pointsTo(template, alias.DNSName, TYPES.domainName, 'RegionalDomainName') || !pointsTo(template, alias.HostedZoneId, TYPES.domainName, 'RegionalHostedZoneId') || p.ResourceRecords !== undefined) {
    problems.push('AliasTarget::NotTheDomainName');
  }
  return problems;
}

/**
 * The control-plane API's custom domain exactly as controlPlane.domain plans it (lib/config/domain-plan.ts): with a
 * domain, the (public) API's execute-api endpoint is disabled (its URL would bypass the name the certificate vouches for), and
 * the stack holds one ACM certificate for the API's name, DNS-validated in the configured zone by a public CA; one
 * regional domain name of that name on that certificate (its TLS policy: ApiGatewayTls13Strict); one mapping of the
 * API's stage under the stage's name; one alias A record of that name in the zone pointing at the domain name; and
 * the certificate-expiry alarm on that certificate (its settings: AlarmsAsPlanned). Without a domain, none of these.
 */
export const CustomDomainAsPlanned: TemplateRule = {
  id: 'CustomDomainAsPlanned',
  resourceTypes: [TYPES.api, TYPES.domainName, TYPES.mapping, TYPES.certificate, TYPES.record],
  judges: {
    [TYPES.api]: ['DisableExecuteApiEndpoint'],
    [TYPES.domainName]: ['DomainName', 'EndpointConfiguration.Types', 'RegionalCertificateArn'],
    [TYPES.certificate]: ['DomainName', 'ValidationMethod', 'DomainValidationOptions.*.DomainName', 'DomainValidationOptions.*.HostedZoneId'],
    [TYPES.mapping]: ['DomainName', 'RestApiId', 'Stage', 'BasePath'],
    [TYPES.record]: ['Name', 'Type', 'HostedZoneId', 'AliasTarget.DNSName', 'AliasTarget.HostedZoneId'],
  },
  info: 'The API is reachable at its execute-api endpoint although a custom domain is configured, or the custom domain (certificate, domain name, base path mapping, alias record, expiry alarm) differs from the plan or is missing.',
  explanation: 'With a custom domain the API must answer only at the name its CA-signed certificate vouches for, with TLS 1.3, and an expiring certificate must reach the low alert tier before clients see it fail.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-2', 'RUN-2', 'SOC2-CC6.6', 'SOC2-CC7.2'],
  check(resource: TemplateResource, context) {
    if (context.role.kind !== 'control-plane') {
      return NOT_APPLICABLE;
    }
    const domain = context.topology.config.controlPlane.domain;
    const p = resource.Properties ?? {};
    if (resource.Type === TYPES.api) {
      // The domain serves the public API; the private admin API answers only at its endpoint's names (it cannot take a
      // regional domain, and with its execute-api endpoint disabled it could not be reached at all).
      return findings(domain && apiVisibilityOf(context, { Ref: context.logicalId }) !== 'private' ? checkApi(p, context.template) : []);
    }
    if (!domain) {
      return findings([`Unplanned::${resource.Type}`]);
    }
    switch (resource.Type) {
      case TYPES.domainName:
        return findings(checkDomainName(p, context.template, domain));
      case TYPES.certificate:
        return findings(checkCertificate(p, domain));
      case TYPES.mapping:
        return findings(checkMapping(p, context));
      default:
        return findings(checkRecord(p, context.template, domain));
    }
  },
};
