/**
 * The platform's SSM parameters as pure data: every parameter a stack publishes, in which kind of stack, and what its
 * value must be. The other stacks (and the runtime hosts) trust these values at deploy or boot time: the tenants'
 * attachments take the hub's route tables from them, the plan verifiers their issuer and keys, the hosts the sidecar
 * hashes. The gate's SsmParametersAsPlanned rule compares every synthesized parameter with `plannedParameters()`.
 */
import { CONTROL_PLANE_PARAMETERS, HUB_PARAMETERS, SIDECAR_PARAMETERS, TENANT_API_KEY_PARAMETERS, TENANT_RUNTIME_PARAMETERS } from '../../contracts/ssm-parameters';
import { CONTROL_PLANE_API_NAME, HUB_ROUTE_TABLE_NAMES, PLATFORM_PREFIX } from '../naming';
import { ALERT_TIER_NAMES, ALERT_TIERS } from './alert-tiers';
import { customDomainBaseUrl } from './domain-plan';
import { PlatformConfig } from './types';
import { hubSharePrincipals } from './account-plan';

/** What a parameter's value must be, in terms of its own template. */
export type PlannedValue =
  /** A `Ref` to a resource of the template of this type (and, where given, with this Name tag or topic name). */
  | { readonly kind: 'ref'; readonly type: string; readonly nameTag?: string; readonly topicName?: string; readonly name?: string }
  /** The control-plane API's URL (`https://<api>.execute-api.<region>.<suffix>/<stage>/`) followed by `path`. */
  | { readonly kind: 'api-url'; readonly path: string }
  /** The ARN of the key that encrypts the bucket another parameter names. */
  | { readonly kind: 'key-of-bucket'; readonly bucketParameter: string }
  /** Exactly this text. */
  | { readonly kind: 'literal'; readonly value: string };

export interface PlannedParameter {
  readonly stack: 'network-hub' | 'account-baseline' | 'control-plane' | 'tenant';
  /** For a parameter of a tenant stack: which tenant's. */
  readonly tenantId?: string;
  readonly value: PlannedValue;
}

/** Every SSM parameter of the platform by name. All of them are protected (tag-protection SCP). */
export function plannedParameters(config: PlatformConfig): ReadonlyMap<string, PlannedParameter> {
  const plan = new Map<string, PlannedParameter>([
    [HUB_PARAMETERS.transitGatewayId, { stack: 'network-hub', value: { kind: 'ref', type: 'AWS::EC2::TransitGateway' } }],
    [HUB_PARAMETERS.tenantRouteTableId, { stack: 'network-hub', value: { kind: 'ref', type: 'AWS::EC2::TransitGatewayRouteTable', nameTag: HUB_ROUTE_TABLE_NAMES.tenant } }],
    [HUB_PARAMETERS.controlPlaneRouteTableId, { stack: 'network-hub', value: { kind: 'ref', type: 'AWS::EC2::TransitGatewayRouteTable', nameTag: HUB_ROUTE_TABLE_NAMES.controlPlane } }],
    ...ALERT_TIER_NAMES.map((tier): [string, PlannedParameter] => [ALERT_TIERS[tier].parameterName, { stack: 'account-baseline', value: { kind: 'ref', type: 'AWS::SNS::Topic', topicName: ALERT_TIERS[tier].topicName } }]),
  ]);
  if (hubSharePrincipals(config).length > 0) {
    plan.set(HUB_PARAMETERS.verificationRouteTableId, { stack: 'network-hub', value: { kind: 'ref', type: 'AWS::EC2::TransitGatewayRouteTable', nameTag: HUB_ROUTE_TABLE_NAMES.verification } });
  }
  const { identityProvider, domain } = config.controlPlane;
  if (identityProvider) {
    // With a custom domain the execute-api endpoint is disabled: the issuer and the JWKS must name the domain's URL.
    const apiUrl = (path: string): PlannedValue => (domain ? { kind: 'literal', value: `${customDomainBaseUrl(domain)}${path}` } : { kind: 'api-url', path });
    plan.set(CONTROL_PLANE_PARAMETERS.apiUrl, { stack: 'control-plane', value: apiUrl('') });
    plan.set(CONTROL_PLANE_PARAMETERS.jwksUrl, { stack: 'control-plane', value: apiUrl('.well-known/jwks.json') });
    // The public API by name: the tenants' usage plans attach to its stage (with a private admin API, there are two).
    plan.set(CONTROL_PLANE_PARAMETERS.apiId, { stack: 'control-plane', value: { kind: 'ref', type: 'AWS::ApiGateway::RestApi', name: CONTROL_PLANE_API_NAME } });
  }
  // Each tenant publishes the ids of its API keys; the heartbeat ingest trusts them to bind a key to its tenant.
  for (const tenant of config.tenants) {
    for (const keyName of tenant.apiAccess.keys) {
      plan.set(TENANT_API_KEY_PARAMETERS.keyId(tenant.id, keyName), { stack: 'tenant', tenantId: tenant.id, value: { kind: 'ref', type: 'AWS::ApiGateway::ApiKey', name: tenantApiKeyName(tenant.id, keyName) } });
    }
    // ... and tells its runtime hosts which key is active and how long transient records live.
    const active = { kind: 'ref', type: 'AWS::SecretsManager::Secret', name: tenantApiKeySecretName(tenant.id, tenant.apiAccess.active) } as const;
    plan.set(TENANT_RUNTIME_PARAMETERS.activeApiKeySecretArn(tenant.id), { stack: 'tenant', tenantId: tenant.id, value: active });
    plan.set(TENANT_RUNTIME_PARAMETERS.transientHours(tenant.id), { stack: 'tenant', tenantId: tenant.id, value: { kind: 'literal', value: String(tenant.retention.transientHours) } });
  }
  if (config.sidecar) {
    plan.set(SIDECAR_PARAMETERS.releaseBucket, { stack: 'control-plane', value: { kind: 'ref', type: 'AWS::S3::Bucket' } });
    plan.set(SIDECAR_PARAMETERS.releaseKeyArn, { stack: 'control-plane', value: { kind: 'key-of-bucket', bucketParameter: SIDECAR_PARAMETERS.releaseBucket } });
    for (const release of config.sidecar.releases) {
      plan.set(SIDECAR_PARAMETERS.releaseSha256(release.version), { stack: 'control-plane', value: { kind: 'literal', value: release.sha256 } });
    }
  }
  return plan;
}

/** The API Gateway name of tenant `tenantId`'s API key `keyName` (the tenant stack names its keys so). */
export const tenantApiKeyName = (tenantId: string, keyName: string) => `${PLATFORM_PREFIX}-${tenantId}-${keyName}`;

/** The name of the secret that holds the value of tenant `tenantId`'s API key `keyName`. */
export const tenantApiKeySecretName = (tenantId: string, keyName: string) => `${PLATFORM_PREFIX}/tenants/${tenantId}/api-keys/${keyName}`;
