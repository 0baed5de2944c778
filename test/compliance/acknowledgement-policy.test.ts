/**
 * What may be acknowledged, by whom and until when: findings of isolation and key-ownership rules never; every catalog
 * entry has an owner and a review date no more than a year ahead; an entry past its date fails the gate with a message
 * that names it, its owner and what to do. Each acknowledgement's recorded trace names the construct code that made it.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACKNOWLEDGEMENTS, AcknowledgementEntry } from '../../lib/acknowledgements/catalog';
import { acknowledge, ACKNOWLEDGEMENT_TRACE_FRAMES } from '../../lib/acknowledgements/acknowledge';
import { EDGE_ACKNOWLEDGEMENTS } from '../../lib/acknowledgements/catalog-edge';
import { NETWORK_ACKNOWLEDGEMENTS } from '../../lib/acknowledgements/catalog-network';
import { SECURITY_ACKNOWLEDGEMENTS } from '../../lib/acknowledgements/catalog-security';
import { DETECTION_ACKNOWLEDGEMENTS } from '../../lib/acknowledgements/catalog-detection';
import { DELIVERY_ACKNOWLEDGEMENTS } from '../../lib/acknowledgements/catalog-delivery';
import { AcknowledgementAudit, acknowledgementProblem, entryProblem } from '../../lib/compliance/gate/acknowledgement-audit';
import { isAcknowledgeable, TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { outsideCdkDebugMode, testApp } from '../helpers/app';
import { evaluate, tenantApp } from '../helpers/pack';

const ENTRY: AcknowledgementEntry = ACKNOWLEDGEMENTS.natSubnetInternetRoute;
const ON = (date: string) => new Date(`${date}T12:00:00Z`);

describe('rules that cannot be acknowledged', () => {
  test('GIVEN the pack THEN every isolation rule and the key-ownership rules are unacknowledgeable', () => {
    const closed = TENANT_BASELINE_RULES.filter((r) => !isAcknowledgeable(r)).map((r) => r.id);
    expect(closed).toEqual(expect.arrayContaining(['ResourceTypesAsPlanned', 'NetworkAclAsPlanned', 'RoutesAsPlanned', 'PolicyPrincipalsAsPlanned', 'TenantDataUnderTenantKey', 'DataUnderOwnStackKey', 'KmsFullAccessOnlyRoot']));
    for (const rule of TENANT_BASELINE_RULES.filter((r) => r.tenantIsolation !== undefined)) {
      expect(isAcknowledgeable(rule)).toBe(false);
    }
  });

  test('GIVEN the reviewed catalog THEN no entry names a rule that cannot be acknowledged', () => {
    const closed = TENANT_BASELINE_RULES.filter((r) => !isAcknowledgeable(r)).map((r) => `TenantBaseline-${r.id}`);
    const named = Object.entries(ACKNOWLEDGEMENTS).flatMap(([key, e]) => e.ruleIds.filter((id) => closed.some((c) => id === c || id.startsWith(`${c}[`))).map((id) => `${key}: ${id}`));
    expect(named).toEqual([]);
  });

  test('GIVEN an isolation finding acknowledged directly on the resource THEN the audit fails and the pack still reports it as non-compliant', () => {
    const { app, stack } = tenantApp();
    const vpc = stack.network.vpc.node.defaultChild as import('aws-cdk-lib').CfnResource;
    vpc.addPropertyOverride('CidrBlock', '10.101.0.0/16');
    Validations.of(vpc).acknowledge({ id: 'TenantBaseline-TenantVpcPlannedCidr[CidrBlock::10.101.0.0/16]', reason: 'we share the neighbour range on purpose for a migration window' });
    const audit = new AcknowledgementAudit().validateScope(app);
    expect(audit.violations.map((v) => v.description)).toEqual([
      "'TenantBaseline-TenantVpcPlannedCidr[CidrBlock::10.101.0.0/16]' cannot be acknowledged: TenantBaseline-TenantVpcPlannedCidr judges tenant isolation or key ownership, so a finding is fixed, never accepted",
    ]);
    const judged = evaluate(app).evaluations.filter((e) => e.ruleId === 'TenantBaseline-TenantVpcPlannedCidr' && e.findings.length > 0);
    expect(judged.map((e) => e.status)).toEqual(['non-compliant']);
  });

  test('GIVEN a catalog entry that names an isolation rule THEN the acknowledgement is refused by name', () => {
    const record = { stack: 'Tenant-acme', constructPath: 'Tenant-acme/Bucket/AccessLogs/Resource', logicalId: 'B', resourceType: 'AWS::S3::Bucket', ruleId: 'TenantBaseline-TenantDataUnderTenantKey[BucketEncryption0::AES256]', reason: ENTRY.reason, catalogKey: 'accessLogBucketSseS3' };
    expect(acknowledgementProblem(record)).toMatch(/^'TenantBaseline-TenantDataUnderTenantKey\[BucketEncryption0::AES256\]' cannot be acknowledged/);
  });
});

describe('owners and review dates', () => {
  test('GIVEN the catalog kept in one file per owning team THEN no key is defined twice (a later file would silently win)', () => {
    const files = [NETWORK_ACKNOWLEDGEMENTS, EDGE_ACKNOWLEDGEMENTS, SECURITY_ACKNOWLEDGEMENTS, DETECTION_ACKNOWLEDGEMENTS, DELIVERY_ACKNOWLEDGEMENTS].map((f) => Object.keys(f));
    expect(files.flat().length).toBe(Object.keys(ACKNOWLEDGEMENTS).length);
  });

  test('GIVEN the reviewed catalog THEN every entry has an owner and a valid review date', () => {
    for (const [key, entry] of Object.entries(ACKNOWLEDGEMENTS)) {
      expect(`${key}: ${entry.owner}`).toMatch(/^[A-Za-z0-9]+: \S+/);
      expect(`${key}: ${entry.reviewBy}`).toMatch(/^[A-Za-z0-9]+: \d{4}-\d{2}-\d{2}$/);
      expect(entryProblem(key, entry, new Date(Date.parse(`${entry.reviewBy}T00:00:00Z`) - 30 * 24 * 3600 * 1000))).toBeUndefined();
    }
  });

  test.each([
    ['on its review date', { ...ENTRY, reviewBy: '2027-06-01' }, '2027-06-01', "'x' was due for review on 2027-06-01 (owner: platform-network): review the decision and move 'reviewBy' in lib/acknowledgements/catalog.ts, or fix the finding"],
    ['long after it', { ...ENTRY, reviewBy: '2027-06-01' }, '2029-01-01', "'x' was due for review on 2027-06-01 (owner: platform-network): review the decision and move 'reviewBy' in lib/acknowledgements/catalog.ts, or fix the finding"],
    ['put off more than a year', { ...ENTRY, reviewBy: '2028-06-02' }, '2027-06-01', "'x.reviewBy' must be at most 366 days ahead, got 2028-06-02"],
    ['with an impossible date', { ...ENTRY, reviewBy: '2027-02-30' }, '2027-01-01', "'x.reviewBy' must be a date YYYY-MM-DD, got \"2027-02-30\""],
    ['without an owner', { ...ENTRY, owner: ' ' }, '2027-01-01', "'x.owner' must name who answers for the decision, got \" \""],
  ])('GIVEN an entry %s THEN it is refused with a message that says what to do', (_, entry, today, message) => {
    expect(entryProblem('x', entry, ON(today))).toBe(message);
  });

  test('GIVEN the shipped tenant on the day after its entries fall due THEN the audit fails every acknowledgement of them', () => {
    const { app } = tenantApp();
    const late = new AcknowledgementAudit(ON('2027-06-02')).validateScope(app);
    expect(late.success).toBe(false);
    expect(late.violations.length).toBeGreaterThan(5);
    expect(late.violations.every((v) => /was due for review on 2027-06-01/.test(v.description))).toBe(true);
    expect(new AcknowledgementAudit(ON('2027-05-31')).validateScope(app).violations).toEqual([]);
  });

  test('GIVEN acknowledge() itself THEN it still refuses a catalog key it does not know', () => {
    const { stack } = tenantApp();
    expect(() => acknowledge(stack.bucket.bucket, 'nope' as never)).toThrow("acknowledge: 'key' must name an entry of lib/acknowledgements/catalog.ts, got 'nope'");
  });
});

describe("an acknowledgement's trace", () => {
  outsideCdkDebugMode();

  /** Construct code that acknowledges, as the platform's constructs do; the trace must name it. */
  function acknowledgeFromConstructCode(bucket: s3.Bucket) {
    acknowledge(bucket, 'accessLogBucketNoSelfLogging');
  }
  const traceOf = () => {
    const bucket = new s3.Bucket(new Stack(testApp(), 'S'), 'Logs');
    const limit = Error.stackTraceLimit;
    acknowledgeFromConstructCode(bucket);
    expect(Error.stackTraceLimit).toBe(limit);
    const [entry] = bucket.node.defaultChild!.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    return entry.trace ?? [];
  };

  test('GIVEN an acknowledgement THEN its trace keeps the first frames, which name the construct code that made it, and the stack trace limit is restored', () => {
    const trace = traceOf();
    expect(trace.length).toBeLessThanOrEqual(ACKNOWLEDGEMENT_TRACE_FRAMES);
    expect(trace.join('\n')).toMatch(/acknowledgeFromConstructCode \(.*acknowledgement-policy\.test\.ts:\d+/);
  });

  test("GIVEN CDK's debug mode (cdk --debug-app sets CDK_DEBUG) THEN the acknowledgement keeps the full trace (Error.stackTraceLimit frames)", () => {
    process.env.CDK_DEBUG = 'true';
    expect(traceOf().length).toBeGreaterThan(ACKNOWLEDGEMENT_TRACE_FRAMES);
  });
});
