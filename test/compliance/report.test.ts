/**
 * The compliance report, built from a real synth of the example platform (the same path `cdk synth` takes), and from a
 * deliberately broken tenant, so a failing control, a tenant that is not isolated and the verdict are all exercised.
 */
import { RecordingAwsSolutionsChecks } from '../../lib/compliance/gate/recording';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import { buildComplianceReport, ComplianceReport, ISOLATION_RULES, ValidationReportJson } from '../../lib/compliance/report/build';
import { CONTROLS } from '../../lib/compliance/controls';
import { acknowledge } from '../../lib/acknowledgements/acknowledge';
import { collectAcknowledgements } from '../../lib/compliance/gate/acknowledgement-audit';
import { applyComplianceGate } from '../../lib/compliance/gate/gate';
import { REPO_ROOT } from '../../lib/compliance/report/provenance';
import { writeComplianceReport } from '../../lib/compliance/report/write';
import { groupResources } from '../../lib/compliance/report/group-resources';
import { networkSvg } from '../../lib/compliance/report/network-picture';
import { renderHtml } from '../../lib/compliance/report/render-html';
import { renderMarkdown } from '../../lib/compliance/report/render-markdown';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { buildPlatform } from '../../lib/platform';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

const CONFIG = exampleConfig();

/**
 * A report of an app without a synth: our pack's judgements, what the CDK's validation report would hold for its
 * findings, and the app's acknowledgements.
 */
function reportOf(app: App): ComplianceReport {
  const pack = new TenantBaselineChecks(platformTopology(CONFIG));
  const result = pack.validateScope(app);
  const validationReport: ValidationReportJson = {
    pluginReports: result.violations.length
      ? [{ pluginName: 'TenantBaseline', conclusion: 'failure', violations: result.violations.map((v) => ({ ruleName: v.ruleName, description: v.description, violatingConstructs: v.violatingResources.map((r) => ({ constructPath: r.constructPath ?? '' })) })) }]
      : [],
  };
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c)).map((s) => ({ name: s.stackName, template: Template.fromStack(s).toJSON() }));
  return buildComplianceReport({
    config: CONFIG,
    provenance: { configPath: 'config/platform.json', configSha256: 'x', sourceSha256: 'y', tenants: ['acme'], templateSha256: {} },
    stacks,
    checks: ['TenantBaseline'],
    evaluations: pack.evaluations,
    stockTallies: new Map(),
    acknowledgements: collectAcknowledgements(app),
    usedAcknowledgements: pack.usedAcknowledgements,
    validationReport,
  });
}

