import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/** The statement id, so tests and reviewers can find it in every key policy. */
export const DENY_GRANTS_SID = 'DenyGrantsExceptForAwsServices';

/**
 * Denies `kms:CreateGrant` on the key to every principal unless the grant is for an AWS resource (EBS, RDS, Secrets
 * Manager and other integrated services create grants this way) or the caller is an AWS service. A person or role
 * with key access can then not hand a grant, which IAM never sees again, to anyone else. AWS Control Tower's
 * CT.KMS.PR.3 requires exactly this statement.
 */
export function denyGrantsExceptForAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: DENY_GRANTS_SID,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
}
