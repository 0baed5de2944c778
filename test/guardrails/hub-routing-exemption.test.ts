/**
 * The tag-protection SCPs with tenants in other accounts: the hub's attachment acceptor role, by exact ARN, may accept,
 * reject, associate and propagate on the protected hub, and nothing else; everyone else stays denied. Evaluated by a
 * real IAM engine (test/helpers/scp-simulator.ts).
 */
import { HUB_ROUTING_ACTIONS } from '../../lib/config/attachment-acceptor-plan';
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
