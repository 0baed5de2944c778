import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PlanSigningConfig } from '../config/platform-config';
import { PLATFORM_PREFIX, PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { denyGrantsExceptForAwsServices } from '../kms/grant-guard';

/** Key administration actions the account root keeps on a signing key; it does not get Sign or GetPublicKey. */
const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*Policy',
  'kms:GetKeyRotationStatus',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * The plan-signing keys: one asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) per configured name, the private half of
 * which never leaves KMS. Their key policies give the account root administration only; Sign is granted by key policy
 * to the signer's role alone, GetPublicKey to the signer (for its kid) and the JWKS role. Asymmetric keys do not
 * rotate automatically: rotation is a second named key, published by the JWKS during an overlap, then made active
 * (docs/signed-plans.md).
 */
export class PlanSigningKeys extends Construct {
  public readonly keys: ReadonlyMap<string, kms.Key>;
  public readonly active: kms.Key;

  constructor(scope: Construct, id: string, config: PlanSigningConfig) {
    super(scope, id);
    const keys = new Map<string, kms.Key>();
    for (const name of config.keys) {
      const key = new kms.Key(this, `Key-${name}`, {
        description: `Signs execution plans (ES256); slot '${name}'`,
        keySpec: kms.KeySpec.ECC_NIST_P256,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        pendingWindow: Duration.days(30),
        removalPolicy: RemovalPolicy.RETAIN,
        policy: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'AccountRootAdministersButDoesNotSign',
              principals: [new iam.AccountRootPrincipal()],
              actions: KEY_ADMIN_ACTIONS,
              resources: ['*'],
            }),
          ],
        }),
      });
      key.addAlias(`alias/${PLATFORM_PREFIX}/plan-signing/${name}`);
      denyGrantsExceptForAwsServices(key);
      Tags.of(key).add(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
      keys.set(name, key);
    }
    this.keys = keys;
    this.active = keys.get(config.active)!;
  }

  /** Lets exactly this role sign with the active key (and read its public half, to compute its kid). */
  public allowSign(role: iam.IRole): void {
    this.active.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'OnlyTheSignerSigns', principals: [new iam.ArnPrincipal(role.roleArn)], actions: ['kms:Sign', 'kms:GetPublicKey'], resources: ['*'], conditions: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } } }),
    );
  }

  /** Lets exactly this role read the public halves of every published key. */
  public allowPublish(role: iam.IRole): void {
    for (const key of this.keys.values()) {
      key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'OnlyTheJwksPublishes', principals: [new iam.ArnPrincipal(role.roleArn)], actions: ['kms:GetPublicKey'], resources: ['*'] }));
    }
  }

  /** Key ids for the JWKS: the active key first, then the others (during a rotation). */
  public publishedKeyIds(): string[] {
    return [this.active, ...[...this.keys.values()].filter((k) => k !== this.active)].map((k) => k.keyArn);
  }
}
