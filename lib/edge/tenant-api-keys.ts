import { SecretValue } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CONTROL_PLANE_PARAMETERS, TENANT_API_KEY_PARAMETERS } from '../../contracts/ssm-parameters';
import { DEFAULT_TENANT_API_ACCESS, TenantApiAccessConfig } from '../config/platform-config';
import { tenantApiKeyName, tenantApiKeySecretName } from '../config/parameter-plan';
import { acknowledge } from '../acknowledgements/acknowledge';
import { protect } from '../core/protect';
import { CONTROL_PLANE_API_STAGE, PLATFORM_PREFIX } from '../naming';

/** Where tenant `tenantId`'s API key `keyName` is: its secret's name, and the API key's name in API Gateway. */
export const TENANT_API_KEY_NAMES = {
  secret: tenantApiKeySecretName,
  apiKey: tenantApiKeyName,
  usagePlan: (tenantId: string) => `${PLATFORM_PREFIX}-${tenantId}`,
} as const;

/** The generated key value: 40 letters and digits (API Gateway accepts 20..128 characters). */
export const API_KEY_VALUE_LENGTH = 40;

export interface TenantApiKeysProps {
  readonly tenantId: string;
  /** The tenant key: encrypts each key's secret. */
  readonly encryptionKey: kms.IKey;
  /** @default DEFAULT_TENANT_API_ACCESS */
  readonly apiAccess?: TenantApiAccessConfig;
}

/**
 * The tenant's access to the routes its data plane calls (`POST /heartbeats`, `apiKeyRequired`), built in the tenant's
 * own stack (156 tenants' keys in the control plane would pass its 500-resource limit, and a tenant's synth stays its
 * own): per key name a secret under the tenant key whose value Secrets Manager generates (never in the template), an
 * API key whose value is that secret (a dynamic reference CloudFormation resolves at deploy time), its place in the
 * tenant's usage plan (rate and burst from the configuration) on the control-plane API's stage, and an SSM parameter
 * with the key's id, from which the heartbeat ingest learns which keys are this tenant's.
 */
export class TenantApiKeys extends Construct {
  public readonly usagePlan: apigw.CfnUsagePlan;
  /** The key secrets by key name; the runtime hosts read the active one. */
  public readonly secrets: ReadonlyMap<string, secretsmanager.Secret>;
  public readonly activeSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: TenantApiKeysProps) {
    super(scope, id);
    const access = props.apiAccess ?? DEFAULT_TENANT_API_ACCESS;
    this.usagePlan = new apigw.CfnUsagePlan(this, 'UsagePlan', {
      usagePlanName: TENANT_API_KEY_NAMES.usagePlan(props.tenantId),
      description: `Tenant ${props.tenantId}: its API keys on the control-plane API, ${access.rateLimit} rps / burst ${access.burstLimit} per key`,
      apiStages: [{ apiId: ssm.StringParameter.valueForStringParameter(this, CONTROL_PLANE_PARAMETERS.apiId), stage: CONTROL_PLANE_API_STAGE }],
      throttle: { rateLimit: access.rateLimit, burstLimit: access.burstLimit },
    });
    const secrets = new Map<string, secretsmanager.Secret>();
    for (const keyName of access.keys) {
      secrets.set(keyName, this.addKey(props, keyName));
    }
    this.secrets = secrets;
    this.activeSecret = secrets.get(access.active)!;
  }

  /** Lets `grantee` (the tenant's runtime hosts) read the active key's value, and nothing else of these secrets. */
  grantReadActive(grantee: iam.IGrantable): void {
    this.activeSecret.grantRead(grantee);
  }

  private addKey(props: TenantApiKeysProps, keyName: string): secretsmanager.Secret {
    const scope = new Construct(this, `Key-${keyName}`);
    const secret = new secretsmanager.Secret(scope, 'Secret', {
      secretName: TENANT_API_KEY_NAMES.secret(props.tenantId, keyName),
      description: `Tenant ${props.tenantId}: the value of its API key '${keyName}' for the control-plane API`,
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: API_KEY_VALUE_LENGTH, excludePunctuation: true, includeSpace: false, requireEachIncludedType: true },
    });
    acknowledge(secret, 'tenantApiKeySecretRotation');
    const apiKey = new apigw.CfnApiKey(scope, 'ApiKey', {
      name: TENANT_API_KEY_NAMES.apiKey(props.tenantId, keyName),
      description: `Tenant ${props.tenantId}: API key '${keyName}' (value in its secret)`,
      enabled: true,
      value: SecretValue.secretsManager(secret.secretArn).unsafeUnwrap(),
    });
    new apigw.CfnUsagePlanKey(scope, 'UsagePlanKey', { keyId: apiKey.ref, keyType: 'API_KEY', usagePlanId: this.usagePlan.ref });
    protect(new ssm.StringParameter(scope, 'KeyIdParameter', {
      parameterName: TENANT_API_KEY_PARAMETERS.keyId(props.tenantId, keyName),
      stringValue: apiKey.ref,
      description: `Tenant ${props.tenantId}: id of API key '${keyName}' (the heartbeat ingest binds keys to tenants with it)`,
    }));
    return secret;
  }
}
