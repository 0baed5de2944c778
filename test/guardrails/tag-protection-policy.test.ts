/**
 * The tag-protection SCPs, evaluated by a real IAM engine (test/helpers/scp-simulator.ts) for every action the AWS
 * Service Authorization Reference lists as changing a protected resource type: denied to a developer role and to a
 * look-alike of the deploy role, allowed to the deploy role, no effect on unprotected resources or on reads; the
 * protection tag can be neither added nor removed; the deploy roles cannot be re-created or re-trusted by anyone else.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { compactPatterns, deployRoleActions, patternMatches, PROTECTED_RESOURCE_TYPES, protectedActions, serviceActions } from '../../lib/guardrails/protected-actions';
import { SCP_MAX_CHARACTERS, tagProtectionPolicies, tagProtectionStatements } from '../../lib/guardrails/tag-protection-policy';
import { TAG_KEYS } from '../../lib/naming';
import { addOrganizationGuardrails, buildPlatform } from '../../lib/platform';
import { resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { ACCOUNT, arnOf, decide, protectedTypeOf } from '../helpers/scp-simulator';

const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;
const LOOK_ALIKE = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1-x`;
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:role/developer`;
const POLICIES = tagProtectionPolicies({ deployRoleArns: [DEPLOY] });
const PROTECTED = { [`aws:ResourceTag/${TAG_KEYS.protection}`]: 'true' };
const ACTIONS = protectedActions();
const CHANGES = ACTIONS.filter((a) => !a.levels.includes('Tagging')).map((a) => a.action);
const target = (action: string) => {
  const service = action.split(':')[0];
  return arnOf(service, protectedTypeOf(action, PROTECTED_RESOURCE_TYPES[service]));
};

describe('the protected actions come from the AWS Service Authorization Reference', () => {
  test('GIVEN the reference THEN every protected service has changing actions, each supporting the resource-tag condition', () => {
    for (const service of Object.keys(PROTECTED_RESOURCE_TYPES)) {
      expect(`${service}: ${ACTIONS.filter((a) => a.action.startsWith(`${service}:`)).length >= 3}`).toBe(`${service}: true`);
    }
    // An action a tag condition cannot reach would pass the SCP whatever the tag says: none may be left.
    expect(ACTIONS.filter((a) => !a.resourceTagCondition).map((a) => a.action)).toEqual([]);
    expect(ACTIONS.length).toBeGreaterThan(250);
    // The classes the real-evaluator review found missing are among them.
    expect(ACTIONS.map((a) => a.action)).toEqual(
      expect.arrayContaining(['s3:TagResource', 's3:UntagResource', 's3:PutBucketTagging', 's3:PutReplicationConfiguration', 's3:PutBucketAbac', 'ec2:EnableTransitGatewayRouteTablePropagation', 'ec2:AssociateTransitGatewayRouteTable', 'ec2:AssociateRouteTable', 'ec2:AttachInternetGateway', 'ec2:CreateTransitGatewayRoute']),
    );
  });

  test('GIVEN the policies THEN every action pattern names an action that exists, and each statement covers exactly its derived actions and nothing else', () => {
    const statements = tagProtectionStatements({ deployRoleArns: [DEPLOY] });
    const changes = statements.find((s) => s.Sid === 'DenyChangesToProtectedResources')!.Action;
    for (const pattern of statements.flatMap((s) => s.Action)) {
      const service = pattern.split(':')[0];
      expect(`${pattern}: ${serviceActions(service).some((a) => patternMatches(pattern, `${service}:${a.name}`))}`).toBe(`${pattern}: true`);
    }
    const covered = (patterns: string[], service: string) => serviceActions(service).map((a) => `${service}:${a.name}`).filter((a) => patterns.some((p) => patternMatches(p, a)));
    for (const service of Object.keys(PROTECTED_RESOURCE_TYPES)) {
      expect(covered(changes, service).sort()).toEqual(CHANGES.filter((a) => a.startsWith(`${service}:`)).sort());
    }
    expect(covered(compactPatterns(deployRoleActions()), 'iam').sort()).toEqual(deployRoleActions().map((a) => a.action).sort());
  });

  test('GIVEN the KMS cryptographic operations and iam:PassRole THEN they are uses, not changes, and are not protected', () => {
    const names = [...ACTIONS, ...deployRoleActions()].map((a) => a.action);
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:Sign', 'kms:ReEncryptFrom', 'iam:PassRole', 'states:StartExecution', 'ec2:StartNetworkInsightsAccessScopeAnalysis']) {
      expect(names).not.toContain(action);
    }
  });

  test('GIVEN the network proofs THEN changing or deleting the runner or a tenant ingress scope is a protected change', () => {
    expect(CHANGES).toEqual(expect.arrayContaining(['states:UpdateStateMachine', 'states:DeleteStateMachine', 'ec2:DeleteNetworkInsightsAccessScope']));
  });

  test('GIVEN the documents THEN each fits the SCP limit, and they stay few enough to attach (5 SCPs per target, FullAWSAccess included)', () => {
    expect(POLICIES.length).toBeGreaterThan(0);
    expect(POLICIES.length).toBeLessThanOrEqual(4);
    for (const policy of POLICIES) {
      expect(JSON.stringify(policy).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    }
  });
});

describe('the policies, evaluated', () => {
  test('GIVEN every derived change action on a protected resource THEN a developer role is denied and the deploy role allowed', async () => {
    const wrong: string[] = [];
    for (const action of CHANGES) {
      const resource = target(action);
      const developer = await decide(POLICIES, { action, principal: DEVELOPER, resource, context: PROTECTED });
      const deploy = await decide(POLICIES, { action, principal: DEPLOY, resource, context: PROTECTED });
      if (developer !== 'ExplicitlyDenied' || deploy !== 'Allowed') {
        wrong.push(`${action}: developer ${developer}, deploy ${deploy}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('GIVEN a protected bucket without ABAC THEN S3 ignores its tags and the policies protect nothing: why every protected bucket has ABAC on', async () => {
    const request = { action: 's3:PutBucketPolicy', principal: DEVELOPER, resource: 'arn:aws:s3:::audit-bucket', context: PROTECTED };
    expect(await decide(POLICIES, { ...request, bucketAbac: false })).toBe('Allowed');
    expect(await decide(POLICIES, { ...request, bucketAbac: true })).toBe('ExplicitlyDenied');
    expect(await decide(POLICIES, { ...request, action: 's3:PutBucketAbac', bucketAbac: true })).toBe('ExplicitlyDenied');
  });

  test('GIVEN a look-alike of the deploy role (the same name plus a suffix) THEN it is denied like anyone else', async () => {
    for (const action of ['ec2:DeleteNatGateway', 'kms:ScheduleKeyDeletion', 's3:PutBucketPolicy', 'cloudtrail:StopLogging']) {
      expect(await decide(POLICIES, { action, principal: LOOK_ALIKE, resource: target(action), context: PROTECTED })).toBe('ExplicitlyDenied');
    }
  });

  test('GIVEN an unprotected resource THEN the policies do not interfere', async () => {
    for (const action of ['ec2:DeleteNatGateway', 'kms:ScheduleKeyDeletion', 's3:DeleteBucket', 'ec2:CreateRoute']) {
      expect(await decide(POLICIES, { action, principal: DEVELOPER, resource: target(action), context: { [`aws:ResourceTag/${TAG_KEYS.protection}`]: 'false' } })).toBe('Allowed');
      expect(await decide(POLICIES, { action, principal: DEVELOPER, resource: target(action) })).toBe('Allowed');
    }
  });

  test.each([
    ['ec2:DescribeVpcs', '*'],
    ['kms:Decrypt', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/protected-1`],
    ['kms:GenerateDataKey', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/protected-1`],
    ['s3:GetObject', 'arn:aws:s3:::protected-bucket/key'],
    ['s3:PutObject', 'arn:aws:s3:::protected-bucket/key'],
    ['s3:GetBucketPolicy', 'arn:aws:s3:::protected-bucket'],
    // The network proofs: EventBridge and the pipeline start the runner; the runner starts each scope's analysis.
    ['states:StartExecution', `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:tenant-baseline-network-proofs`],
    ['ec2:StartNetworkInsightsAccessScopeAnalysis', `arn:aws:ec2:eu-west-1:${ACCOUNT}:network-insights-access-scope/nis-1`],
  ])('GIVEN a read or data-plane action %s on a protected resource THEN it is allowed', async (action, resource) => {
    expect(await decide(POLICIES, { action, principal: DEVELOPER, resource, context: PROTECTED })).toBe('Allowed');
  });

  test('GIVEN any tagging API THEN nobody but the deploy role adds the protection tag to an unprotected resource or removes it from a protected one', async () => {
    const tagging = ACTIONS.filter((a) => a.levels.includes('Tagging')).map((a) => a.action);
    const wrong: string[] = [];
    for (const action of tagging) {
      const resource = target(action);
      const add = await decide(POLICIES, { action, principal: DEVELOPER, resource, context: { 'aws:TagKeys': [TAG_KEYS.protection] } });
      const remove = await decide(POLICIES, { action, principal: DEVELOPER, resource, context: { ...PROTECTED, 'aws:TagKeys': [TAG_KEYS.protection] } });
      const deploy = await decide(POLICIES, { action, principal: DEPLOY, resource, context: { ...PROTECTED, 'aws:TagKeys': [TAG_KEYS.protection] } });
      if (add !== 'ExplicitlyDenied' || remove !== 'ExplicitlyDenied' || deploy !== 'Allowed') {
        wrong.push(`${action}: add ${add}, remove ${remove}, deploy ${deploy}`);
      }
    }
    expect(tagging).toEqual(expect.arrayContaining(['s3:TagResource', 's3:UntagResource', 's3:PutBucketTagging', 'ec2:CreateTags', 'kms:UntagResource']));
    expect(wrong).toEqual([]);
  });

  test('GIVEN other tags on an unprotected resource THEN a developer may tag it (except with s3:PutBucketTagging, which names no keys)', async () => {
    expect(await decide(POLICIES, { action: 'ec2:CreateTags', principal: DEVELOPER, resource: target('ec2:CreateTags'), context: { 'aws:TagKeys': ['Name'] } })).toBe('Allowed');
    expect(await decide(POLICIES, { action: 's3:TagResource', principal: DEVELOPER, resource: 'arn:aws:s3:::scratch', context: { 'aws:TagKeys': ['Name'] } })).toBe('Allowed');
    expect(await decide(POLICIES, { action: 's3:PutBucketTagging', principal: DEVELOPER, resource: 'arn:aws:s3:::scratch' })).toBe('ExplicitlyDenied');
  });

  test('GIVEN the deploy role itself THEN nobody else may create, re-trust, re-permission, tag or delete it; other roles are untouched', async () => {
    for (const action of ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRole', 'iam:TagRole']) {
      expect(`${action} ${await decide(POLICIES, { action, principal: DEVELOPER, resource: DEPLOY })}`).toBe(`${action} ExplicitlyDenied`);
      expect(`${action} ${await decide(POLICIES, { action, principal: DEPLOY, resource: DEPLOY })}`).toBe(`${action} Allowed`);
      expect(`${action} ${await decide(POLICIES, { action, principal: DEVELOPER, resource: LOOK_ALIKE })}`).toBe(`${action} Allowed`);
    }
  });

  test('GIVEN deploy roles given as patterns or not at all THEN the policies are refused', () => {
    expect(() => tagProtectionPolicies({ deployRoleArns: ['arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*'] })).toThrow("'deployRoleArns' must be exact IAM role ARNs (no wildcards)");
    expect(() => tagProtectionPolicies({ deployRoleArns: [] })).toThrow("'deployRoleArns' must be exact IAM role ARNs");
  });
});

describe('the resources the SCP protects carry the tag', () => {
  const stacks = buildPlatform(testApp(), validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }] }));
  const tagged = (template: Template, type: string) =>
    Object.entries(resourcesOfType(template, type)).map(([id, r]) => {
      const tags = r.Properties!.Tags ?? r.Properties!.BackupVaultTags;
      const value = Array.isArray(tags) ? tags.find((t: any) => t.Key === TAG_KEYS.protection)?.Value : undefined;
      return [id, value];
    });

  test.each([
    ['tenant', 'AWS::AutoScaling::AutoScalingGroup'],
    ['tenant', 'AWS::EC2::NatGateway'],
    ['tenant', 'AWS::EC2::NetworkAcl'],
    ['tenant', 'AWS::EC2::SecurityGroup'],
    ['tenant', 'AWS::EC2::RouteTable'],
    ['tenant', 'AWS::EC2::VPC'],
    ['tenant', 'AWS::KMS::Key'],
    ['baseline', 'AWS::KMS::Key'],
    ['baseline', 'AWS::S3::Bucket'],
    ['baseline', 'AWS::CloudTrail::Trail'],
    ['baseline', 'AWS::GuardDuty::Detector'],
  ])('GIVEN the %s stack THEN every %s is tagged protected', (which, type) => {
    const template = Template.fromStack(which === 'tenant' ? stacks.tenants[0] : stacks.accountBaseline!);
    const rows = tagged(template, type);
    expect(rows.length).toBeGreaterThan(0);
    for (const [id, value] of rows) {
      expect({ id, value }).toEqual({ id, value: 'true' });
    }
  });
});

describe('guardrails configuration and the optional management-account stack', () => {
  const base = { accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [] };

  test('GIVEN no guardrails section THEN there are no deploy roles, no SCP and no organization stack', () => {
    const config = validatePlatformConfig(base);
    expect(config.guardrails).toEqual({ deployRoleArns: [], organizationTargetIds: [], allowedRegions: [] });
    expect(addOrganizationGuardrails(testApp(), config)).toBeUndefined();
  });

  test('GIVEN organization targets THEN the management-account stack attaches exactly the evaluated policies to them', () => {
    const config = validatePlatformConfig({ ...base, guardrails: { deployRoleArns: [DEPLOY], organizationTargetIds: ['ou-ab12-cdef3456'] } });
    const stack = addOrganizationGuardrails(testApp(), config)!;
    const policies = Template.fromStack(stack).findResources('AWS::Organizations::Policy');
    expect(Object.values(policies).map((p) => p.Properties.Content)).toEqual(POLICIES);
    expect(Object.values(policies).every((p) => p.Properties.Type === 'SERVICE_CONTROL_POLICY' && p.Properties.TargetIds[0] === 'ou-ab12-cdef3456')).toBe(true);
  });

  test.each([
    [{ deployRoleArns: ['arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*'] }, "'guardrails.deployRoleArns[0]' must be an exact IAM role ARN like"],
    [{ deployRoleArns: ['arn:aws:iam::12345:role/x'] }, "'guardrails.deployRoleArns[0]' must be an exact IAM role ARN"],
    [{ deployRoleArns: ['arn:aws:iam::123456789012:user/alice'] }, "'guardrails.deployRoleArns[0]' must be an exact IAM role ARN"],
    [{ organizationTargetIds: ['ou-ab12-cdef3456'] }, "'guardrails.deployRoleArns' must name the deploy roles when organizationTargetIds attaches the SCPs"],
    [{ organizationTargetIds: ['ou-bad'] }, "'guardrails.organizationTargetIds[0]' must be an organization root (r-...), OU (ou-...-...) or 12-digit account id, got \"ou-bad\""],
  ])('GIVEN %p THEN the configuration is refused naming the field', (guardrails, message) => {
    expect(() => validatePlatformConfig({ ...base, guardrails })).toThrow(message);
  });
});
