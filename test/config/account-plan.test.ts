/** Which account each tenant lives in, and who the hub is shared with: read by stacks, pipeline, gate and report alike. */
import { acceptedAttachments, encodeAcceptedAttachments, hubSharePrincipals, isCrossAccount, sharedTransitGatewayParameterArn, tenantAccount } from '../../lib/config/account-plan';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { TEST_SUBSCRIPTIONS } from '../helpers/app';

const config = validatePlatformConfig(
  {
    accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS },
    controlPlane: { cidr: '10.0.0.0/16' },
    placement: { account: '111111111111', region: 'eu-west-1' },
    tenants: [
      { id: 'acme', number: 0 },
      { id: 'globex', number: 1, account: '333333333333' },
      { id: 'initech', number: 2, account: '222222222222' },
      { id: 'umbrella', number: 3, account: '111111111111' },
      { id: 'hooli', number: 4, account: '222222222222' },
    ],
  },
  'test',
);

test('GIVEN tenants in the hub account and in two others THEN only the others are cross-account, and each is shared with once', () => {
  expect(config.tenants.map((t) => isCrossAccount(config, t))).toEqual([false, true, true, false, true]);
  expect(config.tenants.map((t) => tenantAccount(config, t))).toEqual(['111111111111', '333333333333', '222222222222', '111111111111', '222222222222']);
  expect(hubSharePrincipals(config)).toEqual(['222222222222', '333333333333']);
});

test('GIVEN tenants in other accounts THEN the acceptor admits exactly their account and their own CIDR', () => {
  expect(acceptedAttachments(config)).toEqual([
    { account: '333333333333', cidr: '10.101.0.0/16', tenantId: 'globex', tenantNumber: 1 },
    { account: '222222222222', cidr: '10.102.0.0/16', tenantId: 'initech', tenantNumber: 2 },
    { account: '222222222222', cidr: '10.104.0.0/16', tenantId: 'hooli', tenantNumber: 4 },
  ]);
  expect(encodeAcceptedAttachments(acceptedAttachments(config))).toBe('333333333333=1,222222222222=2.4');
});

test("GIVEN the hub's placement THEN the shared parameter ARN names its partition, region and account; without them it cannot be built", () => {
  expect(sharedTransitGatewayParameterArn(config)).toBe('arn:aws:ssm:eu-west-1:111111111111:parameter/tenant-baseline/network-hub/transit-gateway-id');
  expect(sharedTransitGatewayParameterArn({ placement: { account: '111111111111', region: 'cn-north-1' } })).toMatch(/^arn:aws-cn:ssm:cn-north-1:/);
  expect(() => sharedTransitGatewayParameterArn({ placement: { account: '111111111111' } })).toThrow(`sharedTransitGatewayParameterArn: 'placement' must name the hub's account and region, got {"account":"111111111111"}`);
});
