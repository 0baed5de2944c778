import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT, LIST_SEPARATOR } from '../../contracts/environment';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformFunction, PlatformFunctionPlacement } from '../compute/platform-function';
import { MAX_BODY_BYTES, PlanSigningConfig } from '../config/platform-config';
import { protect } from '../core/protect';
import { ConstructGroup } from '../core/construct-group';
import { acknowledgeInvokePermissions } from '../edge/api-permissions';
import { ControlPlaneApi } from '../edge/control-plane-api';
import { addCorsPreflight } from '../edge/cors-preflight';
import { PlanSigningKeys } from './plan-signing-keys';

export interface SignedPlansProps {
  /** The public API: the JWKS is published on it, and its URL is the plans' issuer. */
  readonly api: ControlPlaneApi;
  /** The API of the admin routes: plans are signed behind its authorizer. @default - `api` */
  readonly adminRoutes?: ControlPlaneApi;
  readonly functionPlacement: PlatformFunctionPlacement;
  readonly planSigning: PlanSigningConfig;
  /** The tenants a plan may be signed for. */
  readonly tenantIds: readonly string[];
}

/**
 * The control-plane side of signed plans: the KMS signing keys, the signer behind `POST /tenants/{tenantId}/plans`
 * (deployer and admin roles), the public `/.well-known/jwks.json`, and the SSM parameters through which the tenants'
 * plan verifiers find the issuer and the JWKS. The plan is the request body, so the WAF's 8192-byte body limit bounds
 * it on this route.
 */
export class SignedPlans extends ConstructGroup {
  public readonly signingKeys: PlanSigningKeys;
  public readonly planSigner: PlatformFunction;
  public readonly jwks: PlatformFunction;

  constructor(scope: Construct, id: string, props: SignedPlansProps) {
    super(scope, id);
    const { api } = props;
    const admin = props.adminRoutes ?? api;
    this.signingKeys = new PlanSigningKeys(this, 'PlanSigningKeys', props.planSigning);
    const signerEnv = FUNCTION_ENVIRONMENT.planSigner;
    this.planSigner = new PlatformFunction(this, 'PlanSigner', {
      ...props.functionPlacement,
      entry: 'lambda/plan-signer/handler.ts',
      name: 'plan-signer',
      description: 'Signs execution plans for tenant data planes with the active KMS key (ES256)',
      environment: {
        [signerEnv.signingKeyId]: this.signingKeys.active.keyArn,
        [signerEnv.issuer]: api.baseUrl,
        [signerEnv.tenantIds]: props.tenantIds.join(LIST_SEPARATOR),
        [signerEnv.maxPlanBytes]: String(MAX_BODY_BYTES),
        ...(admin.cors.allowedOrigins.length > 0 ? { [signerEnv.corsAllowedOrigins]: admin.cors.allowedOrigins.join(LIST_SEPARATOR) } : {}),
      },
    });
    this.signingKeys.allowSign(this.planSigner.role);
    this.jwks = new PlatformFunction(this, 'Jwks', {
      ...props.functionPlacement,
      entry: 'lambda/jwks/handler.ts',
      name: 'jwks',
      description: 'Publishes the public plan-signing keys as a JWKS',
      environment: { [FUNCTION_ENVIRONMENT.jwks.signingKeyIds]: this.signingKeys.publishedKeyIds().join(LIST_SEPARATOR) },
    });
    this.signingKeys.allowPublish(this.jwks.role);

    const planModel = admin.api.addModel('PlanModel', {
      contentType: 'application/json',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, title: 'ExecutionPlan' },
    });
    const plansResource = admin.adminRouteRoot().addResource('{tenantId}').addResource('plans');
    const plans = plansResource.addMethod('POST', new apigw.LambdaIntegration(this.planSigner.function), {
      requestValidator: admin.bodyValidator,
      requestModels: { 'application/json': planModel },
      requestParameters: { 'method.request.path.tenantId': true },
    });
    acknowledge(plans, 'customAuthorizerNotCognito');
    acknowledgeInvokePermissions(plans);
    if (admin.cors.allowedOrigins.length > 0) {
      addCorsPreflight(plansResource, admin.cors, ['POST']);
    }
    const jwksMethod = api.api.root
      .addResource('.well-known')
      .addResource('jwks.json')
      .addMethod('GET', new apigw.LambdaIntegration(this.jwks.function), { authorizationType: apigw.AuthorizationType.NONE });
    acknowledge(jwksMethod, 'publicJwks');
    acknowledgeInvokePermissions(jwksMethod);

    // The tenants' plan verifiers trust whatever these name (the issuer, the keys): protected like the keys themselves.
    protect(new ssm.StringParameter(this, 'ApiUrlParameter', { parameterName: CONTROL_PLANE_PARAMETERS.apiUrl, stringValue: api.baseUrl, description: 'Control-plane API endpoint (iss of signed plans)' }));
    protect(new ssm.StringParameter(this, 'JwksUrlParameter', { parameterName: CONTROL_PLANE_PARAMETERS.jwksUrl, stringValue: `${api.baseUrl}.well-known/jwks.json`, description: 'Control-plane JWKS for plan verification' }));
  }
}
