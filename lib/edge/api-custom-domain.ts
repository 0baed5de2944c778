import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { CUSTOM_DOMAIN_BASE_PATH } from '../config/domain-plan';
import { ControlPlaneDomainConfig } from '../config/platform-config';
import { API_TLS } from './control-plane-api';

export interface ApiCustomDomainProps {
  /** The control-plane REST API; its stage is mapped under its own name (lib/config/domain-plan.ts). */
  readonly api: apigw.RestApi;
  readonly domain: ControlPlaneDomainConfig;
}

/**
 * The API's custom domain: an ACM certificate for `apiName` validated through the hosted zone's DNS, a regional API
 * Gateway domain name with the API's own TLS 1.3 policy and STRICT endpoint access, the stage mapped under its name,
 * and an alias A record in the zone. The zone is imported by id and name (no lookup: synth needs no credentials).
 * The API itself disables its `execute-api` endpoint (ControlPlaneApi), so this is its only way in.
 */
export class ApiCustomDomain extends Construct {
  public readonly certificate: acm.Certificate;
  public readonly domainName: apigw.DomainName;
  public readonly aliasRecord: route53.ARecord;

  constructor(scope: Construct, id: string, props: ApiCustomDomainProps) {
    super(scope, id);
    const { domain } = props;
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: domain.hostedZoneId, zoneName: domain.zoneName });
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: domain.apiName,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    this.domainName = new apigw.DomainName(this, 'Resource', {
      domainName: domain.apiName,
      certificate: this.certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: API_TLS.securityPolicy as apigw.SecurityPolicy,
      endpointAccessMode: API_TLS.endpointAccessMode as apigw.EndpointAccessMode,
    });
    this.domainName.addBasePathMapping(props.api, { basePath: CUSTOM_DOMAIN_BASE_PATH, stage: props.api.deploymentStage });
    this.aliasRecord = new route53.ARecord(this, 'Alias', {
      zone,
      recordName: domain.apiName,
      target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(this.domainName)),
    });
  }
}
