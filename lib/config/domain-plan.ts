/**
 * The control-plane API's custom domain as data (controlPlane.domain): its URL, the resource types it adds to the
 * control-plane stack, and its certificate-expiry alarm. lib/edge builds it; the gate's CustomDomainAsPlanned,
 * ResourceTypesAsPlanned, AlarmsAsPlanned and SsmParametersAsPlanned rules judge the template against it.
 */
import { CONTROL_PLANE_API_STAGE } from '../naming';
import { ControlPlaneDomainConfig } from './edge-types';

/**
 * The API's base URL on its custom domain. The base path mapping maps the stage under its own name, so every URL keeps
 * the `/<stage>/` prefix of the `execute-api` form: the WAF's URI-path rules (heartbeat rate limit, Bot Control's
 * scope-down, lib/config/waf-plan.ts) match the same paths whichever host name a request used.
 */
export function customDomainBaseUrl(domain: ControlPlaneDomainConfig): string {
  return `https://${domain.apiName}/${CONTROL_PLANE_API_STAGE}/`;
}

/** The base path under which the stage is mapped on the custom domain: the stage's own name (see customDomainBaseUrl). */
export const CUSTOM_DOMAIN_BASE_PATH = CONTROL_PLANE_API_STAGE;

/** What a custom domain adds to the control-plane stack (and what it may hold only with one). */
export const CUSTOM_DOMAIN_RESOURCE_TYPES = [
  'AWS::CertificateManager::Certificate',
  'AWS::ApiGateway::DomainName',
  'AWS::ApiGateway::BasePathMapping',
  'AWS::Route53::RecordSet',
] as const;

/**
 * The certificate's expiry (seed 001: expiring certificates are a low-severity incident, answered within 24 hours). ACM
 * renews a DNS-validated certificate by itself from 60 days before expiry, as long as the validation record stays in
 * the zone; below 45 days the renewal has failed, which leaves weeks to mend it. ACM publishes `DaysToExpiry` once a
 * day per certificate: the daily minimum is judged, and a day without a datapoint (the metric stopped: the certificate
 * is gone or not issued) notifies the same tier.
 */
export const CERTIFICATE_EXPIRY_ALARM = {
  id: 'ApiCertificateExpiring',
  namespace: 'AWS/CertificateManager',
  metricName: 'DaysToExpiry',
  dimensionName: 'CertificateArn',
  threshold: 45,
  tier: 'low',
  playbook: 'api-certificate-expiring',
  period: 86_400,
  statistic: 'Minimum',
  treatMissingData: 'missing',
  runbook:
    'The custom-domain certificate of the control-plane API expires in under 45 days: ACM did not renew it. Check in ACM why (aws acm describe-certificate: RenewalSummary), restore the validation CNAME in the hosted zone if it was removed, and confirm the zone is still delegated. Insufficient data: the certificate no longer reports; check it exists and is ISSUED.',
} as const;
