/**
 * Region residency: the region-deny SCP evaluated by a real IAM engine (requests outside the allowed regions denied,
 * global services exempt), the checks of the allowed regions and of the target region, and the organization stack.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { allowedRegionsProblems, deployRegionProblem, pinnedRegion, regionDenyPolicy, residencyProblems } from '../../lib/guardrails/region-policy';
import { addOrganizationGuardrails, buildPlatform } from '../../lib/platform';
import { testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { ACCOUNT, decide } from '../helpers/scp-simulator';

const EU = ['eu-west-1', 'eu-central-1'];
const POLICY = [regionDenyPolicy(EU)];
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:role/developer`;

test.each([
  ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`, 'us-east-1', 'ExplicitlyDenied'],
  ['ec2:RunInstances', `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`, 'eu-west-1', 'Allowed'],
  ['s3:CreateBucket', 'arn:aws:s3:::copy-elsewhere', 'us-west-2', 'ExplicitlyDenied'],
  ['kms:CreateKey', '*', 'ap-southeast-1', 'ExplicitlyDenied'],
  ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/x`, 'us-east-1', 'Allowed'],
  ['sts:GetCallerIdentity', '*', 'us-east-1', 'Allowed'],
])('GIVEN %s in %s (%s) THEN %s', async (action, resource, region, expected) => {
  expect(await decide(POLICY, { action, principal: DEVELOPER, resource, context: { 'aws:RequestedRegion': region } })).toBe(expected);
});

test('GIVEN regions AWS does not have, or a target outside the list THEN each is named', () => {
  expect(allowedRegionsProblems(['eu-west-1', 'eu-moon-1'])).toEqual([`'guardrails.allowedRegions[1]' must be an AWS region aws-cdk-lib knows (e.g. eu-west-1), got "eu-moon-1"`]);
  expect(deployRegionProblem(EU, 'us-east-1')).toBe('the target region must be one of guardrails.allowedRegions (eu-west-1, eu-central-1), got "us-east-1" (from the AWS profile or CDK_DEFAULT_REGION)');
  expect(deployRegionProblem(EU, 'eu-central-1')).toBeUndefined();
  expect(deployRegionProblem([], 'us-east-1')).toBeUndefined();
  expect(() => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [], guardrails: { allowedRegions: ['EU'] } })).toThrow("'guardrails.allowedRegions[0]' must be an AWS region code like eu-west-1, got \"EU\"");
  expect(() => regionDenyPolicy([])).toThrow("'guardrails.allowedRegions' must name at least one region");
});

test('GIVEN allowed regions and organization targets THEN the organization stack attaches the region-deny SCP', () => {
  const config = validatePlatformConfig({
    accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS },
    controlPlane: { cidr: '10.0.0.0/16' },
    tenants: [],
    guardrails: { deployRoleArns: [`arn:aws:iam::${ACCOUNT}:role/deploy`], organizationTargetIds: ['ou-ab12-cdef3456'], allowedRegions: EU },
  });
  const policies = Object.values(Template.fromStack(addOrganizationGuardrails(testApp(), config)!).findResources('AWS::Organizations::Policy')).map((p) => p.Properties);
  expect(policies.filter((p) => p.Name === 'tenant-baseline-region-deny').map((p) => p.Content)).toEqual(POLICY);
});

describe('residency of a synth', () => {
  const plan = (tenantRegions: Record<string, string[]>, platform: string[] = []) =>
    validatePlatformConfig({
      accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS },
      controlPlane: { cidr: '10.0.0.0/16' },
      tenants: Object.entries(tenantRegions).map(([id, allowedRegions], number) => ({ id, number, allowedRegions })),
      guardrails: { allowedRegions: platform },
    });

  test("GIVEN a tenant whose regions exclude the target region THEN the synth is refused, naming the tenant's field", () => {
    const config = plan({ acme: ['eu-west-1'], globex: [] });
    expect(residencyProblems(config, ['acme', 'globex'], 'us-east-1')).toEqual([
      `'tenants[0].allowedRegions' of tenant 'acme' (eu-west-1) must include the target region, got "us-east-1" (from the AWS profile or CDK_DEFAULT_REGION)`,
    ]);
    expect(residencyProblems(config, ['acme'], 'eu-west-1')).toEqual([]);
    // A synth of another tenant alone is not bound by acme's rule.
    expect(residencyProblems(config, ['globex'], 'us-east-1')).toEqual([]);
  });

  test('GIVEN any residency rule and no target region THEN the synth is refused: an environment-agnostic template could be deployed anywhere', () => {
    expect(residencyProblems(plan({ acme: ['eu-west-1'] }), ['acme'], undefined)).toEqual([expect.stringContaining('the synth must target a region')]);
    expect(residencyProblems(plan({ acme: [] }, EU), ['acme'], undefined)).toEqual([expect.stringContaining('the synth must target a region')]);
    expect(residencyProblems(plan({ acme: [] }), ['acme'], undefined)).toEqual([]);
  });

  test("GIVEN a tenant region AWS does not have, or outside the platform's THEN each is named", () => {
    expect(residencyProblems(plan({ acme: ['eu-moon-1'] }), ['acme'], 'eu-moon-1')[0]).toBe(`'tenants[0].allowedRegions[0]' must be an AWS region aws-cdk-lib knows (e.g. eu-west-1), got "eu-moon-1"`);
    expect(() => plan({ acme: ['us-east-1'] }, EU)).toThrow(
      `'tenants[0].allowedRegions[0]' must be one of guardrails.allowedRegions (eu-west-1, eu-central-1): a tenant cannot live where the platform may not, got "us-east-1"`,
    );
    expect(() => plan({ acme: ['Frankfurt'] as string[] })).toThrow(`'tenants[0].allowedRegions[0]' must be an AWS region code like eu-west-1, got "Frankfurt"`);
  });

  test('GIVEN a residency rule THEN every stack is pinned to the target region (its template cannot be deployed to another); without one they stay environment-agnostic', () => {
    const config = plan({ acme: ['eu-west-1'] }, EU);
    expect(pinnedRegion(config, ['acme'], 'eu-west-1')).toBe('eu-west-1');
    expect(pinnedRegion(plan({ acme: [] }), ['acme'], 'eu-west-1')).toBeUndefined();
    const stacks = buildPlatform(testApp(), config, { region: pinnedRegion(config, ['acme'], 'eu-west-1') });
    for (const stack of [stacks.accountBaseline!, stacks.networkHub!, stacks.controlPlane!, ...stacks.tenants]) {
      expect(`${stack.stackName}: ${stack.region}`).toBe(`${stack.stackName}: eu-west-1`);
    }
  });
});
