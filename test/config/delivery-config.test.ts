/** The `placement` and `delivery` sections, and a tenant's `account` and `region`: named errors before any construct exists. */
import { DefaultStackSynthesizer } from 'aws-cdk-lib';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { CDK_BOOTSTRAP_QUALIFIER, pipelineExecutionRoleArn } from '../../lib/config/validate-delivery';
import { configProblems, TEST_SUBSCRIPTIONS } from '../helpers/app';

const W = 'test.json';
const CONNECTION = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const SOURCE = { connectionArn: CONNECTION, repository: 'example-org/platform' };
const PLACEMENT = { account: '111111111111', region: 'eu-west-1' };
const fleet = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `tenant-${String(i).padStart(3, '0')}`, number: i }));

function raw(overrides: Record<string, unknown> = {}) {
  return { accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: fleet(3), placement: PLACEMENT, delivery: { source: SOURCE }, ...overrides };
}

const problemsOf = (input: unknown) => configProblems(input, W);

describe('placement', () => {
  test('GIVEN an account and a region THEN they are kept, and tenants default to them', () => {
    const config = validatePlatformConfig(raw({ delivery: undefined }), W);
    expect(config.placement).toEqual(PLACEMENT);
    expect(config.tenants[0].account).toBeUndefined();
  });

  test('GIVEN an account id that is not 12 digits, or an unknown region THEN each is refused by field', () => {
    expect(problemsOf(raw({ placement: { account: '12345', region: 'eu-west-9' }, delivery: undefined }))).toEqual([
      `${W}: 'placement.account' must be a 12-digit AWS account id, got "12345"`,
      `${W}: 'placement.region' must be an AWS region aws-cdk-lib knows (e.g. eu-west-1), got "eu-west-9"`,
    ]);
  });

  test('GIVEN a placement region outside the allowed regions THEN it is refused', () => {
    expect(problemsOf(raw({ guardrails: { allowedRegions: ['eu-central-1'] }, delivery: undefined }))).toContain(
      `${W}: 'placement.region' must be one of guardrails.allowedRegions (eu-central-1), got "eu-west-1"`,
    );
  });

  test("GIVEN a tenant in another account of the hub's region THEN it is kept: the hub is shared with that account", () => {
    const tenants = [{ id: 'acme', number: 0 }, { id: 'globex', number: 1, account: '222222222222' }, { id: 'initech', number: 2, account: '111111111111' }];
    const config = validatePlatformConfig(raw({ tenants, delivery: undefined }), W);
    expect(config.tenants.map((t) => t.account)).toEqual([undefined, '222222222222', '111111111111']);
  });

  test('GIVEN a tenant in another account and a platform without a region THEN it is refused: the shared parameter ARN names the region', () => {
    const tenants = [{ id: 'acme', number: 0, account: '222222222222' }];
    expect(problemsOf(raw({ placement: { account: '111111111111' }, tenants, delivery: undefined }))).toEqual([
      `${W}: 'tenants[0].account' must be the platform account (111111111111) unless placement.region is set: a tenant in another account reads the hub's shared transit gateway id by an ARN that names the hub's region, got "222222222222"`,
    ]);
  });

  test('GIVEN tenants in 41 other accounts THEN the 41st account is refused by field: 40 is the limit', () => {
    const tenants = Array.from({ length: 42 }, (_, n) => ({ id: `tenant-${String(n).padStart(3, '0')}`, number: n, account: String(200000000000 + n) }));
    expect(problemsOf(raw({ tenants: [...tenants.slice(0, 41), { ...tenants[41], account: tenants[0].account }], delivery: undefined }))).toEqual([
      `${W}: 'tenants[40].account' must be one of at most 40 accounts other than the platform's (the GDPR handler's policy names one ARN per account within a managed policy's 6,144 characters), got "200000000040"`,
    ]);
    expect(() => validatePlatformConfig(raw({ tenants: tenants.slice(0, 40), delivery: undefined }), W)).not.toThrow();
  });

  test('GIVEN a tenant account id that is not 12 digits THEN it is refused by field', () => {
    expect(problemsOf(raw({ tenants: [{ id: 'acme', number: 0, account: '2222' }], delivery: undefined }))).toEqual([`${W}: 'tenants[0].account' must be a 12-digit AWS account id, got "2222"`]);
  });

  test('GIVEN a pipeline, deploy roles and a tenant in another account THEN that account\'s execution role must be a deploy role too', () => {
    const tenants = [{ id: 'acme', number: 0 }, { id: 'globex', number: 1, account: '222222222222' }];
    const guardrails = { deployRoleArns: [pipelineExecutionRoleArn('111111111111', 'eu-west-1')] };
    const problems = problemsOf(raw({ tenants, guardrails }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${W}: 'guardrails.deployRoleArns' must include the CloudFormation execution role the pipeline deploys with (arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1)`);
    expect(() => validatePlatformConfig(raw({ tenants, guardrails: { deployRoleArns: [...guardrails.deployRoleArns, pipelineExecutionRoleArn('222222222222', 'eu-west-1')] } }), W)).not.toThrow();
  });

  test('GIVEN a tenant placed where no hub exists, or outside its own allowed regions THEN it is refused', () => {
    const tenants = [
      { id: 'acme', number: 0, region: 'us-east-1' },
      { id: 'globex', number: 1, allowedRegions: ['eu-central-1'] },
    ];
    expect(problemsOf(raw({ tenants, delivery: undefined }))).toEqual([
      `${W}: 'tenants[0].region' must be a region with a network hub (eu-west-1): a tenant placed where no hub exists cannot attach, got "us-east-1"`,
      `${W}: 'tenants[1].region' must be one of the tenant's allowedRegions (eu-central-1), got "eu-west-1"`,
    ]);
  });

  test('GIVEN a tenant account without a platform account THEN it is refused', () => {
    expect(problemsOf(raw({ placement: undefined, delivery: undefined, tenants: [{ id: 'acme', number: 0, account: '111111111111' }] }))).toEqual([
      `${W}: 'tenants[0].account' must be left out unless placement.account is set (a tenant placed by account needs the platform placed too), got "111111111111"`,
    ]);
  });
});

