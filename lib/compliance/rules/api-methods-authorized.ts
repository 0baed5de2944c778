import { NagMessageLevel } from 'cdk-nag';
import { referencedResource } from './template';
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
  judges: { 'AWS::ApiGateway::Method': ['AuthorizationType|remove,set:NONE', 'AuthorizerId'] },
  info: 'The API method does not require authorization.',
  explanation: 'DESIGN.md: admin tokens validated on every route; an unauthorized method is an open door unless reviewed and acknowledged with its own protection.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.1', 'HIPAA-164.312(d)', 'HIPAA-164.312(a)(1)'],
  check(resource, context) {
    const props = resource.Properties ?? {};
    const type = String(props.AuthorizationType ?? 'NONE');
    if (!AUTHORIZED.has(type)) {
      return NON_COMPLIANT;
    }
    if (type === 'AWS_IAM') {
      return COMPLIANT;
    }
    // The authorizer must be one this template declares (whose function and token source the stack defines), not a
    // literal id that could name any authorizer, or none.
    return referencedResource(context.template, props.AuthorizerId)?.resource.Type === 'AWS::ApiGateway::Authorizer' ? COMPLIANT : ['AuthorizerId::not-in-template'];
  },
};
