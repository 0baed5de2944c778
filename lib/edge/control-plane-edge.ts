import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';
import { DEFAULT_PLAN_SIGNING, IdentityProviderConfig, PlanSigningConfig, WAF_RATE_LIMITS, WafConfig } from '../config/platform-config';
import { PlanSigningKeys } from '../signing/plan-signing-keys';
import { PlatformFunction } from '../compute/platform-function';
import { PlatformBackup } from '../data/platform-backup';
import { PlatformBucket } from '../data/platform-bucket';
import { PlatformTable } from '../data/platform-table';
import { AlertTopics } from '../detection/alert-topics';
import { PlatformAlarms } from '../detection/platform-alarms';
import { HTTPS_PORT, LOG_GROUP_PREFIXES } from '../naming';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { API_NAME, ControlPlaneApi } from './control-plane-api';
import { ApiWebAcl, MAX_BODY_BYTES } from './web-acl';

export interface ControlPlaneEdgeProps {
  readonly vpc: ec2.IVpc;
  /** Private subnets with NAT egress, for the functions. */
  readonly subnets: ec2.SubnetSelection;
  readonly encryptionKey: kms.IKey;
  readonly identityProvider: IdentityProviderConfig;
  readonly waf?: WafConfig;
  readonly tenantIds: readonly string[];
  /** @default DEFAULT_PLAN_SIGNING */
  readonly planSigning?: PlanSigningConfig;
}

/**
 * The control plane's public edge: its table and bucket (under the control-plane key, backed up), the admin
 * authorizer and health-check functions, the TLS 1.3 REST API, the WAF in front of it, and the platform alarms on
 * its metrics (sent to the account baseline's topics, found through SSM).
 */
export class ControlPlaneEdge extends Construct {
  public readonly table: PlatformTable;
  public readonly backup: PlatformBackup;
  public readonly bucket: PlatformBucket;
  public readonly authorizer: PlatformFunction;
  public readonly healthCheck: PlatformFunction;
  public readonly api: ControlPlaneApi;
  public readonly webAcl: ApiWebAcl;
  public readonly alarms: PlatformAlarms;
  public readonly signingKeys: PlanSigningKeys;
  public readonly planSigner: PlatformFunction;
  public readonly jwks: PlatformFunction;
  /** Sidecar id -> Ed25519 public key, tenant, status, last counter and timestamp. */
  public readonly sidecarRegistry: PlatformTable;
  public readonly heartbeatIngest: PlatformFunction;

