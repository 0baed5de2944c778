/**
 * The data-perimeter RCP, evaluated by a real IAM engine: identities outside the organization cannot reach the
 * platform's data even where a resource policy would let them; AWS services reach it only when acting for the
 * organization.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { dataPerimeterPolicy } from '../../lib/guardrails/data-perimeter-policy';
import { writeGuardrailPolicies } from '../../lib/guardrails/write-policy';
import { addOrganizationGuardrails } from '../../lib/platform';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { ACCOUNT, decide } from '../helpers/scp-simulator';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

const ORG = 'o-a1b2c3d4e5';
const RCP = [dataPerimeterPolicy(ORG)];
const BUCKET_OBJECT = 'arn:aws:s3:::tenant-data/acme/record.json';
const EXTERNAL = 'arn:aws:iam::444455556666:role/partner';
const INTERNAL = `arn:aws:iam::${ACCOUNT}:role/runtime`;
/** A bucket policy that (wrongly) lets anyone read, so only the RCP stands between the data and the caller. */
const OPEN_BUCKET = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tenant-data/*' }] };

test('GIVEN a principal of another organization and a bucket policy open to everyone THEN the RCP still denies', async () => {
  const request = { action: 's3:GetObject', resource: BUCKET_OBJECT, resourcePolicy: OPEN_BUCKET, rcps: RCP };
  expect(await decide([], { ...request, principal: EXTERNAL, principalAccount: '444455556666', context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })).toBe('ExplicitlyDenied');
  expect(await decide([], { ...request, principal: EXTERNAL, principalAccount: '444455556666', context: { 'aws:PrincipalOrgID': ORG } })).toBe('Allowed');
  expect(await decide([], { ...request, principal: INTERNAL, context: { 'aws:PrincipalOrgID': ORG } })).toBe('Allowed');
});

test('GIVEN an identity outside the organization THEN assuming a role of the platform is denied by the RCP', async () => {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: EXTERNAL }, Action: 'sts:AssumeRole' }] };
  const role = `arn:aws:iam::${ACCOUNT}:role/tenant-admin`;
  expect(await decide([], { action: 'sts:AssumeRole', resource: role, resourcePolicy: trust, rcps: RCP, principal: EXTERNAL, principalAccount: '444455556666', context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })).toBe('ExplicitlyDenied');
});

test('GIVEN an AWS service THEN it reaches the data only when acting for a resource of the organization', async () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::audit/*' }] };
  const request = { action: 's3:PutObject', resource: 'arn:aws:s3:::audit/AWSLogs/x.json.gz', resourcePolicy: policy, rcps: RCP, principal: 'cloudtrail.amazonaws.com' };
  const service = { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' };
  expect(await decide([], { ...request, context: { ...service, 'aws:SourceAccount': ACCOUNT, 'aws:SourceOrgID': ORG } })).toBe('Allowed');
  expect(await decide([], { ...request, context: { ...service, 'aws:SourceAccount': '444455556666', 'aws:SourceOrgID': 'o-zzzzzzzzzz' } })).toBe('ExplicitlyDenied');
});

test('GIVEN an organization id that is not one THEN the policy is refused by name', () => {
  expect(() => dataPerimeterPolicy('org-1')).toThrow("dataPerimeterPolicy: 'organizationId' must be an organization id like o-a1b2c3d4e5, got \"org-1\"");
});

describe('configuration, the organization stack and the written documents', () => {
  const base = { accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] };
  const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;

  test('GIVEN an organization id and targets THEN the organization stack attaches the RCP next to the SCPs', () => {
    const config = validatePlatformConfig({ ...base, guardrails: { deployRoleArns: [DEPLOY], organizationTargetIds: ['ou-ab12-cdef3456'], organizationId: ORG } });
    const stack = addOrganizationGuardrails(testApp(), config)!;
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::Organizations::Policy')).map((p) => p.Properties);
    expect(policies.filter((p) => p.Type === 'RESOURCE_CONTROL_POLICY').map((p) => p.Content)).toEqual(RCP);
    expect(policies.filter((p) => p.Type === 'SERVICE_CONTROL_POLICY').length).toBeGreaterThan(0);
  });

  test('GIVEN an organization id THEN every synth writes the RCP; without deploy roles no SCP is written', () => {
    const outdir = scratch('guardrails-');
    const written = writeGuardrailPolicies(outdir, { deployRoleArns: [], organizationId: ORG }).map((p) => basename(p));
    expect(written).toEqual(['data-perimeter-rcp.json']);
    expect(JSON.parse(readFileSync(join(outdir, 'guardrails', 'data-perimeter-rcp.json'), 'utf8'))).toEqual(RCP[0]);
    expect(writeGuardrailPolicies(outdir, { deployRoleArns: [DEPLOY] }).map((p) => basename(p))).toEqual(['tag-protection-scp-1.json', 'tag-protection-scp-2.json']);
    expect(readdirSync(join(outdir, 'guardrails')).sort()).toEqual(['tag-protection-scp-1.json', 'tag-protection-scp-2.json']);
  });

  test('GIVEN an organization id that is not one THEN the configuration names the field', () => {
    expect(() => validatePlatformConfig({ ...base, guardrails: { organizationId: 'o-x' } })).toThrow("'guardrails.organizationId' must be an organization id like o-a1b2c3d4e5, got \"o-x\"");
  });
});
