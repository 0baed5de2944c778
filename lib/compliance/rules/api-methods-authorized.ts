import { NagMessageLevel } from 'cdk-nag';
import { COMPLIANT, NON_COMPLIANT, TemplateRule } from './rule';

const AUTHORIZED = new Set(['CUSTOM', 'COGNITO_USER_POOLS', 'AWS_IAM']);

/**
 * Every API Gateway method requires authorization: a Lambda authorizer (with its id), Cognito or IAM. The platform's
 * few deliberately public routes (health check, JWKS, signed heartbeats) are acknowledged one by one in the reviewed
 * catalog with the control that protects them instead.
 */
export const ApiMethodsAuthorized: TemplateRule = {
  id: 'ApiMethodsAuthorized',
  resourceTypes: ['AWS::ApiGateway::Method'],
  info: 'The API method does not require authorization.',
  explanation: 'DESIGN.md: admin tokens validated on every route; an unauthorized method is an open door unless reviewed and acknowledged with its own protection.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.1', 'HIPAA-164.312(d)', 'HIPAA-164.312(a)(1)'],
  check(resource) {
    const props = resource.Properties ?? {};
    const type = String(props.AuthorizationType ?? 'NONE');
    if (!AUTHORIZED.has(type)) {
      return NON_COMPLIANT;
    }
    return type === 'AWS_IAM' || props.AuthorizerId !== undefined ? COMPLIANT : NON_COMPLIANT;
  },
};
