import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT, LIST_SEPARATOR } from '../../contracts/environment';
import { PlatformFunction, PlatformFunctionPlacement } from '../compute/platform-function';
import { ControlPlaneDomainConfig, CorsConfig, IdentityProviderConfig, PrivateAdminApiConfig, ThrottlingConfig, WafConfig } from '../config/platform-config';
import { PlatformBucket } from '../data/platform-bucket';
import { PlatformTable } from '../data/platform-table';
import { HTTPS_PORT, LOG_GROUP_PREFIXES } from '../naming';
import { acknowledgeInvokePermissions } from './api-permissions';
import { ApiCustomDomain } from './api-custom-domain';
import { ControlPlaneApi } from './control-plane-api';
import { PrivateAdminApi } from './private-admin-api';
import { ApiWebAcl } from './web-acl';

export interface AdminApiProps {
  readonly vpc: ec2.IVpc;
  /** Private subnets with NAT egress, for the functions. */
  readonly subnets: ec2.SubnetSelection;
  readonly encryptionKey: kms.IKey;
  readonly identityProvider: IdentityProviderConfig;
  readonly waf: WafConfig;
  readonly tenantIds: readonly string[];
  /** Browser origins the admin routes answer. @default - none (CORS deny-all) */
  readonly cors?: CorsConfig;
  /** The API's stage and per-route limits. @default DEFAULT_THROTTLING */
  readonly throttling?: ThrottlingConfig;
  /** The API's custom domain (ApiCustomDomain); the `execute-api` endpoint is then disabled. @default - none */
  readonly domain?: ControlPlaneDomainConfig;
  /** The admin routes on a private API behind an interface endpoint (PrivateAdminApi). @default - every route on the public API */
  readonly privateAdminApi?: PrivateAdminApiConfig;
}

/**
 * The control plane's admin API: the TLS 1.3 REST API with the admin authorizer on every route, the WAF in front of
 * it, the public health check, and the table and bucket it reports on (under the control-plane key). Other parts of
 * the edge add their routes to `api` and run their functions with `functionPlacement` (HTTPS out only, no ingress).
 *
 * The control-plane stack creates it with the id `Edge` and places the edge's other parts (signed plans, heartbeats,
 * backups, alarms) inside it as ConstructGroups, which keeps every logical id and every construct path the API's
 * deployment hash depends on as it was before the edge was split into named parts.
 */
export class AdminApi extends Construct {
  public readonly table: PlatformTable;
  public readonly bucket: PlatformBucket;
  public readonly functionSecurityGroup: ec2.SecurityGroup;
  public readonly functionPlacement: PlatformFunctionPlacement;
  public readonly authorizer: PlatformFunction;
  public readonly healthCheck: PlatformFunction;
  public readonly api: ControlPlaneApi;
  public readonly webAcl: ApiWebAcl;
  /** The API's custom domain, when one is configured. */
  public readonly customDomain?: ApiCustomDomain;
  /** The private admin API and its endpoint, when one is configured. */
  public readonly privateAdmin?: PrivateAdminApi;
  /** The API that holds the admin routes: the private one when configured, else `api`. */
  public readonly adminRoutes: ControlPlaneApi;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    this.table = new PlatformTable(this, 'Table', { encryptionKey: props.encryptionKey });
    this.bucket = new PlatformBucket(this, 'Bucket', { encryptionKey: props.encryptionKey });

