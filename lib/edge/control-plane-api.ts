import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { acknowledge } from '../acknowledgements/acknowledge';
import { CONTROL_PLANE_API_NAME, CONTROL_PLANE_API_STAGE, PLATFORM_PREFIX } from '../naming';
import { ControlPlaneDomainConfig, CorsConfig, DEFAULT_CORS, DEFAULT_LOG_RETENTION_DAYS, DEFAULT_THROTTLING, PrivateAdminApiConfig, ThrottlingConfig } from '../config/platform-config';
import { ApiVisibility, plannedApiOf, PRIVATE_ADMIN_API_ACCESS_LOG_GROUP, PRIVATE_ADMIN_API_NAME, throttledRoutesOn } from '../config/private-admin-api-plan';
import { addCorsPreflight, corsHeadersFor, corsTemplateFor, methodResponseHeaders } from './cors-preflight';
import { logDataProtectionPolicy } from '../config/log-data-protection-plan';
import { customDomainBaseUrl } from '../config/domain-plan';

/** The enhanced TLS policy (TLS 1.3 only) and the mode that makes API Gateway enforce it on every endpoint. */
export const API_TLS = { securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' } as const;
export const API_STAGE = CONTROL_PLANE_API_STAGE;
export const API_NAME = CONTROL_PLANE_API_NAME;
/** API Gateway writes execution logs to this group; it is created first so it is encrypted and expires. */
export const EXECUTION_LOG_GROUP_PREFIX = 'API-Gateway-Execution-Logs_';

/** Gateway responses that get the security headers and a body that says nothing about why. */
const GATEWAY_RESPONSES: ReadonlyArray<{ type: apigw.ResponseType; statusCode?: string; message?: string }> = [
  { type: apigw.ResponseType.DEFAULT_4XX },
  { type: apigw.ResponseType.DEFAULT_5XX },
  { type: apigw.ResponseType.UNAUTHORIZED, statusCode: '401', message: 'Unauthorized' },
  { type: apigw.ResponseType.ACCESS_DENIED, statusCode: '403', message: 'Forbidden' },
  { type: apigw.ResponseType.AUTHORIZER_FAILURE, statusCode: '401', message: 'Unauthorized' },
  { type: apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR, statusCode: '401', message: 'Unauthorized' },
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, statusCode: '403', message: 'Forbidden' },
  { type: apigw.ResponseType.WAF_FILTERED, statusCode: '403', message: 'Forbidden' },
  { type: apigw.ResponseType.THROTTLED, statusCode: '429', message: 'Too Many Requests' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, statusCode: '413', message: 'Payload Too Large' },
];

/** Execution logging of every method: errors only, never bodies, with metrics. */
const STAGE_LOGGING = { loggingLevel: apigw.MethodLoggingLevel.ERROR, dataTraceEnabled: false, metricsEnabled: true } as const;

/** The access log line: JSON with the caller's principal and the WAF and authorizer outcomes. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  principal: '$context.authorizer.principalId',
  method: '$context.httpMethod',
  resource: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  wafStatus: '$context.waf.status',
  authorizerStatus: '$context.authorizer.status',
} as const;

/** Header values as API Gateway wants them in gateway responses: single-quoted literals. */
export function quotedSecurityHeaders(): Record<string, string> {
  return Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k, `'${v}'`]));
}

export interface ControlPlaneApiProps {
  /** Encrypts the access and execution log groups. */
  readonly encryptionKey: kms.IKey;
  /** The admin-token authorizer function; guards every route unless a route opts out. */
  readonly authorizerFunction: lambda.IFunction;
  /** Serves `GET /health-check`, the one public route. */
  readonly healthCheckFunction: lambda.IFunction;
  /** The tenant ids `GET /tenants` lists (for viewers and up). */
  readonly tenantIds: readonly string[];
  /** @default 365 days (DEFAULT_LOG_RETENTION_DAYS) */
  readonly logRetention?: logs.RetentionDays;
  /** The stage's limit and each route's own (method settings per route). @default DEFAULT_THROTTLING */
  readonly throttling?: ThrottlingConfig;
  /** Browser origins the admin routes answer (lib/config/cors-plan.ts). @default - none: no CORS header, no OPTIONS route */
  readonly cors?: CorsConfig;
  /**
   * The API's custom domain: with it the `execute-api` endpoint is disabled and `baseUrl` is the domain's URL (the
   * domain itself is ApiCustomDomain, built beside this API). @default - no custom domain: the `execute-api` URL
   */
  readonly domain?: ControlPlaneDomainConfig;
  /**
   * The private admin API's configuration: with it, this API holds only the routes planned on its side
   * (lib/config/private-admin-api-plan.ts). @default - no private admin API: every route here
   */
  readonly privateAdminApi?: PrivateAdminApiConfig;
  /**
   * Makes this the private admin API: endpoint type PRIVATE, associated with this interface endpoint, and a resource
   * policy that admits `execute-api:Invoke` only through it. @default - the public (regional) API
   */
  readonly privateEndpoint?: ec2.IInterfaceVpcEndpoint;
}