  constructor(scope: Construct, id: string, props: ControlPlaneEdgeProps) {
    super(scope, id);
    this.table = new PlatformTable(this, 'Table', { encryptionKey: props.encryptionKey });
    this.bucket = new PlatformBucket(this, 'Bucket', { encryptionKey: props.encryptionKey });
    this.sidecarRegistry = new PlatformTable(this, 'SidecarRegistry', {
      encryptionKey: props.encryptionKey,
      partitionKey: { name: 'sidecarId', type: dynamodb.AttributeType.STRING },
      sortKey: null,
    });
    this.backup = new PlatformBackup(this, 'Backup', {
      encryptionKey: props.encryptionKey,
      resources: [backup.BackupResource.fromDynamoDbTable(this.table.table), backup.BackupResource.fromDynamoDbTable(this.sidecarRegistry.table)],
    });

    const functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: props.vpc,
      description: 'Control-plane functions: HTTPS out only (AWS APIs through endpoints or NAT, the identity provider), no ingress',
      allowAllOutbound: false,
    });
    functionSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS to AWS APIs and the identity provider');
    const common = { vpc: props.vpc, subnets: props.subnets, securityGroup: functionSecurityGroup, encryptionKey: props.encryptionKey, logGroupPrefix: LOG_GROUP_PREFIXES.controlPlane };

    this.authorizer = new PlatformFunction(this, 'AdminAuthorizer', {
      ...common,
      entry: 'lambda/admin-authorizer/handler.ts',
      name: 'admin-authorizer',
      description: 'Verifies admin tokens (RS256, identity provider JWKS) and maps groups to routes',
      environment: { JWKS_URL: props.identityProvider.jwksUrl, TOKEN_ISSUER: props.identityProvider.issuer, TOKEN_AUDIENCE: props.identityProvider.audience },
      timeout: Duration.seconds(5),
    });
    this.healthCheck = new PlatformFunction(this, 'HealthCheck', {
      ...common,
      entry: 'lambda/health-check/handler.ts',
      name: 'health-check',
      description: 'Reports ok or degraded for the control-plane table and bucket, nothing else',
      environment: { TABLE_NAME: this.table.table.tableName, BUCKET_NAME: this.bucket.bucket.bucketName },
    });
    this.healthCheck.allow('DescribeOwnTable', ['dynamodb:DescribeTable'], [this.table.table.tableArn]);
    this.healthCheck.allow('HeadOwnBucket', ['s3:ListBucket'], [this.bucket.bucket.bucketArn]);

    this.api = new ControlPlaneApi(this, 'Api', { encryptionKey: props.encryptionKey, authorizerFunction: this.authorizer.function, healthCheckFunction: this.healthCheck.function, tenantIds: props.tenantIds });
    this.webAcl = new ApiWebAcl(this, 'WebAcl', {
      stageArn: this.api.api.deploymentStage.stageArn,
      encryptionKey: props.encryptionKey,
      ratePerFiveMinutes: props.waf?.ratePerFiveMinutes ?? WAF_RATE_LIMITS.default,
      allowList: props.waf?.allowList,
    });
    // Signed plans: the KMS keys, the signer behind POST /tenants/{tenantId}/plans (deployer and admin roles), and the
    // public JWKS. The plan is the request body, so the WAF's 8192-byte body limit bounds it on this route.
    this.signingKeys = new PlanSigningKeys(this, 'PlanSigningKeys', props.planSigning ?? DEFAULT_PLAN_SIGNING);
    this.planSigner = new PlatformFunction(this, 'PlanSigner', {
      ...common,
      entry: 'lambda/plan-signer/handler.ts',
      name: 'plan-signer',
      description: 'Signs execution plans for tenant data planes with the active KMS key (ES256)',
      environment: {
        SIGNING_KEY_ID: this.signingKeys.active.keyArn,
        PLAN_ISSUER: this.api.baseUrl,
        TENANT_IDS: props.tenantIds.join(','),
        MAX_PLAN_BYTES: String(MAX_BODY_BYTES),
      },
    });
    this.signingKeys.allowSign(this.planSigner.role);
    this.jwks = new PlatformFunction(this, 'Jwks', {
      ...common,
      entry: 'lambda/jwks/handler.ts',
      name: 'jwks',
      description: 'Publishes the public plan-signing keys as a JWKS',
      environment: { SIGNING_KEY_IDS: this.signingKeys.publishedKeyIds().join(',') },
    });
    this.signingKeys.allowPublish(this.jwks.role);

    const planModel = this.api.api.addModel('PlanModel', {
      contentType: 'application/json',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, title: 'ExecutionPlan' },
    });
    const plans = this.api.tenantsResource.addResource('{tenantId}').addResource('plans').addMethod('POST', new apigw.LambdaIntegration(this.planSigner.function), {
      requestValidator: this.api.bodyValidator,
      requestModels: { 'application/json': planModel },
      requestParameters: { 'method.request.path.tenantId': true },
    });
    acknowledge(plans, 'customAuthorizerNotCognito');
    const jwksMethod = this.api.api.root
      .addResource('.well-known')
      .addResource('jwks.json')
      .addMethod('GET', new apigw.LambdaIntegration(this.jwks.function), { authorizationType: apigw.AuthorizationType.NONE });
    acknowledge(jwksMethod, 'publicJwks');
    // Heartbeats: the sidecar key registry and the ingest behind POST /heartbeats. Sidecars are not admins: the route
    // has no admin authorizer; each heartbeat is authenticated by its Ed25519 signature under a registered key.
    this.heartbeatIngest = new PlatformFunction(this, 'HeartbeatIngest', {
      ...common,
      entry: 'lambda/heartbeat-ingest/handler.ts',
      name: 'heartbeat-ingest',
      description: 'Verifies signed heartbeats from metering sidecars and advances their counters',
      environment: { REGISTRY_TABLE: this.sidecarRegistry.table.tableName, WINDOW_SECONDS: '300' },
    });
    this.heartbeatIngest.allow('ReadAndAdvanceRegistry', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [this.sidecarRegistry.table.tableArn]);
    this.heartbeatIngest.allow('UseRegistryKeyThroughDynamoDb', ['kms:Decrypt', 'kms:GenerateDataKey'], [props.encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` },
    });
    const heartbeats = this.api.api.root.addResource('heartbeats').addMethod('POST', new apigw.LambdaIntegration(this.heartbeatIngest.function), { authorizationType: apigw.AuthorizationType.NONE });
    acknowledge(heartbeats, 'signedHeartbeatRoute');

    new ssm.StringParameter(this, 'ApiUrlParameter', { parameterName: CONTROL_PLANE_PARAMETERS.apiUrl, stringValue: this.api.baseUrl, description: 'Control-plane API endpoint (iss of signed plans)' });
    new ssm.StringParameter(this, 'JwksUrlParameter', { parameterName: CONTROL_PLANE_PARAMETERS.jwksUrl, stringValue: `${this.api.baseUrl}.well-known/jwks.json`, description: 'Control-plane JWKS for plan verification' });

    const topics = AlertTopics.fromParameters(this);
    this.alarms = new PlatformAlarms(this, 'Alarms', { securityTopic: topics.security, mediumTopic: topics.medium, apiName: API_NAME });
    acknowledgeInvokePermissions(this);
  }
}

/**
 * API Gateway's invoke permissions (one per integration and stage, one for the token authorizer) name their API in
 * `SourceArn`, built with Fn::Join from the API id; CT.LAMBDA.PR.2 accepts only a literal or a resource reference there,
 * so each is acknowledged (catalog entry `apiInvokePermissionSourceArn`). Runs after every method exists.
 */
function acknowledgeInvokePermissions(scope: Construct) {
  for (const node of scope.node.findAll()) {
    if (node instanceof lambda.CfnPermission && node.principal === 'apigateway.amazonaws.com') {
      acknowledge(node, 'apiInvokePermissionSourceArn');
    }
  }
}