    this.functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: props.vpc,
      description: 'Control-plane functions: HTTPS out only (AWS APIs through endpoints or NAT, the identity provider), no ingress',
      allowAllOutbound: false,
    });
    this.functionSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS to AWS APIs and the identity provider');
    this.functionPlacement = {
      vpc: props.vpc,
      subnets: props.subnets,
      securityGroup: this.functionSecurityGroup,
      encryptionKey: props.encryptionKey,
      logGroupPrefix: LOG_GROUP_PREFIXES.controlPlane,
    };

    this.authorizer = new PlatformFunction(this, 'AdminAuthorizer', {
      ...this.functionPlacement,
      entry: 'lambda/admin-authorizer/handler.ts',
      name: 'admin-authorizer',
      description: 'Verifies admin tokens (RS256, identity provider JWKS) and maps groups to routes',
      environment: authorizerEnvironment(props.identityProvider),
      timeout: Duration.seconds(5),
    });
    const healthEnv = FUNCTION_ENVIRONMENT.healthCheck;
    this.healthCheck = new PlatformFunction(this, 'HealthCheck', {
      ...this.functionPlacement,
      entry: 'lambda/health-check/handler.ts',
      name: 'health-check',
      description: 'Reports ok or degraded for the control-plane table and bucket, nothing else',
      environment: { [healthEnv.tableName]: this.table.table.tableName, [healthEnv.bucketName]: this.bucket.bucket.bucketName },
    });
    this.healthCheck.allow('DescribeOwnTable', ['dynamodb:DescribeTable'], [this.table.table.tableArn]);
    this.healthCheck.allow('HeadOwnBucket', ['s3:ListBucket'], [this.bucket.bucket.bucketArn]);

    this.api = new ControlPlaneApi(this, 'Api', { encryptionKey: props.encryptionKey, authorizerFunction: this.authorizer.function, healthCheckFunction: this.healthCheck.function, tenantIds: props.tenantIds, cors: props.cors, throttling: props.throttling, domain: props.domain, privateAdminApi: props.privateAdminApi });
    if (props.privateAdminApi) {
      this.privateAdmin = new PrivateAdminApi(this, 'Private', {
        vpc: props.vpc,
        subnets: props.subnets,
        config: props.privateAdminApi,
        encryptionKey: props.encryptionKey,
        authorizerFunction: this.authorizer.function,
        healthCheckFunction: this.healthCheck.function,
        tenantIds: props.tenantIds,
        cors: props.cors,
        throttling: props.throttling,
      });
    }
    this.adminRoutes = this.privateAdmin?.api ?? this.api;
    if (props.domain) {
      this.customDomain = new ApiCustomDomain(this, 'Domain', { api: this.api.api, domain: props.domain });
    }
    this.webAcl = new ApiWebAcl(this, 'WebAcl', {
      stageArn: this.api.api.deploymentStage.stageArn,
      encryptionKey: props.encryptionKey,
      ratePerFiveMinutes: props.waf.ratePerFiveMinutes,
      allowList: props.waf.allowList,
      heartbeatRatePerFiveMinutes: props.waf.heartbeatRatePerFiveMinutes,
      botControl: props.waf.botControl,
    });
    if (this.privateAdmin) {
      this.webAcl.associate('PrivateAssociation', this.privateAdmin.api.api.deploymentStage.stageArn);
    }
    acknowledgeInvokePermissions(this);
  }
}

/** The authorizer's variables: the provider, and every identity control written out (none left to a default). */
function authorizerEnvironment(idp: IdentityProviderConfig): Record<string, string> {
  const env = FUNCTION_ENVIRONMENT.adminAuthorizer;
  return {
    [env.jwksUrl]: idp.jwksUrl,
    [env.issuer]: idp.issuer,
    [env.audience]: idp.audience,
    [env.requireMfa]: String(idp.requireMfa),
    [env.maxTokenLifetimeSeconds]: String(idp.maxTokenLifetimeSeconds),
    [env.maxAuthAgeSeconds]: String(idp.maxAuthAgeSeconds),
    [env.jwksMaxAgeSeconds]: String(idp.jwksMaxAgeSeconds),
    ...(idp.allowedEmailDomains.length > 0 ? { [env.allowedEmailDomains]: idp.allowedEmailDomains.join(LIST_SEPARATOR) } : {}),
    ...(idp.ciCdGroup !== undefined ? { [env.ciCdGroup]: idp.ciCdGroup } : {}),
  };
}
