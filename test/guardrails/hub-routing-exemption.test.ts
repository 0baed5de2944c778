/**
 * The tag-protection SCPs with tenants in other accounts: the hub's attachment acceptor role, by exact ARN, may accept,
 * reject, associate and propagate on the protected hub, and nothing else; everyone else stays denied. Evaluated by a
 * real IAM engine (test/helpers/scp-simulator.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { attachmentAcceptorRoleArns, HUB_ROUTING_ACTIONS } from '../../lib/config/attachment-acceptor-plan';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { addOrganizationGuardrails, buildPlatform } from '../../lib/platform';
import { REPO_ROOT, testApp } from '../helpers/app';
import { tagProtectionPolicies, tagProtectionStatements } from '../../lib/guardrails/tag-protection-policy';
import { TAG_KEYS } from '../../lib/naming';
import { ACCOUNT, arnOf, decide } from '../helpers/scp-simulator';

const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;
const ACCEPTOR = `arn:aws:iam::${ACCOUNT}:role/tenant-baseline-attachment-acceptor`;
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:role/developer`;
const POLICIES = tagProtectionPolicies({ deployRoleArns: [DEPLOY], hubRoutingRoleArns: [ACCEPTOR] });
const PROTECTED = { [`aws:ResourceTag/${TAG_KEYS.protection}`]: 'true' };
const TABLE = arnOf('ec2', 'transit-gateway-route-table');
const ATTACHMENT = arnOf('ec2', 'transit-gateway-attachment');

test.each(HUB_ROUTING_ACTIONS.map((a) => [a]))('GIVEN %s on the protected hub THEN the acceptor role and the deploy role may, a developer may not', async (action) => {
  const resource = action.includes('RouteTable') ? TABLE : ATTACHMENT;
  expect(await decide(POLICIES, { action, principal: ACCEPTOR, resource, context: PROTECTED })).toBe('Allowed');
  expect(await decide(POLICIES, { action, principal: DEPLOY, resource, context: PROTECTED })).toBe('Allowed');
  expect(await decide(POLICIES, { action, principal: DEVELOPER, resource, context: PROTECTED })).toBe('ExplicitlyDenied');
});

test.each([['ec2:DeleteTransitGatewayRouteTable', TABLE], ['ec2:CreateTransitGatewayRoute', TABLE], ['ec2:DisassociateTransitGatewayRouteTable', TABLE], ['ec2:DeleteTransitGatewayVpcAttachment', ATTACHMENT]])(
  'GIVEN %s on the protected hub THEN the acceptor role is denied like anyone but the deploy role',
  async (action, resource) => {
    expect(await decide(POLICIES, { action, principal: ACCEPTOR, resource, context: PROTECTED })).toBe('ExplicitlyDenied');
    expect(await decide(POLICIES, { action, principal: DEPLOY, resource, context: PROTECTED })).toBe('Allowed');
  },
);

test('GIVEN no acceptor THEN the routing actions stay in the deploy-roles-only statement; a wildcard acceptor ARN is refused', () => {
  expect(tagProtectionStatements({ deployRoleArns: [DEPLOY] }).map((s) => s.Sid)).not.toContain('DenyHubRoutingToOthers');
  expect(() => tagProtectionStatements({ deployRoleArns: [DEPLOY], hubRoutingRoleArns: [`arn:aws:iam::${ACCOUNT}:role/*`] })).toThrow(
    `tagProtectionPolicy: 'hubRoutingRoleArns' must be exact IAM role ARNs (no wildcards), got ["arn:aws:iam::${ACCOUNT}:role/*"]`,
  );
});

test('GIVEN a pipeline, organization targets and tenants in other accounts in two regions THEN the guardrails built beside the pipeline exempt every region\'s acceptor, as the stack built without one does', () => {
  const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'platform-multi-region-delivery.json'), 'utf8'));
  const execRole = (account: string, region: string) => `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`;
  const deployRoleArns = ['111111111111', '222222222222'].flatMap((a) => ['eu-west-1', 'us-east-1'].map((r) => execRole(a, r)));
  raw.guardrails = { ...raw.guardrails, organizationTargetIds: ['ou-abcd-12345678'], deployRoleArns };
  const config = validatePlatformConfig(raw, 'multi-region delivery with organization targets');
  const acceptors = attachmentAcceptorRoleArns(config);
  expect(acceptors).toEqual([expect.stringMatching(/role\/tenant-baseline-attachment-acceptor-us-east-1$/)]);
  const exempted = (stack: Stack | undefined) =>
    Object.values(Template.fromStack(stack!).findResources('AWS::Organizations::Policy'))
      .flatMap((p: any) => p.Properties.Content.Statement)
      .filter((s: any) => s.Sid === 'DenyHubRoutingToOthers')
      .flatMap((s: any) => s.Condition.ArnNotEquals['aws:PrincipalArn']);
  // Beside the pipeline: the function bin/app.ts calls on the delivery path.
  const besidePipeline = addOrganizationGuardrails(testApp(), config);
  expect(exempted(besidePipeline)).toEqual(expect.arrayContaining(acceptors));
  // Without a pipeline: the stack buildPlatform builds.
  const { delivery: _delivery, ...direct } = config;
  expect(exempted(buildPlatform(testApp(), direct).organizationGuardrails)).toEqual(exempted(besidePipeline));
});
