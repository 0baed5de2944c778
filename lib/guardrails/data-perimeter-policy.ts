/**
 * The data perimeter as a resource control policy (RCP): the platform's data in S3, KMS, Secrets Manager, SQS and STS
 * is reachable only by principals of the organization, and by AWS services only when they act for a resource of the
 * organization. It follows the shape of AWS's data-perimeter guidance (trusted identities; confused-deputy
 * protection for service principals); docs/guardrails.md says what it does not cover.
 */

/** The services RCPs apply to, and the STS actions an identity outside the organization could use on our roles. */
const DATA_ACTIONS = ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*'];
const STS_IDENTITY_ACTIONS = ['sts:AssumeRole', 'sts:DecodeAuthorizationMessage', 'sts:GetAccessKeyInfo', 'sts:GetFederationToken', 'sts:GetServiceBearerToken', 'sts:GetSessionToken', 'sts:SetContext'];

/** An AWS Organizations organization id. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

export function dataPerimeterPolicy(organizationId: string): Record<string, unknown> {
  if (!ORGANIZATION_ID.test(organizationId)) {
    throw new Error(`dataPerimeterPolicy: 'organizationId' must be an organization id like o-a1b2c3d4e5, got ${JSON.stringify(organizationId)}`);
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        // A request by a principal (not an AWS service) from outside the organization is refused, whatever a bucket,
        // key, secret or queue policy, or a role's trust policy, says.
        Sid: 'OnlyOrganizationIdentities',
        Effect: 'Deny',
        Principal: '*',
        Action: [...DATA_ACTIONS, ...STS_IDENTITY_ACTIONS],
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      },
      {
        // An AWS service may act on the platform's data only for a resource of the organization (a service that names
        // no source account is not affected): no confused deputy acting for another organization's resource.
        Sid: 'ServicesOnlyForTheOrganization',
        Effect: 'Deny',
        Principal: '*',
        Action: [...DATA_ACTIONS, 'sts:*'],
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:SourceOrgID': organizationId }, Null: { 'aws:SourceAccount': 'false' }, Bool: { 'aws:PrincipalIsAWSService': 'true' } },
      },
    ],
  };
}