describe('delivery', () => {
  test('GIVEN a source only THEN every other field is defaulted: the first tenant is the canary, approval on, waves of ten, no subscribers', () => {
    const config = validatePlatformConfig(raw(), W);
    expect(config.delivery).toEqual({ source: { ...SOURCE, branch: 'main' }, canaryTenants: ['tenant-000'], approveAfterCanary: true, waveSize: 10, notifications: [] });
  });

  test('GIVEN delivery without a placed platform THEN it is refused: the pipeline deploys to named environments', () => {
    expect(problemsOf(raw({ placement: { region: 'eu-west-1' } }))).toEqual([
      `${W}: 'placement' must name the platform account and region when delivery is set (the pipeline deploys to named environments), got {"region":"eu-west-1"}`,
    ]);
  });

  test('GIVEN a bad connection, repository, branch, canary and wave size THEN each is refused by field, all at once', () => {
    const delivery = { source: { connectionArn: 'arn:aws:codecommit:eu-west-1:111111111111:repo', repository: 'no-owner', branch: 'bad..branch' }, canaryTenants: ['nobody', 'tenant-001', 'tenant-001'], approveAfterCanary: 'yes', waveSize: 25, colour: 'red' };
    expect(problemsOf(raw({ delivery }))).toEqual([
      `${W}: 'delivery.colour' must not be present: unknown key (allowed here: source, canaryTenants, approveAfterCanary, waveSize, notifications), got "red"`,
      `${W}: 'delivery.source.connectionArn' must be a CodeConnections ARN like arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>, got "arn:aws:codecommit:eu-west-1:111111111111:repo"`,
      `${W}: 'delivery.source.repository' must be owner/name of the repository, got "no-owner"`,
      `${W}: 'delivery.source.branch' must be a git branch name, got "bad..branch"`,
      `${W}: 'delivery.canaryTenants[0]' must name a configured tenant (tenant-000, tenant-001, tenant-002), got "nobody"`,
      `${W}: 'delivery.canaryTenants[2]' must be unique, got "tenant-001"`,
      `${W}: 'delivery.approveAfterCanary' must be true or false, got "yes"`,
      `${W}: 'delivery.waveSize' must be an integer in 1..24 (two actions per tenant plus the drift and wave checks, within CodePipeline's 50 actions per stage), got 25`,
    ]);
  });

  test('GIVEN an empty canary list for a fleet THEN it is refused: the first wave must be a canary', () => {
    expect(problemsOf(raw({ delivery: { source: SOURCE, canaryTenants: [] } }))).toEqual([
      `${W}: 'delivery.canaryTenants' must be a non-empty array of configured tenant ids (the first wave deploys them alone), got []`,
    ]);
  });

  test('GIVEN 156 tenants in waves of one THEN the layout is refused with each quota it breaks', () => {
    expect(problemsOf(raw({ tenants: fleet(156), delivery: { source: SOURCE, waveSize: 1 } }))).toEqual([
      `${W}: 'delivery.waveSize' must lay the 156 tenants out within CodePipeline's quotas, but the waves make 162 stages, more than CodePipeline's 50 per pipeline, got 1`,
      `${W}: 'delivery.waveSize' must lay the 156 tenants out within CodePipeline's quotas, but the waves make 638 actions, more than CodePipeline's 500 per pipeline, got 1`,
    ]);
  });

  test('GIVEN 156 tenants in waves of two THEN the stage count still breaks the quota; in waves of four it fits', () => {
    expect(problemsOf(raw({ tenants: fleet(156), delivery: { source: SOURCE, waveSize: 2 } }))[0]).toMatch(/85 stages, more than CodePipeline's 50 per pipeline/);
    expect(validatePlatformConfig(raw({ tenants: fleet(156), delivery: { source: SOURCE, waveSize: 4 } }), W).delivery!.waveSize).toBe(4);
  });

  test('GIVEN deploy roles for the SCP that leave out the pipeline\'s execution role THEN it is refused; with it, accepted', () => {
    const other = 'arn:aws:iam::111111111111:role/break-glass';
    const execution = 'arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1';
    expect(problemsOf(raw({ guardrails: { deployRoleArns: [other] } }))).toEqual([
      `${W}: 'guardrails.deployRoleArns' must include the CloudFormation execution role the pipeline deploys with (${execution}): without it the tag-protection SCP denies every pipeline change to a protected resource, got ["${other}"]`,
    ]);
    expect(validatePlatformConfig(raw({ guardrails: { deployRoleArns: [execution, other] } }), W).guardrails.deployRoleArns).toEqual([execution, other]);
    expect(pipelineExecutionRoleArn('111111111111', 'eu-west-1')).toBe(execution);
    expect(CDK_BOOTSTRAP_QUALIFIER).toBe(DefaultStackSynthesizer.DEFAULT_QUALIFIER);
  });

  test('GIVEN a canary wave too large for one stage THEN the canary list is refused, not the wave size', () => {
    const canaryTenants = fleet(30).map((t) => t.id);
    const problems = problemsOf(raw({ tenants: fleet(30), delivery: { source: SOURCE, canaryTenants } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^test\.json: 'delivery\.canaryTenants' must fit in one pipeline stage, but the canary wave makes stage Canary has 63 actions, more than CodePipeline's 50 per stage, got \["tenant-000"/);
  });

  test('GIVEN notification subscribers THEN they are checked like the alert subscriptions', () => {
    expect(problemsOf(raw({ delivery: { source: SOURCE, notifications: [{ protocol: 'sms', endpoint: '+1555' }, { protocol: 'email', endpoint: 'not-an-address' }] } }))).toEqual([
      `${W}: 'delivery.notifications[0].protocol' must be "email" or "https", got "sms"`,
      `${W}: 'delivery.notifications[1].endpoint' must be an e-mail address, got "not-an-address"`,
    ]);
  });
});
