import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { TENANT_RUNTIME_PARAMETERS } from '../../contracts/ssm-parameters';
import { protect } from '../core/protect';

export interface RuntimeSettingsProps {
  readonly tenantId: string;
  /** The secret holding the value of the tenant's active API key (`tenants[].apiAccess.active`). */
  readonly activeApiKeySecret: secretsmanager.ISecret;
  /** `tenants[].retention.transientHours`. */
  readonly transientHours: number;
  /** The tenant's runtime hosts: the only readers. */
  readonly reader: iam.IGrantable;
}

/**
 * What a tenant's runtime hosts must know and the platform decides, as protected SSM parameters only the hosts read
 * (contracts/ssm-parameters.ts TENANT_RUNTIME_PARAMETERS): which API key secret to send (a rotation changes
 * `apiAccess.active`, and the hosts follow it without a new image), and how many hours transient records live (the
 * TTL they write into the table's TTL attribute; the bucket's `transient/` expiry rounds the same hours up to days).
 */
export class RuntimeSettings extends Construct {
  constructor(scope: Construct, id: string, props: RuntimeSettingsProps) {
    super(scope, id);
    const parameters = [
      new ssm.StringParameter(this, 'ActiveApiKeySecretArn', {
        parameterName: TENANT_RUNTIME_PARAMETERS.activeApiKeySecretArn(props.tenantId),
        stringValue: props.activeApiKeySecret.secretArn,
        description: `Tenant ${props.tenantId}: the secret of the API key its runtime hosts send`,
      }),
      new ssm.StringParameter(this, 'TransientHours', {
        parameterName: TENANT_RUNTIME_PARAMETERS.transientHours(props.tenantId),
        stringValue: String(props.transientHours),
        description: `Tenant ${props.tenantId}: hours its transient records are kept (the TTL the hosts write)`,
      }),
    ];
    protect(this);
    for (const parameter of parameters) {
      parameter.grantRead(props.reader);
    }
  }
}
