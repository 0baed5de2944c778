import { NagMessageLevel } from 'cdk-nag';
import { COMPLIANT, findings, TemplateRule } from './rule';

/**
 * REST APIs and custom domain names use an API Gateway enhanced security policy of the TLS 1.3 family with STRICT
 * endpoint access mode, so no client can negotiate TLS 1.2 or reach the API by another host name than its own.
 */
export const ApiGatewayTls13Strict: TemplateRule = {
  id: 'ApiGatewayTls13Strict',
  resourceTypes: ['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2'],
  judges: {
    'AWS::ApiGateway::RestApi': ['SecurityPolicy|remove,set:TLS_1_2,set:SecurityPolicy_TLS13_1_2_2021_06', 'EndpointAccessMode|remove,set:BASIC'],
    'AWS::ApiGateway::DomainName': ['SecurityPolicy|remove,set:TLS_1_2,set:SecurityPolicy_TLS13_1_2_PQ_2025_09', 'EndpointAccessMode|remove,set:BASIC'],
  },
  info: 'The API or domain name does not use a TLS 1.3 security policy with STRICT endpoint access mode.',
  explanation: 'DESIGN.md requires TLS 1.3 where AWS offers it. The enhanced policies need EndpointAccessMode STRICT to be enforced for every host name.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-2', 'HIPAA-164.312(e)(1)', 'SOC2-CC6.6', 'GDPR-Art.32'],
  check(resource) {
    const props = resource.Properties ?? {};
    const problems: string[] = [];
    const policy = props.SecurityPolicy;
    // TLS 1.3 only: the enhanced policies named SecurityPolicy_TLS13_1_2_* still accept TLS 1.2.
    if (typeof policy !== 'string' || !/^SecurityPolicy_TLS13_1_3_/.test(policy)) {
      problems.push(`SecurityPolicy::${typeof policy === 'string' ? policy : 'unset'}`);
    }
    if (props.EndpointAccessMode !== 'STRICT') {
      problems.push(`EndpointAccessMode::${typeof props.EndpointAccessMode === 'string' ? props.EndpointAccessMode : 'unset'}`);
    }
    return problems.length === 0 ? COMPLIANT : findings(problems);
  },
};