/**
 * The control plane's public REST API: regional, TLS 1.3 only with STRICT endpoint access (set on the L1, which the
 * L2 has no property for), JSON access logs with the caller's principal into an encrypted log group, execution logging
 * without bodies, X-Ray tracing, stage throttling, request validation, security headers on every gateway response,
 * and the admin authorizer on every method by default. `GET /health-check` is the only unauthenticated route. With
 * `privateEndpoint` the same construct is the private admin API (PRIVATE, resource policy, the admin routes only); with
 * `privateAdminApi` and no endpoint it is the public API without the admin routes (lib/config/private-admin-api-plan.ts).
 */
export class ControlPlaneApi extends Construct {
  public readonly api: apigw.RestApi;
  /** The admin-token authorizer: on the API that holds the admin routes only (an authorizer must guard a method). */
  public readonly authorizer?: apigw.TokenAuthorizer;
  public readonly bodyValidator: apigw.RequestValidator;
  public readonly accessLogGroup: logs.LogGroup;
  /**
   * The stage's base URL built from the API id and the literal stage name, or the custom domain's URL when there is one.
   * Functions behind the API use it (the plan issuer); `api.url` would make them depend on the stage, which depends on
   * their methods: a cycle.
   */
  public readonly baseUrl: string;
  /** `/tenants`, under which tenant-scoped routes are added; absent on the public API when the admin routes are private. */
  public readonly tenantsResource?: apigw.IResource;
  /** Which API this is: the public one, or the private admin API. */
  public readonly visibility: ApiVisibility;
  /** The CORS configuration the admin routes follow; routes added later read it (addCorsPreflight when origins are set). */
  public readonly cors: CorsConfig;

  constructor(scope: Construct, id: string, props: ControlPlaneApiProps) {
    super(scope, id);
    this.cors = props.cors ?? DEFAULT_CORS;
    this.visibility = props.privateEndpoint ? 'private' : 'public';
    const retention = props.logRetention ?? DEFAULT_LOG_RETENTION_DAYS;
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: props.privateEndpoint ? PRIVATE_ADMIN_API_ACCESS_LOG_GROUP : `/${PLATFORM_PREFIX}/control-plane/api-access`,
      encryptionKey: props.encryptionKey,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.accessLogGroup.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();

    const holdsAdminRoutes = plannedApiOf('GET', '/tenants', props.privateAdminApi) === this.visibility;
    if (holdsAdminRoutes) {
      this.authorizer = new apigw.TokenAuthorizer(this, 'AdminAuthorizer', {
        handler: props.authorizerFunction,
        identitySource: apigw.IdentitySource.header('Authorization'),
        resultsCacheTtl: Duration.minutes(5),
      });
    }

    this.api = this.createRestApi(props);
    const stack = Stack.of(this);
    this.baseUrl = props.domain && !props.privateEndpoint ? customDomainBaseUrl(props.domain) : `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${API_STAGE}/`;
    if (props.privateEndpoint) {
      // The private API answers at its endpoint alias (public DNS, the endpoint's private addresses), private DNS being off.
      this.api.node.tryRemoveChild('Endpoint');
      new CfnOutput(this.api, 'Endpoint', { value: `https://${this.api.restApiId}-${props.privateEndpoint.vpcEndpointId}.execute-api.${stack.region}.${stack.urlSuffix}/${API_STAGE}/` });
    } else if (props.domain) {
      // The RestApi's own output names the execute-api URL, which is disabled: the output (same id) names the domain's.
      this.api.node.tryRemoveChild('Endpoint');
      new CfnOutput(this.api, 'Endpoint', { value: this.baseUrl });
    }
    const cfn = this.api.node.defaultChild as apigw.CfnRestApi;
    cfn.securityPolicy = API_TLS.securityPolicy;
    cfn.endpointAccessMode = API_TLS.endpointAccessMode;
    this.createExecutionLogGroup(props.encryptionKey, retention);

    this.bodyValidator = this.api.addRequestValidator('BodyValidator', { validateRequestBody: true, validateRequestParameters: true });

    const headers = quotedSecurityHeaders();
    this.addGatewayResponses(headers);

    acknowledge(this.api.deploymentStage, 'apiStageNoCacheNoClientCert');

    if (holdsAdminRoutes) {
      this.tenantsResource = this.addTenantsRoute(props.tenantIds);
    }
    if (plannedApiOf('GET', '/health-check', props.privateAdminApi) === this.visibility) {
      this.addHealthCheckRoute(props.healthCheckFunction);
    }
  }

  /** `/tenants`, for the admin routes; only the API that holds them has it. */
  public adminRouteRoot(): apigw.IResource {
    if (!this.tenantsResource) {
      throw new Error(`${this.node.path}: the admin routes are on the private admin API, not on this one`);
    }
    return this.tenantsResource;
  }

