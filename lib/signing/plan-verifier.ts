import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { DEFAULT_JWKS_MAX_AGE_SECONDS } from '../../contracts/admin-identity';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { PlatformFunction } from '../compute/platform-function';
import { TenantPlan } from '../config/platform-config';
import { ConstructGroup } from '../core/construct-group';
import { HTTPS_PORT, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

export interface PlanVerifierProps {
  readonly tenant: TenantPlan;
  readonly vpc: ec2.IVpc;
  /** The subnets it runs in: the runtime's, with NAT egress to reach the control plane's JWKS. */
  readonly subnets: ec2.SubnetSelection;
  /** The tenant's key: encrypts its log group and environment. */
  readonly encryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** How long the verifier trusts a fetched JWKS (the bound on revoking a signing key). @default 300 */
  readonly jwksMaxAgeSeconds?: number;
}

/**
 * The data-plane side of signed plans: the runtime hands each plan and its token to this function, which checks them
 * against the control plane's JWKS (URLs from the control plane's SSM parameters, read at deploy time). Its security
 * group lets it out on HTTPS only and in from nowhere. Grant a caller with `grantInvoke`.
 */
export class PlanVerifier extends ConstructGroup {
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly platformFunction: PlatformFunction;
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: PlanVerifierProps) {
    super(scope, id);
    const { tenant } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'PlanVerifierSecurityGroup', {
      vpc: props.vpc,
      description: `Plan verifier of tenant ${tenant.id}: HTTPS out to the control plane JWKS only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(HTTPS_PORT), 'HTTPS to the control-plane JWKS');
    Tags.of(this.securityGroup).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    const env = FUNCTION_ENVIRONMENT.planVerifier;
    this.platformFunction = new PlatformFunction(this, 'PlanVerifier', {
      entry: 'lambda/plan-verifier/handler.ts',
      name: 'plan-verifier',
      description: `Verifies signed execution plans for tenant ${tenant.id}`,
      logGroupPrefix: tenant.logGroupPrefix,
      encryptionKey: props.encryptionKey,
      vpc: props.vpc,
      subnets: props.subnets,
      securityGroup: this.securityGroup,
      logRetention: props.logRetention,
      environment: {
        [env.jwksUrl]: ssm.StringParameter.valueForStringParameter(this, CONTROL_PLANE_PARAMETERS.jwksUrl),
        [env.issuer]: ssm.StringParameter.valueForStringParameter(this, CONTROL_PLANE_PARAMETERS.apiUrl),
        [env.tenantId]: tenant.id,
        [env.jwksMaxAgeSeconds]: String(props.jwksMaxAgeSeconds ?? DEFAULT_JWKS_MAX_AGE_SECONDS),
      },
    });
    this.function = this.platformFunction.function;
  }
}