describe('the report of the example platform', () => {
  let report: ComplianceReport;
  let outdir: string;
  let synthesized: { app: App; gate: ReturnType<typeof applyComplianceGate> };

  beforeAll(() => {
    outdir = scratch('report-');
    const app = testApp({ outdir });
    buildPlatform(app, CONFIG);
    const gate = applyComplianceGate(app, platformTopology(CONFIG));
    app.synth();
    synthesized = { app, gate };
    report = writeComplianceReport(app, gate, { config: CONFIG, configPath: join(REPO_ROOT, 'config', 'platform.json') });
  });

  test('GIVEN the example platform THEN our pack judges outside a synth (templates rendered in memory) exactly as inside it (templates as the CDK wrote them)', () => {
    const { app, gate } = synthesized;
    const outside = new TenantBaselineChecks(platformTopology(CONFIG));
    outside.validateScope(app);
    expect(gate.tenantBaseline.evaluations.length).toBeGreaterThan(1000);
    expect(outside.evaluations).toEqual(gate.tenantBaseline.evaluations);
  });

  test('GIVEN the shipped configuration THEN synth with the gate succeeds, the verdict is pass, no control fails and every tenant is isolated', () => {
    expect(report.verdict).toBe('pass');
    expect(report.summary.controls.fails).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.tenants.map((t) => [t.id, t.verdict, t.plannedCidr, t.templateCidr, t.key?.alias])).toEqual(
      CONFIG.tenants.map((t) => [t.id, 'isolated', `10.${100 + t.number}.0.0/16`, `10.${100 + t.number}.0.0/16`, `alias/tenant-baseline/tenants/${t.id}`]),
    );
  });

  test("GIVEN the example platform (no residency rule) THEN each tenant's region reads as the deployer's, and the report's tables show it", () => {
    expect(report.tenants.map((t) => t.region)).toEqual(CONFIG.tenants.map(() => ({ allowed: [] })));
    expect(readFileSync(join(outdir, 'compliance', 'report.md'), 'utf8')).toContain(`| acme | 0 | active | any (not placed) | the deployer's region (not pinned) | 10.100.0.0/16 |`);
  });

  test("GIVEN the example platform THEN each tenant's API key limits and transient-record retention are shown (issue 19)", () => {
    expect(report.tenants.map((t) => t.settings)).toEqual(CONFIG.tenants.map(() => ({ apiKeys: 1, rateLimit: 10, burstLimit: 20, transientHours: 24 })));
    expect(readFileSync(join(outdir, 'compliance', 'report.md'), 'utf8')).toContain('| 1 API key, 10 rps / burst 20; transient records 24 h |');
    expect(readFileSync(join(outdir, 'compliance', 'report.html'), 'utf8')).toContain('<td>1 API key, 10 rps / burst 20; transient records 24 h</td>');
  });

  test('GIVEN a tenant with allowed regions, stacks pinned by residency and a tenant being offboarded THEN the report shows the pinned region, the allowed ones and each lifecycle', () => {
    const tenants = CONFIG.tenants.map((t) => (t.id === 'acme' ? { ...t, allowedRegions: ['eu-west-1'] } : t.id === 'globex' ? { ...t, state: 'offboarding' as const, keyDeletionWindowDays: 14 } : t));
    const config = { ...CONFIG, tenants, guardrails: { ...CONFIG.guardrails, allowedRegions: ['eu-west-1', 'eu-central-1'] } };
    const dir = scratch('report-region-');
    const app = testApp({ outdir: dir });
    buildPlatform(app, config, { onlyTenants: config.tenants.filter((t) => t.id !== 'initech'), region: 'eu-west-1' });
    const gate = applyComplianceGate(app, platformTopology(config));
    app.synth();
    const pinned = writeComplianceReport(app, gate, { config, configPath: join(REPO_ROOT, 'config', 'platform.json'), onlyTenants: ['acme', 'globex'] });
    expect(pinned.tenants.map((t) => [t.id, t.region])).toEqual([
      ['acme', { pinned: 'eu-west-1', allowed: ['eu-west-1'] }],
      ['globex', { pinned: 'eu-west-1', allowed: ['eu-west-1', 'eu-central-1'] }],
      ['initech', { allowed: ['eu-west-1', 'eu-central-1'] }],
    ]);
    expect(readFileSync(join(dir, 'compliance', 'report.html'), 'utf8')).toContain('<td>eu-west-1; allowed: eu-west-1</td>');
    expect(pinned.tenants.map((t) => [t.id, t.lifecycle])).toEqual([['acme', { state: 'active' }], ['globex', { state: 'offboarding', keyDeletionWindowDays: 14 }], ['initech', { state: 'active' }]]);
    expect(pinned.verdict).toBe('pass');
    expect(readFileSync(join(dir, 'compliance', 'report.md'), 'utf8')).toContain("| globex | 1 | offboarding: destroying the stack schedules the key's deletion (14 days) |");
  });

  test('every control of the catalog is reported with its text, and template-proven ones name resources and checks', () => {
    expect(report.controls.map((c) => c.id)).toEqual(Object.keys(CONTROLS));
    for (const control of report.controls) {
      expect(control.text.length).toBeGreaterThan(40);
      if (control.status !== 'outside-templates') {
        expect({ id: control.id, checks: control.checks.some((k) => k.compliant + k.acknowledged > 0) }).toEqual({ id: control.id, checks: true });
      } else {
        expect(control.evidenceOutsideTemplates.length).toBeGreaterThan(0);
      }
    }
    const net3 = report.controls.find((c) => c.id === 'NET-3')!;
    expect(net3.checks.map((k) => k.check)).toEqual(expect.arrayContaining(['TenantBaseline-NoCrossTenantRoute', 'TenantBaseline-TransitGatewayOneWay']));
    expect(net3.resources).toEqual(expect.arrayContaining([expect.objectContaining({ stack: 'NetworkHub', type: 'AWS::EC2::TransitGateway' })]));
  });

  test('Control Tower is an independent check: not run in a plain synth, and never smeared over the controls', () => {
    expect(report.independentChecks.map((k) => [k.check, k.status])).toEqual([['ControlTower', 'not-run']]);
    expect(report.summary.packs.find((p) => p.check === 'ControlTower')?.status).toBe('not-run');
    for (const control of report.controls) {
      expect(control.acknowledgements.filter((a) => a.ruleId.startsWith('ControlTower::'))).toEqual([]);
      expect(control.checks.map((k) => k.check)).not.toContain('ControlTower');
    }
  });

  test('tests named as evidence outside the templates exist', () => {
    for (const control of Object.values(CONTROLS)) {
      for (const evidence of ('evidenceOutsideTemplates' in control ? control.evidenceOutsideTemplates : []) as readonly string[]) {
        expect(existsSync(join(REPO_ROOT, evidence.split(':')[0]))).toBe(true);
      }
    }
  });

  test('HIPAA controls list only the stock rules that cite that paragraph', () => {
    const audit = report.controls.find((c) => c.id === 'HIPAA-164.312(b)')!;
    const hipaa = audit.checks.filter((k) => k.check.startsWith('HIPAA.Security-'));
    expect(hipaa.length).toBeGreaterThan(0);
    expect(hipaa.map((k) => k.check)).toContain('HIPAA.Security-CloudWatchLogGroupRetentionPeriod');
    expect(hipaa.map((k) => k.check)).not.toContain('HIPAA.Security-S3BucketVersioningEnabled');
  });

  test('every acknowledgement is in the report with its catalog entry, and the reasons are in the catalog section', () => {
    expect(report.acknowledgements.length).toBeGreaterThan(0);
    for (const a of report.acknowledgements) {
      expect(report.catalog[a.catalogKey === 'framework' ? `framework:${a.ruleId}` : a.catalogKey]).toBeTruthy();
    }
  });

  test('GIVEN the shipped platform THEN the model section shows what is judged per type, no unplanned resource, and acknowledgements one line per rule and entry with owner and review date', () => {
    expect(report.model.unplannedResources).toEqual([]);
    const acl = report.model.types.find((t) => t.type === 'AWS::EC2::NetworkAclEntry')!;
    expect(acl.judgedProperties).toEqual(expect.arrayContaining(['CidrBlock', 'RuleAction', 'PortRange.From']));
    expect(acl.rules).toContain('ResourceTypesAsPlanned');
    expect(report.model.types.every((t) => t.rules.includes('ResourceTypesAsPlanned'))).toBe(true);
    const nacl = report.acknowledgementGroups.find((a) => a.ruleId === 'AwsSolutions-VPC3')!;
    expect(nacl).toMatchObject({ catalogKey: 'deliberateNetworkAcl', owner: 'platform-network', reviewBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(nacl.resources).toBeGreaterThan(100);
    expect(report.acknowledgementGroups.length).toBeLessThan(report.acknowledgements.length / 5);
    expect(readFileSync(join(outdir, 'compliance', 'report.md'), 'utf8')).toMatch(/\| `AwsSolutions-VPC3` \| `deliberateNetworkAcl` \| platform-network \| \d{4}-\d{2}-\d{2} \| \d+ \|/);
  });

  test('GIVEN a resource of a type no plan names THEN the report lists it and the verdict is fail', () => {
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    new CfnResource(stack, 'Peering', { type: 'AWS::EC2::VPCPeeringConnection', properties: { VpcId: 'vpc-1', PeerVpcId: 'vpc-2' } });
    const broken = reportOf(app);
    expect(broken.model.unplannedResources).toEqual(['Tenant-acme/Peering (AWS::EC2::VPCPeeringConnection)']);
    expect(broken.verdict).toBe('fail');
  });

  test('GIVEN the shipped platform THEN every acknowledgement of a check that ran matched a finding (Control Tower did not run, so its are not judged)', () => {
    expect(report.unusedAcknowledgements).toEqual([]);
  });

  test('GIVEN an acknowledgement attached where its rule finds nothing THEN the report lists it as unused', () => {
    const app = testApp();
    const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
    // GET /tenants has the authorizer: AwsSolutions-APIG4 (no authorization) finds nothing there, so the public-route
    // entry's acknowledgement of it is unused; COG4 (not Cognito) does find the Lambda authorizer, so that one is used.
    acknowledge((stack.edge!.adminApi.api.adminRouteRoot() as apigw.Resource).node.findChild('GET'), 'publicHealthCheck');
    const pack = new TenantBaselineChecks(platformTopology(CONFIG));
    pack.validateScope(app);
    const aws = new RecordingAwsSolutionsChecks(app);
    aws.validateScope(app);
    const broken = buildComplianceReport({
      config: CONFIG,
      provenance: { configPath: 'config/platform.json', configSha256: 'x', sourceSha256: 'y', tenants: ['acme'], templateSha256: {} },
      stacks: [],
      checks: ['TenantBaseline', 'AwsSolutions'],
      evaluations: pack.evaluations,
      stockTallies: new Map(),
      acknowledgements: collectAcknowledgements(app),
      usedAcknowledgements: new Set([...pack.usedAcknowledgements, ...aws.usedAcknowledgements]),
    });
    expect(broken.unusedAcknowledgements.map((a) => `${a.ruleId} @ ${a.constructPath}`)).toEqual(['AwsSolutions-APIG4 @ ControlPlane/Edge/Api/Resource/Default/tenants/GET/Resource']);
  });

  test('the files are written: JSON in a stable order, Markdown and a self-contained HTML page', () => {
    const json = readFileSync(join(outdir, 'compliance', 'report.json'), 'utf8');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    const html = readFileSync(join(outdir, 'compliance', 'report.html'), 'utf8');
    expect(html).toContain('<span class="verdict pass">PASS</span>');
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    expect((html.match(/<section class="control /g) ?? []).length).toBe(Object.keys(CONTROLS).length);
    expect(readFileSync(join(outdir, 'compliance', 'report.md'), 'utf8')).toContain('**Verdict: PASS**');
  });
});

describe('the report of a broken tenant', () => {
  test("GIVEN acme's runtime opened to globex's VPC THEN NET-2 fails, acme is not isolated and the verdict is fail", () => {
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    stack.network.runtimeSecurityGroup.addIngressRule(ec2.Peer.ipv4('10.101.0.0/16'), ec2.Port.tcp(5678), 'globex');
    const report = reportOf(app);
    expect(report.verdict).toBe('fail');
    const net2 = report.controls.find((c) => c.id === 'NET-2')!;
    expect(net2.status).toBe('fails');
    expect(net2.findings.map((f) => f.ruleId)).toContain('TenantBaseline-TenantIngressControlPlaneOnly[10.101.0.0/16:tcp:5678]');
    const acme = report.tenants.find((t) => t.id === 'acme')!;
    expect(acme.verdict).toBe('not-isolated');
    expect(acme.findings).toEqual([expect.stringMatching(/^TenantBaseline-TenantIngressControlPlaneOnly\[10\.101\.0\.0\/16:tcp:5678\] @ NetworkRuntimeSecurityGroup/)]);
    expect(report.tenants.filter((t) => t.id !== 'acme').every((t) => t.verdict === 'not-synthesized')).toBe(true);
    expect(renderHtml(report)).toContain('<span class="verdict fail">FAIL</span>');
    expect(renderMarkdown(report)).toContain('**Verdict: FAIL**');
    expect(networkSvg(report)).toContain('class="tenant not-isolated"');
  });

  test('GIVEN a tenant stack whose key lost its alias THEN it is not isolated: crypto-shredding has no key to destroy', () => {
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    const alias = stack.node.findAll().find((n) => CfnResource.isCfnResource(n) && n.cfnResourceType === 'AWS::KMS::Alias') as CfnResource;
    alias.addPropertyOverride('AliasName', 'alias/something-else');
    const acme = reportOf(app).tenants.find((t) => t.id === 'acme')!;
    expect(acme.verdict).toBe('not-isolated');
    expect(acme.key).toBeUndefined();
  });

  test('isolation rules are rules of the pack', () => {
    expect(ISOLATION_RULES.every((r) => r.startsWith('TenantBaseline-'))).toBe(true);
  });

  test('resources of identical tenant stacks are grouped once', () => {
    const groups = groupResources([
      { stack: 'Tenant-a', logicalId: 'Key', type: 'AWS::KMS::Key', rules: [] },
      { stack: 'Tenant-b', logicalId: 'Key', type: 'AWS::KMS::Key', rules: [] },
      { stack: 'ControlPlane', logicalId: 'Key', type: 'AWS::KMS::Key', rules: [] },
    ]);
    expect(groups.map((g) => g.stacks)).toEqual([['Tenant-a', 'Tenant-b'], ['ControlPlane']]);
  });
});