  /**
   * The REST API and its stage: JSON access logs, error-level execution logs without bodies, tracing, throttling for
   * the stage and per route. A route's method settings repeat the stage's logging, so nothing but its limit differs.
   */
  private createRestApi(props: ControlPlaneApiProps): apigw.RestApi {
    const throttling = props.throttling ?? DEFAULT_THROTTLING;
    const methodOptions = Object.fromEntries(
      Object.entries(throttledRoutesOn(this.visibility, throttling, props.privateAdminApi)).map(([route, limit]) => {
        const [method, path] = route.split(' ');
        // CDK's key is `<path>/<METHOD>`; it renders the `~1`-encoded ResourcePath of throttle-plan.ts's methodSettingKey.
        return [`${path}/${method}`, { ...STAGE_LOGGING, throttlingRateLimit: limit.rateLimit, throttlingBurstLimit: limit.burstLimit }];
      }),
    );
    const endpoint = props.privateEndpoint;
    return new apigw.RestApi(this, 'Resource', {
      restApiName: endpoint ? PRIVATE_ADMIN_API_NAME : API_NAME,
      description: endpoint
        ? 'Control-plane admin API: private, only through its interface endpoint, TLS 1.3 only, behind WAF, admin tokens on every route'
        : 'Control-plane API: TLS 1.3 only, behind WAF, admin tokens on every route but the health check',
      endpointConfiguration: endpoint ? { types: [apigw.EndpointType.PRIVATE], vpcEndpoints: [endpoint] } : { types: [apigw.EndpointType.REGIONAL] },
      ...(endpoint ? { policy: privateApiPolicy(endpoint) } : {}),
      // With a custom domain, clients use only it: its certificate is CA-signed for the platform's own name (seed 000).
      ...(props.domain ? { disableExecuteApiEndpoint: true } : {}),
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        ...STAGE_LOGGING,
        tracingEnabled: true,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        methodOptions,
      },
      // Without the admin routes (they are private), a route added later needs SigV4 (IAM) rather than nothing.
      defaultMethodOptions: this.authorizer ? { authorizer: this.authorizer, authorizationType: apigw.AuthorizationType.CUSTOM } : { authorizationType: apigw.AuthorizationType.IAM },
    });
  }

  /** Execution logs: API Gateway creates this group on first use, unencrypted and kept forever, unless it exists. */
  private createExecutionLogGroup(encryptionKey: kms.IKey, retention: logs.RetentionDays): void {
    const executionLogs = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `${EXECUTION_LOG_GROUP_PREFIX}${this.api.restApiId}/${API_STAGE}`,
      encryptionKey,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (executionLogs.node.defaultChild as logs.CfnLogGroup).dataProtectionPolicy = logDataProtectionPolicy();
    this.api.deploymentStage.node.addDependency(executionLogs);
  }

  /** The security headers and a body that gives nothing away on every response API Gateway itself produces. */
  private addGatewayResponses(headers: Record<string, string>): void {
    for (const response of GATEWAY_RESPONSES) {
      this.api.addGatewayResponse(response.type.responseType, {
        type: response.type,
        responseHeaders: headers,
        ...(response.statusCode ? { statusCode: response.statusCode } : {}),
        templates: { 'application/json': JSON.stringify({ message: response.message ?? '$context.error.messageString' }) },
      });
    }
  }

  /**
   * GET /tenants: the tenants this control plane serves, answered by API Gateway itself (no function), for any role;
   * with CORS origins configured, its answer carries their CORS headers and the route gets its preflight.
   */
  private addTenantsRoute(tenantIds: readonly string[]): apigw.IResource {
    const responseHeaders = methodResponseHeaders({ ...SECURITY_HEADERS, ...corsHeadersFor(this.cors) });
    const resource = this.api.root.addResource('tenants');
    const tenants = resource.addMethod(
      'GET',
      new apigw.MockIntegration({
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [{ statusCode: '200', responseParameters: responseHeaders.integration, responseTemplates: { 'application/json': corsTemplateFor(this.cors) + JSON.stringify({ tenants: [...tenantIds] }) } }],
      }),
      { methodResponses: [{ statusCode: '200', responseParameters: responseHeaders.declared }] },
    );
    acknowledge(tenants, 'customAuthorizerNotCognito');
    if (this.cors.allowedOrigins.length > 0) {
      addCorsPreflight(resource, this.cors, ['GET']);
    }
    return resource;
  }

  /** GET /health-check: the one route without the authorizer. */
  private addHealthCheckRoute(healthCheckFunction: lambda.IFunction): void {
    const health = this.api.root.addResource('health-check');
    const healthMethod = health.addMethod('GET', new apigw.LambdaIntegration(healthCheckFunction), { authorizationType: apigw.AuthorizationType.NONE, authorizer: undefined });
    acknowledge(healthMethod, 'publicHealthCheck');
  }
}

/**
 * The private API's resource policy: invoke only through `endpoint` (`aws:SourceVpce`), and an explicit deny of every
 * other source, so no later Allow (another statement, an IAM policy of the same account) can open it wider.
 */
export function privateApiPolicy(endpoint: ec2.IInterfaceVpcEndpoint): iam.PolicyDocument {
  const invoke = { principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] };
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ ...invoke, effect: iam.Effect.ALLOW, conditions: { StringEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } } }),
      new iam.PolicyStatement({ ...invoke, effect: iam.Effect.DENY, conditions: { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } } }),
    ],
  });
}
