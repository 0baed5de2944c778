import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { acknowledge, AcknowledgementError, reasonProblem } from '../../lib/acknowledgements/acknowledge';
import { AcknowledgementAudit, collectAcknowledgements } from '../../lib/compliance/gate/acknowledgement-audit';
import { ACKNOWLEDGEMENTS, AcknowledgementKey } from '../../lib/acknowledgements/catalog';
import { applyComplianceGate, complianceChecks } from '../../lib/compliance/gate/gate';
import { platformTopology } from '../../lib/compliance/topology';
import { controlTowerRules } from '../../lib/compliance/gate/control-tower';
import { TENANT_BASELINE_RULES } from '../../lib/compliance/rules';
import { buildPlatform } from '../../lib/platform';
import { exampleConfig, testApp } from '../helpers/app';

type Checkable = { name: string; validateScope(scope: unknown): { violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[] } };

function findings(app: ReturnType<typeof testApp>) {
  return (complianceChecks(app, platformTopology(exampleConfig())) as unknown as Checkable[]).flatMap((check) =>
    check.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`)),
  );
}

describe('the compliance gate on the example fleet', () => {
  test('GIVEN the shipped configuration THEN all five cdk-nag packs and the audit find zero unacknowledged findings', () => {
    const app = testApp();
    buildPlatform(app, exampleConfig());
    expect(findings(app)).toEqual([]);
  });

  // A full synth of the example platform with the gate (schema validation as errors) runs in report.test.ts.
});

describe('the gate fails when it should', () => {
  test('GIVEN an unencrypted log group with no retention THEN the gate reports it and synth fails', () => {
    const app = testApp();
    const stack = new Stack(app, 'Bad');
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.INFINITE });
    const found = findings(app);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^HIPAA\.Security-CloudWatchLogGroupEncrypted @ Bad\/Plain\/Resource$/)]));
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^NIST\.800\.53\.R5-CloudWatchLogGroupRetentionPeriod @ Bad\/Plain\/Resource$/)]));
    applyComplianceGate(app, platformTopology(exampleConfig()));
    expect(() => app.synth()).toThrow(/Validation failed|ValidationFailed|CloudWatchLogGroupEncrypted/);
  });

  test('GIVEN a finding in a stack that also holds acknowledged findings THEN synth fails and no check reports success while it holds an error', () => {
    const config = exampleConfig();
    const app = testApp();
    const { tenants } = buildPlatform(app, config, { onlyTenants: config.tenants.slice(0, 1) });
    new logs.LogGroup(tenants[0], 'Plain', { retention: logs.RetentionDays.INFINITE });
    expect(collectAcknowledgements(app).length).toBeGreaterThan(0);
    applyComplianceGate(app, platformTopology(config));
    expect(() => app.synth()).toThrow(/CloudWatchLogGroupEncrypted/);
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: { severity: string }[] }[];
    };
    const conclusions = report.pluginReports.map((r) => [r.pluginName, r.conclusion, r.violations.some((v) => v.severity === 'error')] as const);
    expect(conclusions.filter(([, conclusion, holdsError]) => conclusion === 'success' && holdsError)).toEqual([]);
    expect(conclusions.filter(([, conclusion]) => conclusion === 'failure').map(([name]) => name)).toEqual(
      expect.arrayContaining(['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'TenantBaseline']),
    );
  });

  test('GIVEN a template with a property CloudFormation does not know THEN the gate\'s schema validation fails synth, even with the built-in one turned off', () => {
    const previous = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'false';
    try {
      const app = testApp({ builtinCloudFormationValidation: false });
      const stack = new Stack(app, 'Schema');
      new CfnResource(stack, 'Broken', { type: 'AWS::Logs::LogGroup', properties: { RetentionInDays: 7, NotAProperty: true } });
      applyComplianceGate(app, platformTopology(exampleConfig()));
      expect(() => app.synth()).toThrow(/NotAProperty/);
    } finally {
      if (previous === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = previous;
    }
  });

  test('GIVEN schema findings left as warnings (the cdk.json flag off) THEN the gate refuses to register', () => {
    const app = testApp({ context: { '@aws-cdk/core:validateAgainstDefaultRules': false } });
    expect(() => applyComplianceGate(app, platformTopology(exampleConfig()))).toThrow(
      "context: '@aws-cdk/core:validateAgainstDefaultRules' must be true for the compliance gate (schema findings fail synth), got false",
    );
  });

  test('GIVEN an acknowledgement made directly, outside the catalog THEN the audit reports it', () => {
    const app = testApp();
    const stack = new Stack(app, 'Sneaky');
    const group = new logs.LogGroup(stack, 'Group');
    Validations.of(group.node.defaultChild!).acknowledge({ id: 'HIPAA.Security-CloudWatchLogGroupEncrypted', reason: 'we encrypt it elsewhere with a process that reviewers know about' });
    const report = new AcknowledgementAudit().validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.description)).toEqual([
      "'HIPAA.Security-CloudWatchLogGroupEncrypted' is acknowledged outside lib/acknowledgements/catalog.ts; use acknowledge(resource, '<key>') with a reviewed entry",
    ]);
  });

  test('GIVEN an acknowledgement on a whole stack THEN the audit reports it as too broad', () => {
    const app = testApp();
    const stack = new Stack(app, 'Broad');
    Validations.of(stack).acknowledge({ id: 'AwsSolutions-VPC3', reason: ACKNOWLEDGEMENTS.deliberateNetworkAcl.reason });
    const report = new AcknowledgementAudit().validateScope(app);
    expect(report.violations.map((v) => v.description)).toEqual(["acknowledgements must be attached to a single CloudFormation resource, not to 'Broad'"]);
  });
});

describe('acknowledge()', () => {
  test('GIVEN a catalog entry and a resource of its type THEN the findings are acknowledged there and recorded with the key', () => {
    const app = testApp();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const acl = new ec2.NetworkAcl(stack, 'Acl', { vpc });
    acknowledge(acl, 'deliberateNetworkAcl');
    const records = collectAcknowledgements(app).filter((r) => r.constructPath === 'S/Acl/Resource');
    expect(records).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-VPC3', resourceType: 'AWS::EC2::NetworkAcl', catalogKey: 'deliberateNetworkAcl', reason: ACKNOWLEDGEMENTS.deliberateNetworkAcl.reason }),
    ]);
    expect(new AcknowledgementAudit().validateScope(app).success).toBe(true);
  });

  test('GIVEN a resource of another type THEN it refuses, naming the allowed types', () => {
    const stack = new Stack(testApp(), 'S');
    const group = new logs.LogGroup(stack, 'Group');
    expect(() => acknowledge(group, 'deliberateNetworkAcl')).toThrow(
      new AcknowledgementError("acknowledge: 'deliberateNetworkAcl' may only be attached to AWS::EC2::NetworkAcl or AWS::EC2::NetworkAclEntry, got AWS::Logs::LogGroup at 'S/Group/Resource'"),
    );
  });

  test('GIVEN a stack or a construct without a single resource THEN it refuses', () => {
    const stack = new Stack(testApp(), 'S');
    expect(() => acknowledge(stack, 'deliberateNetworkAcl')).toThrow("the target of 'deliberateNetworkAcl' must be a single CloudFormation resource (or an L2 construct wrapping one), got 'S'");
  });

  test('GIVEN a key that is not in the catalog THEN it refuses', () => {
    const stack = new Stack(testApp(), 'S');
    expect(() => acknowledge(stack, 'madeUp' as AcknowledgementKey)).toThrow("acknowledge: 'key' must name an entry of lib/acknowledgements/catalog.ts, got 'madeUp'");
  });

  test.each([
    ['', 'must be a non-empty sentence'],
    ['   ', 'must be a non-empty sentence'],
    ['TODO', 'in at least 10 words'],
    ['false positive', 'in at least 10 words'],
    ['This is a false positive because the rule does not understand our setup at all', "not 'false positive'"],
    ['Not applicable here since this resource is only used in a way that is safe', "not 'Not applicable'"],
    ['We will suppress this for now and come back to it in the next quarter', "not 'suppress'"],
  ])('GIVEN the reason %p THEN it is refused (%s)', (reason, fragment) => {
    expect(reasonProblem(reason)).toContain(fragment);
  });

  test.each(Object.entries(ACKNOWLEDGEMENTS))('catalog entry %s has an acceptable reason, rule ids of a registered check and at least one resource type', (_, entry) => {
    expect(reasonProblem(entry.reason)).toBeUndefined();
    expect(entry.resourceTypes.length).toBeGreaterThan(0);
    const ours = new Set(TENANT_BASELINE_RULES.map((r) => `TenantBaseline-${r.id}`));
    const controlTower = new Set(controlTowerRules().map((r) => `ControlTower::${r.controlId}`));
    for (const id of entry.ruleIds) {
      const known =
        /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321|Serverless)-[A-Za-z0-9]+(\[.+\])?$/.test(id) ||
        ours.has(id.replace(/\[.+\]$/, '')) ||
        controlTower.has(id);
      expect({ id, known }).toEqual({ id, known: true });
    }
  });
});
