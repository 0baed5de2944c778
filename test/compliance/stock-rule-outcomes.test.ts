import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { complianceChecks } from '../../lib/compliance/gate/gate';
import {
  RecordingAwsSolutionsChecks,
  RecordingHIPAASecurityChecks,
  RecordingNIST80053R5Checks,
  RecordingPack,
  RecordingPCIDSS321Checks,
  RecordingServerlessChecks,
  StockRuleOutcomes,
} from '../../lib/compliance/gate/recording';
import { platformTopology } from '../../lib/compliance/topology';
import { exampleConfig, testApp } from '../helpers/app';

type Validating = RecordingPack & { validateScope(scope: unknown): { violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[] } };
const ALONE = [RecordingAwsSolutionsChecks, RecordingHIPAASecurityChecks, RecordingNIST80053R5Checks, RecordingPCIDSS321Checks, RecordingServerlessChecks];

/** An app whose resources break rules of every stock pack: a bucket without TLS-only policy or logging, a wildcard policy. */
function findingsApp() {
  const app = testApp();
  const stack = new Stack(app, 'Findings');
  const bucket = new s3.Bucket(stack, 'Open');
  new iam.Policy(stack, 'Wide', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
  return { app, bucket };
}

function judged(packs: Validating[], scope: unknown) {
  return packs.map((p) => ({
    pack: p.name,
    violations: p.validateScope(scope).violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(',')}`).sort(),
    tallies: [...p.tallies.values()].map((t) => `${t.ruleId} ${t.compliant}/${t.acknowledged}/${t.nonCompliant}`).sort(),
  }));
}

describe('the stock packs share what each rule answered within one validation pass', () => {
  test('GIVEN the gate\'s five packs in one pass THEN every finding and tally equals each pack run alone', () => {
    const { app } = findingsApp();
    const shared = complianceChecks(app, platformTopology(exampleConfig())).slice(0, 5) as unknown as Validating[];
    const alone = ALONE.map((Pack) => new Pack(app)) as unknown as Validating[];
    const together = judged(shared, app);
    expect(together.flatMap((p) => p.violations).length).toBeGreaterThan(5);
    expect(together.map((p) => p.pack)).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless']);
    expect(together).toEqual(judged(alone, app));
  });

  test('GIVEN a resource changed between two passes THEN the second pass judges the change, not the first answer', () => {
    const { app, bucket } = findingsApp();
    const shared = complianceChecks(app, platformTopology(exampleConfig())).slice(0, 5) as unknown as Validating[];
    const sslFindings = () => shared.flatMap((p) => p.validateScope(app).violations).filter((v) => /S3BucketSSLRequestsOnly|S10$/.test(v.ruleName)).length;
    expect(sslFindings()).toBeGreaterThan(0);
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['s3:*'], resources: [bucket.bucketArn, bucket.arnForObjects('*')], conditions: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(sslFindings()).toBe(0);
  });

  test('GIVEN a rule answered once THEN a later pack gets the same answer without running it, and a rule that throws throws again', () => {
    const outcomes = new StockRuleOutcomes();
    const node = new CfnResource(new Stack(testApp(), 'S'), 'R', { type: 'AWS::S3::Bucket' });
    let runs = 0;
    const failing = () => {
      runs++;
      return NagRuleCompliance.NON_COMPLIANT;
    };
    const throwing = () => {
      runs++;
      throw new Error('intrinsic');
    };
    expect(outcomes.judge(failing, node)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(outcomes.judge(failing, node)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(() => outcomes.judge(throwing, node)).toThrow('intrinsic');
    expect(() => outcomes.judge(throwing, node)).toThrow('intrinsic');
    expect(runs).toBe(2);
    outcomes.forget();
    outcomes.judge(failing, node);
    expect(runs).toBe(3);
  });
});
