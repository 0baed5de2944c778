import { CfnResource, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, IApplyRule, NagPack, NagRuleCompliance, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
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
  test('GIVEN findings, an acknowledged finding and rules that throw THEN the gate\'s packs report exactly what the stock cdk-nag packs report', () => {
    const { app, bucket } = findingsApp();
    const stack = Stack.of(bucket);
    Validations.of(bucket.node.defaultChild!).acknowledge({ id: 'AwsSolutions-S1', reason: 'this test acknowledges the missing access log' });
    // Values cdk-nag's rules cannot read: some rules throw (AwsSolutions-L1, S3DefaultEncryptionKMS, ...), and cdk-nag reports that.
    new lambda.CfnFunction(stack, 'Imported', { role: 'arn:aws:iam::111111111111:role/r', code: { zipFile: 'x' }, runtime: Fn.importValue('runtime') });
    new s3.CfnBucket(stack, 'ImportedSettings', {
      bucketEncryption: Token.asAny(Fn.importValue('encryption')),
      loggingConfiguration: Token.asAny(Fn.importValue('logging')),
      versioningConfiguration: Token.asAny(Fn.importValue('versioning')),
    });
    const gate = complianceChecks(app, platformTopology(exampleConfig())).slice(0, 5) as unknown as Validating[];
    const stock = [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks(), new PCIDSS321Checks(), new ServerlessChecks()];
    const reports = gate.map((p) => p.validateScope(app));
    expect(reports).toEqual(stock.map((p) => p.validateScope(app)));
    const all = reports.flatMap((r) => r.violations);
    expect(all.filter((v) => /threw/.test((v as { description?: string }).description ?? '')).map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']),
    );
    const pathsOf = (rule: string) => all.filter((v) => v.ruleName === rule).flatMap((v) => v.violatingResources.map((r) => r.constructPath));
    expect(pathsOf('AwsSolutions-S1')).toEqual(['Findings/ImportedSettings']);
    expect(pathsOf('AwsSolutions-S10')).toEqual(['Findings/Open/Resource', 'Findings/ImportedSettings']);
  });

  test('GIVEN findings and an acknowledged finding THEN each tally counts every answer of its stock rule once: passes as compliant, failures as acknowledged or non-compliant', () => {
    const { app, bucket } = findingsApp();
    Validations.of(bucket.node.defaultChild!).acknowledge({ id: 'AwsSolutions-S1', reason: 'this test acknowledges the missing access log' });
    // Counted independently: each stock pack as cdk-nag ships it, every rule's answer counted where cdk-nag applies it.
    const counted = new Map<string, { compliant: number; failing: number }>();
    const counting = (Pack: new () => NagPack) =>
      new (class extends (Pack as unknown as new () => { readonly readPackName: string; applyRule(params: IApplyRule): void; validateScope(scope: unknown): unknown }) {
        public applyRule(params: IApplyRule): void {
          const id = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
          const count = counted.get(id) ?? { compliant: 0, failing: 0 };
          try {
            const result = params.rule(params.node);
            if (result === NagRuleCompliance.COMPLIANT) {
              count.compliant++;
            } else if (result !== NagRuleCompliance.NOT_APPLICABLE) {
              count.failing++;
            }
          } catch {
            // a rule that throws is reported, not counted
          }
          counted.set(id, count);
          super.applyRule(params);
        }
      })();
    [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks].forEach((Pack) => counting(Pack).validateScope(app));
    const gate = complianceChecks(app, platformTopology(exampleConfig())).slice(0, 5) as unknown as Validating[];
    gate.forEach((p) => p.validateScope(app));
    const tallies = gate.flatMap((p) => [...p.tallies.values()]);
    expect(tallies.find((t) => t.ruleId === 'AwsSolutions-S1')).toEqual(expect.objectContaining({ acknowledged: 1 }));
    const expected = [...counted].filter(([, c]) => c.compliant + c.failing > 0).map(([id, c]) => `${id} ${c.compliant}/${c.failing}`);
    expect(tallies.map((t) => `${t.ruleId} ${t.compliant}/${t.acknowledged + t.nonCompliant}`).sort()).toEqual(expected.sort());
  });

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
