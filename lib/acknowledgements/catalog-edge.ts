/** Reviewed acknowledgements owned by platform-edge: the control-plane edge (API, functions, WAF). Part of the one catalog (catalog.ts). */
import { AcknowledgementEntry } from './entry';

export const EDGE_ACKNOWLEDGEMENTS = {
  publicHealthCheck: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      'GET /health-check is public by design so load balancers and uptime monitors can call it without credentials. It ' +
      'reports only ok or degraded per component (no versions, hosts, errors), sits behind the WAF rate limit, and its ' +
      'function may only describe the table and list the bucket.',
  },
  synchronousFunctionNoDlq: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ'],
    resourceTypes: ['AWS::Lambda::Function'],
    reason:
      'Platform functions are invoked synchronously by API Gateway (authorizer, integrations), where a dead-letter queue never ' +
      'receives anything: a failure is returned to the caller at once as a plain error and logged with a reason code, and ' +
      'the failed-authentication and 5XX metrics record it.',
  },
  customAuthorizerNotCognito: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-COG4'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      "Admin tokens come from the platform's own identity provider, not a Cognito user pool: the method is guarded by the " +
      'admin authorizer, which verifies RS256 signatures against the provider JWKS, the required claims and the role table.',
  },
  gdprAlertKeyByAlias: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      'The GDPR handler publishes erasure alerts to a topic encrypted under the account baseline alerts key, whose ARN no ' +
      'stack publishes; the grant names it by its alias (kms:ResourceAliases alias/tenant-baseline/alerts) and only ' +
      'through SNS in this region (kms:ViaService), for Decrypt and GenerateDataKey: no other key of the account qualifies.',
  },
  gdprTenantExportFunctionsInTheirAccounts: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:{account}:function:tenant-baseline-*-export]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "As gdprTenantExportFunctionsByName, for tenants in another account of the organization: lambda:InvokeFunction on the " +
      'functions named tenant-baseline-<tenant>-export in that account and region, one ARN per account. Each such function ' +
      "admits the control plane's account by a resource policy (DataExportAsPlanned judges it) and reaches only its tenant's data.",
  },
  gdprTenantExportFunctionsByName: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:tenant-baseline-*-export]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "The GDPR handler starts any configured tenant's export and asks it for a download link: lambda:InvokeFunction on " +
      'the functions named tenant-baseline-<tenant>-export in this account and region, nothing else. The handler names ' +
      'only tenants of its configuration (UNKNOWN_TENANT otherwise); one ARN per tenant would outgrow a managed ' +
      "policy's 6,144 characters at a few dozen tenants. Each export function's own role reaches only its tenant's data.",
  },
  apiStageNoCacheNoClientCert: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: [
      'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
      'HIPAA.Security-APIGWSSLEnabled',
      'NIST.800.53.R5-APIGWSSLEnabled',
      'PCI.DSS.321-APIGWSSLEnabled',
    ],
    resourceTypes: ['AWS::ApiGateway::Stage'],
    reason:
      'The stage caches nothing on purpose (responses are per caller and sent with Cache-Control no-store), so there is no ' +
      'cache to encrypt; and its integrations are Lambda and mock only, with no HTTP backend that a client certificate ' +
      'would authenticate to. Clients reach the stage over TLS 1.3 only.',
  },
  apiGatewayLoggingRole: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]'],
    resourceTypes: ['AWS::IAM::Role'],
    reason:
      "API Gateway's account-level logging setting takes a role with the AWS-maintained AmazonAPIGatewayPushToCloudWatchLogs " +
      'policy, which only creates log groups and streams and puts events; the role is assumable only by API Gateway.',
  },
  publicJwks: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
    resourceTypes: ['AWS::ApiGateway::Method'],
    reason:
      'GET /.well-known/jwks.json must be public: every tenant data plane fetches it to verify signed plans. It returns only ' +
      'public keys (kty, crv, x, y, kid, alg, use), sits behind the WAF rate limit, and its function may only read public keys.',
  },
  apiInvokePermissionSourceArn: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['ControlTower::CT.LAMBDA.PR.2'],
    resourceTypes: ['AWS::Lambda::Permission'],
    reason:
      'The permission is not public: its principal is apigateway.amazonaws.com and SourceArn names this account\'s API, ' +
      'stage, method and path (or this API\'s authorizer). The ARN is joined from the API id at deploy time, and the ' +
      'control accepts only a literal string or a resource reference there, so it cannot read the condition.',
  },
  heartbeatIngestListsTenantKeyIds: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/tenant-baseline/tenants/*/api-keys]'],
    resourceTypes: ['AWS::IAM::ManagedPolicy'],
    reason:
      "The heartbeat ingest lists, with GetParametersByPath only, the api-keys path of the tenant a heartbeat claims; the " +
      'wildcard is the tenant id (156 tenant paths would not fit a policy). The values are API key ids, not key values, ' +
      'and the policy grants no read of any secret and no write.',
  },
  tenantApiKeySecretRotation: {
    owner: 'platform-edge',
    reviewBy: '2027-06-01',
    ruleIds: ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
    resourceTypes: ['AWS::SecretsManager::Secret'],
    reason:
      "A tenant API key's secret is rotated by a two-key overlap in the configuration (tenants[].apiAccess: add a key, make " +
      'it active, remove the old one), not by a rotation function: API Gateway keeps a key value for the life of the key, ' +
      'so a new value is a new key, and the heartbeat signatures, not this key, authenticate the sidecars.',
  },
} satisfies Record<string, AcknowledgementEntry>;
