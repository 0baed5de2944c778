/**
 * `placement.additionalRegions` and the regional view: every bad input a named error before any construct exists, and
 * each region's view the complete single-region platform of that region.
 */
import { platformRegions, regionalConfig, regionalConfigs, validatePlatformConfig } from '../../lib/config/platform-config';
import { attachmentAcceptorRoleArns, attachmentAcceptorRoleName } from '../../lib/config/attachment-acceptor-plan';
import { configProblems, TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 'test.json';
const HOME = { account: '111111111111', region: 'eu-west-1' };
const TENANTS = [
  { id: 'acme', number: 0 },
  { id: 'globex', number: 1, region: 'eu-central-1' },
  { id: 'initech', number: 2, region: 'eu-central-1', account: '222222222222' },
];

function raw(overrides: Record<string, unknown> = {}) {
  return { accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: TENANTS, placement: { ...HOME, additionalRegions: ['eu-central-1'] }, ...overrides };
}

const problemsOf = (input: unknown) => configProblems(input, W);

describe('placement.additionalRegions', () => {
  test('GIVEN an additional region THEN it is kept, after the home region', () => {
    const config = validatePlatformConfig(raw(), W);
    expect(config.placement).toEqual({ ...HOME, additionalRegions: ['eu-central-1'] });
    expect(platformRegions(config)).toEqual(['eu-west-1', 'eu-central-1']);
  });

  test('GIVEN no additional regions, or an empty list THEN the loaded placement has none (a one-region platform is unchanged)', () => {
    expect(validatePlatformConfig(raw({ tenants: [TENANTS[0]], placement: HOME }), W).placement).toEqual(HOME);
    expect(validatePlatformConfig(raw({ tenants: [TENANTS[0]], placement: { ...HOME, additionalRegions: [] } }), W).placement).toEqual(HOME);
  });

  test.each([
    ['not a list', 'eu-central-1', `${W}: 'placement.additionalRegions' must be a list of AWS regions (e.g. ["eu-central-1"]), got "eu-central-1"`],
    ['an unknown region', ['eu-central-9'], `${W}: 'placement.additionalRegions[0]' must be an AWS region aws-cdk-lib knows (e.g. eu-central-1), got "eu-central-9"`],
    ['not a string', [42], `${W}: 'placement.additionalRegions[0]' must be an AWS region aws-cdk-lib knows (e.g. eu-central-1), got 42`],
    ['the home region repeated', ['eu-west-1'], `${W}: 'placement.additionalRegions[0]' must not be the home region (placement.region, eu-west-1): it has its hub already, got "eu-west-1"`],
    ['a duplicate', ['us-east-1', 'us-east-1'], `${W}: 'placement.additionalRegions[1]' must name each region once (also placement.additionalRegions[0]), got "us-east-1"`],
  ])('GIVEN additionalRegions %s THEN it is refused by field', (_what, additionalRegions, message) => {
    expect(problemsOf(raw({ tenants: [TENANTS[0]], placement: { ...HOME, additionalRegions } }))).toEqual([message]);
  });

  test('GIVEN an additional region outside guardrails.allowedRegions THEN it is refused', () => {
    expect(problemsOf(raw({ tenants: [TENANTS[0]], guardrails: { allowedRegions: ['eu-west-1'] } }))).toEqual([
      `${W}: 'placement.additionalRegions[0]' must be one of guardrails.allowedRegions (eu-west-1), got "eu-central-1"`,
    ]);
  });

  test('GIVEN additional regions without placement.region THEN they are refused: the home region anchors them', () => {
    expect(problemsOf(raw({ tenants: [TENANTS[0]], placement: { additionalRegions: ['eu-central-1'] } }))).toEqual([
      `${W}: 'placement.additionalRegions' must be left out unless placement.region is set (the home region, where the organization guardrails, the pipeline and the one multi-region audit trail live), got ["eu-central-1"]`,
    ]);
  });

  test('GIVEN a tenant in a region with no hub THEN it is refused, naming every region that has one', () => {
    expect(problemsOf(raw({ tenants: [{ id: 'acme', number: 0, region: 'us-east-1' }] }))).toEqual([
      `${W}: 'tenants[0].region' must be a region with a network hub (eu-west-1, eu-central-1): a tenant placed where no hub exists cannot attach, got "us-east-1"`,
    ]);
  });

  test("GIVEN a tenant in an additional region outside its own allowedRegions THEN it is refused", () => {
    expect(problemsOf(raw({ tenants: [{ id: 'globex', number: 1, region: 'eu-central-1', allowedRegions: ['eu-west-1'] }] }))).toEqual([
      `${W}: 'tenants[0].region' must be one of the tenant's allowedRegions (eu-west-1), got "eu-central-1"`,
    ]);
  });

  test('GIVEN two tenants with one number in different regions THEN it is refused: tenant numbers (and CIDRs) are unique fleet-wide', () => {
    expect(problemsOf(raw({ tenants: [TENANTS[0], { id: 'globex', number: 0, region: 'eu-central-1' }] }))).toEqual([
      expect.stringMatching(/^test\.json: 'tenants\[1\]\.number' must be unique/),
    ]);
  });

  test('GIVEN a custom domain with additional regions THEN it is refused: Route 53 is global', () => {
    const domain = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };
    const identityProvider = { jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'tenant-baseline-control-plane' };
    expect(problemsOf(raw({ controlPlane: { cidr: '10.0.0.0/16', identityProvider, domain } }))).toEqual([
      `${W}: 'controlPlane.domain' must be left out with placement.additionalRegions (eu-central-1): each region's control plane would claim the same name in the same global Route 53 zone, got {"hostedZoneId":"Z0123456789ABCDEFGHIJ","zoneName":"example.com"}`,
    ]);
  });

  test("GIVEN a delivery pipeline and deploy roles THEN the CloudFormation execution role of every account and region the pipeline deploys into is required", () => {
    const delivery = { source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', repository: 'example-org/platform' } };
    const role = (account: string, region: string) => `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`;
    const deployRoleArns = [role('111111111111', 'eu-west-1'), role('111111111111', 'eu-central-1')];
    // (the value is shown shortened, as every long value is)
    expect(problemsOf(raw({ delivery, guardrails: { deployRoleArns } }))).toEqual([
      expect.stringContaining(`${W}: 'guardrails.deployRoleArns' must include the CloudFormation execution role the pipeline deploys with (${role('222222222222', 'eu-central-1')}): without it the tag-protection SCP denies every pipeline change to a protected resource, got ["arn:aws:iam::111111111111:role/`),
    ]);
    expect(validatePlatformConfig(raw({ delivery, guardrails: { deployRoleArns: [...deployRoleArns, role('222222222222', 'eu-central-1')] } }), W).delivery).toBeDefined();
  });
});

describe('regionalConfig', () => {
  const config = validatePlatformConfig(raw(), W);

  test('GIVEN the home region THEN its view is a one-region platform with the home tenants only', () => {
    const home = regionalConfig(config, 'eu-west-1');
    expect(home.placement).toEqual(HOME);
    expect(home.tenants.map((t) => t.id)).toEqual(['acme']);
  });

  test('GIVEN an additional region THEN its view is placed there, names the home region and has its tenants only', () => {
    const other = regionalConfig(config, 'eu-central-1');
    expect(other.placement).toEqual({ account: '111111111111', region: 'eu-central-1', homeRegion: 'eu-west-1' });
    expect(other.tenants.map((t) => t.id)).toEqual(['globex', 'initech']);
    expect(other.controlPlane).toBe(config.controlPlane);
  });

  test('GIVEN a one-region platform THEN its home view is the configuration itself (its templates do not change)', () => {
    const single = validatePlatformConfig(raw({ tenants: [TENANTS[0]], placement: HOME }), W);
    expect(regionalConfig(single, 'eu-west-1')).toBe(single);
    expect(regionalConfigs(single)).toEqual([single]);
  });

  test('GIVEN a region the platform does not run in THEN the view is refused by name', () => {
    expect(() => regionalConfig(config, 'us-east-1')).toThrow(`regionalConfig: 'region' must be a region of the platform (eu-west-1, eu-central-1), got "us-east-1"`);
  });

  test('GIVEN tenants in other accounts in an additional region THEN its acceptor role has a name of its own (IAM names are global)', () => {
    expect(attachmentAcceptorRoleName(regionalConfig(config, 'eu-west-1'))).toBe('tenant-baseline-attachment-acceptor');
    expect(attachmentAcceptorRoleName(regionalConfig(config, 'eu-central-1'))).toBe('tenant-baseline-attachment-acceptor-eu-central-1');
    expect(attachmentAcceptorRoleArns(config)).toEqual(['arn:aws:iam::111111111111:role/tenant-baseline-attachment-acceptor-eu-central-1']);
  });
});
