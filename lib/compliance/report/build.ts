/**
 * The auditor's report: per control, whether it holds, the resources that implement it, the checks that prove it and
 * every acknowledgement that bears on it; per tenant, its CIDR, key and isolation verdict; a summary per status, per
 * check and per stack. Built from what the synth produced (the templates, the CDK's validation report, our pack's
 * evaluations, the stock packs' tallies and the acknowledgement register), never from what the code intends.
 */
import { PlatformConfig, tenantCidr } from '../../config/platform-config';
import { KEY_ALIASES, STACK_NAMES } from '../../naming';
import { AcknowledgementRecord } from '../gate/acknowledgement-audit';
import { Control, ControlId, CONTROLS } from '../controls';
import { CONTROL_TOWER_PLUGIN } from '../gate/control-tower';
import { StockRuleTally } from '../gate/recording';
import { StackTemplate, TENANT_BASELINE_RULES } from '../rules';
import { tenantKeyId } from '../rules/tenant-data-under-tenant-key';
import { RuleEvaluation, TENANT_BASELINE_PACK } from '../gate/tenant-baseline-checks';

export const REPORT_SCHEMA_VERSION = 1;

/** The CDK's `validation-report.json`, as far as the report reads it. */
export interface ValidationReportJson {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: 'success' | 'failure';
    readonly violations?: readonly ValidationViolationJson[];
    readonly suppressedViolations?: readonly (ValidationViolationJson & { readonly reason?: string; readonly acknowledgedId?: string })[];
  }[];
}

interface ValidationViolationJson {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly violatingConstructs?: readonly { readonly constructPath: string; readonly cloudFormationResource?: { readonly templatePath: string; readonly logicalId: string } }[];
}

/** Where the report came from, so a later run can tell whether cdk.out still matches the code and configuration. */
export interface Provenance {
  readonly configPath: string;
  readonly configSha256: string;
  /** SHA-256 over bin/, lib/, lambda/, cdk.json and package-lock.json. */
  readonly sourceSha256: string;
  /** The tenants this synth built (`all`, or the ids of a `-c tenant=` synth). */
  readonly tenants: 'all' | readonly string[];
  /** SHA-256 of each template the report was made from, by stack name. */
  readonly templateSha256: Readonly<Record<string, string>>;
}

export interface ReportInputs {
  readonly config: PlatformConfig;
  readonly provenance: Provenance;
  /** Every stack of the synth, with its template. */
  readonly stacks: readonly { readonly name: string; readonly template: StackTemplate }[];
  /** The names of the checks that ran (Control Tower ran only when it is among them). */
  readonly checks: readonly string[];
  readonly evaluations: readonly RuleEvaluation[];
  readonly stockTallies: ReadonlyMap<string, readonly StockRuleTally[]>;
  readonly acknowledgements: readonly AcknowledgementRecord[];
  /** `<construct path>\0<rule id>` of the acknowledgements that matched a finding, from every check that ran. */
  readonly usedAcknowledgements: ReadonlySet<string>;
  /** Absent when the CDK wrote none (it does when any plugin ran). */
  readonly validationReport?: ValidationReportJson;
}

export type ControlStatus = 'holds' | 'holds-with-acknowledgements' | 'fails' | 'outside-templates';
export type CheckStatus = 'pass' | 'fail' | 'not-run';

export interface CheckEvidence {
  /** A rule id (`TenantBaseline-RdsForceSsl`, `HIPAA.Security-RDSStorageEncrypted`) or a whole check (`ControlTower`). */
  readonly check: string;
  readonly status: CheckStatus;
  readonly compliant: number;
  readonly acknowledged: number;
  readonly findings: number;
}

export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** The checks of ours that judged it for this control. */
  readonly rules: readonly string[];
}

/** One acknowledgement on one resource; the reason is in the report's `catalog` under `catalogKey`. */
export interface AcknowledgementRef {
  readonly ruleId: string;
  /** The reviewed catalog entry (lib/acknowledgements/catalog.ts), or `framework` for aws-cdk-lib's own. */
  readonly catalogKey: string;
  readonly stack: string;
  readonly logicalId?: string;
  readonly type?: string;
}

/** Acknowledgements of one rule through one catalog entry, on the resources of some stacks. */
export interface AcknowledgementGroup {
  readonly ruleId: string;
  readonly catalogKey: string;
  readonly reason: string;
  readonly resources: number;
  readonly stacks: readonly string[];
}

export interface FindingRef {
  readonly check: string;
  readonly ruleId: string;
  readonly description: string;
  readonly stack?: string;
  readonly logicalId?: string;
  readonly constructPath?: string;
}

export interface ControlResult {
  readonly id: ControlId;
  readonly framework: Control['framework'];
  readonly reference: string;
  readonly title: string;
  readonly text: string;
  readonly status: ControlStatus;
  readonly checks: readonly CheckEvidence[];
  readonly resources: readonly ResourceRef[];
  readonly findings: readonly FindingRef[];
  readonly acknowledgements: readonly AcknowledgementGroup[];
  readonly evidenceOutsideTemplates: readonly string[];
}

export type IsolationVerdict = 'isolated' | 'not-isolated' | 'not-synthesized';

export interface TenantResult {
  readonly id: string;
  readonly number: number;
  readonly stack: string;
  readonly plannedCidr: string;
  /** The VPC CIDR as the template has it. */
  readonly templateCidr?: string;
  readonly key?: { readonly logicalId: string; readonly alias: string };
  readonly verdict: IsolationVerdict;
  /** The isolation rules and how many of this tenant's resources each judged. */
  readonly checks: readonly CheckEvidence[];
  readonly findings: readonly string[];
}

export interface PackSummary {
  readonly check: string;
  readonly status: CheckStatus;
  readonly rules: number;
  readonly compliant: number;
  readonly acknowledged: number;
  readonly findings: number;
}

export interface StackSummary {
  readonly stack: string;
  readonly role: string;
  readonly resources: number;
  readonly judgements: number;
  readonly findings: number;
  readonly acknowledgements: number;
}

export interface ComplianceReport {
  readonly schemaVersion: number;
  readonly provenance: Provenance;
  readonly checks: readonly string[];
  readonly verdict: 'pass' | 'fail';
  readonly summary: {
    readonly controls: Readonly<Record<ControlStatus, number>>;
    readonly packs: readonly PackSummary[];
    readonly stacks: readonly StackSummary[];
  };
  readonly controls: readonly ControlResult[];
  readonly tenants: readonly TenantResult[];
  readonly network: {
    readonly controlPlaneCidr: string;
    readonly hub: boolean;
    readonly controlPlane: boolean;
    /** The control plane's public API exists (it does when an identity provider is configured). */
    readonly api: boolean;
    readonly tenants: readonly { readonly id: string; readonly cidr: string; readonly verdict: IsolationVerdict }[];
  };
  /** Checks that judge the whole platform rather than one control: the Control Tower proactive controls. */
  readonly independentChecks: readonly {
    readonly check: string;
    readonly status: CheckStatus;
    readonly description: string;
    readonly findings: readonly FindingRef[];
    readonly acknowledgements: readonly AcknowledgementGroup[];
  }[];
  readonly findings: readonly FindingRef[];
  readonly acknowledgements: readonly AcknowledgementRef[];
  /**
   * Acknowledgements that matched no finding of a check that ran: a catalog entry attached more widely than needed,
   * or a finding that has since been fixed. Informational: review and narrow them.
   */
  readonly unusedAcknowledgements: readonly (AcknowledgementRef & { readonly constructPath: string })[];
  /** The reason of every catalog entry used, by key. */
  readonly catalog: Readonly<Record<string, string>>;
}

/** The rules whose findings in a tenant stack mean the tenant is not isolated (a property of each rule). */
export const ISOLATION_RULES = TENANT_BASELINE_RULES.filter((r) => r.tenantIsolation !== undefined).map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);
/** Of those, the rules that must see something in every tenant stack. */
const MUST_JUDGE_RULES = TENANT_BASELINE_RULES.filter((r) => r.tenantIsolation === 'must-judge').map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);

const STOCK_PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Unacknowledged findings from the CDK's validation report, one per resource, sorted. */
function findingsFrom(report: ValidationReportJson | undefined, stackOfTemplate: (path: string) => string | undefined): FindingRef[] {
  const found: FindingRef[] = [];
  for (const plugin of report?.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      const resources = v.violatingConstructs?.length ? v.violatingConstructs : [undefined];
      for (const r of resources) {
        const stack = r?.cloudFormationResource ? stackOfTemplate(r.cloudFormationResource.templatePath) : r?.constructPath.split('/')[0];
        found.push({
          check: plugin.pluginName,
          ruleId: v.ruleName,
          description: v.description.split('\n')[0],
          ...(stack ? { stack } : {}),
          ...(r?.cloudFormationResource ? { logicalId: r.cloudFormationResource.logicalId } : {}),
          ...(r?.constructPath ? { constructPath: r.constructPath } : {}),
        });
      }
    }
  }
  return found.sort((a, b) => byText(a.check, b.check) || byText(a.ruleId, b.ruleId) || byText(a.constructPath ?? '', b.constructPath ?? ''));
}

/** Which check a rule id belongs to. */
function checkOf(ruleId: string): string {
  if (ruleId.startsWith(`${CONTROL_TOWER_PLUGIN}::`)) {
    return CONTROL_TOWER_PLUGIN;
  }
  if (ruleId.startsWith('CloudFormation-Validate::')) {
    return 'CloudFormation-Validate';
  }
  const pack = [...STOCK_PACKS, TENANT_BASELINE_PACK].find((p) => ruleId.startsWith(`${p}-`));
  return pack ?? 'other';
}

/** HIPAA rules name the 164.312 paragraphs they check in their message ("Control IDs: 164.312(b), ..."). */
function hipaaReferences(info: string): string[] {
  const match = /Control IDs?: (.+?)\)\.?\s*$/.exec(info);
  return match ? match[1].split(/,\s*/) : [];
}

/** The stock rules that bear on a control: the control's packs; for a HIPAA control, only the rules that cite it. */
function stockRulesFor(control: Control, tallies: ReadonlyMap<string, readonly StockRuleTally[]>): StockRuleTally[] {
  return control.packs.flatMap((pack) => {
    const all = tallies.get(pack) ?? [];
    if (control.framework === 'HIPAA' && pack === 'HIPAA.Security') {
      return all.filter((t) => hipaaReferences(t.info).some((ref) => ref === control.reference || ref.startsWith(`${control.reference}(`)));
    }
    return [...all];
  });
}

export function buildComplianceReport(inputs: ReportInputs): ComplianceReport {
  const { config, stacks, evaluations, stockTallies, acknowledgements, validationReport } = inputs;
  const stackNames = new Set(stacks.map((s) => s.name));
  const stackOfTemplate = (path: string) => {
    const file = path.split(/[\\/]/).pop() ?? '';
    return [...stackNames].find((name) => file === `${name}.template.json`);
  };
  const findings = findingsFrom(validationReport, stackOfTemplate);
  const controlTowerRan = inputs.checks.includes(CONTROL_TOWER_PLUGIN);
  const checkStatus = (check: string): CheckStatus =>
    check === CONTROL_TOWER_PLUGIN && !controlTowerRan ? 'not-run' : findings.some((f) => f.check === check || f.check.startsWith(`${check} `)) ? 'fail' : 'pass';

  const catalog: Record<string, string> = {};
  const ackRefs: AcknowledgementRef[] = acknowledgements
    .map((a) => {
      const catalogKey = a.catalogKey ?? 'framework';
      catalog[catalogKey === 'framework' ? `framework:${a.ruleId}` : catalogKey] = a.reason;
      return { a, catalogKey };
    })
    .map(({ a, catalogKey }) => ({
      ruleId: a.ruleId,
      catalogKey,
      stack: a.stack,
      ...(a.logicalId ? { logicalId: a.logicalId } : {}),
      ...(a.resourceType ? { type: a.resourceType } : {}),
    }))
    .sort((a, b) => byText(a.ruleId, b.ruleId) || byText(a.stack, b.stack) || byText(a.logicalId ?? '', b.logicalId ?? ''));

  const controls: ControlResult[] = (Object.entries(CONTROLS) as [ControlId, Control][]).map(([id, control]) => {
    const ourRules = TENANT_BASELINE_RULES.filter((r) => (r.controls as readonly string[]).includes(id)).map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);
    const stock = stockRulesFor(control, stockTallies);
    const ourEvidence = ourRules.map((ruleId) => evidenceOf(ruleId, evaluations));
    const stockEvidence: CheckEvidence[] = stock.map((t) => ({
      check: t.ruleId,
      status: findings.some((f) => f.ruleId === t.ruleId || f.ruleId.startsWith(`${t.ruleId}[`)) ? 'fail' : 'pass',
      compliant: t.compliant,
      acknowledged: t.acknowledged,
      findings: findings.filter((f) => f.ruleId === t.ruleId || f.ruleId.startsWith(`${t.ruleId}[`)).length,
    }));
    // Control Tower is reported as an independent check of its own (its rules map to NIST 800-53 in AWS's metadata,
    // not one by one to these controls); its findings fail the verdict, not a control.
    const checks = [...ourEvidence, ...stockEvidence.sort((a, b) => byText(a.check, b.check))];
    const relevantRule = (ruleId: string) => ourRules.some((r) => ruleId === r || ruleId.startsWith(`${r}[`)) || stock.some((t) => ruleId === t.ruleId || ruleId.startsWith(`${t.ruleId}[`));
    const controlFindings = findings.filter((f) => relevantRule(f.ruleId));
    const controlAcks = groupAcknowledgements(ackRefs.filter((r) => relevantRule(r.ruleId)), catalog);
    const resources = new Map<string, { stack: string; logicalId: string; type: string; rules: Set<string> }>();
    for (const e of evaluations) {
      if (ourRules.includes(e.ruleId) && e.status !== 'non-compliant') {
        const key = `${e.stack}\u0000${e.logicalId}`;
        const entry = resources.get(key) ?? { stack: e.stack, logicalId: e.logicalId, type: e.resourceType, rules: new Set<string>() };
        entry.rules.add(e.ruleId);
        resources.set(key, entry);
      }
    }
    const judged = checks.some((c) => c.compliant + c.acknowledged > 0);
    const status: ControlStatus =
      controlFindings.length > 0 || checks.some((c) => c.status === 'fail') ? 'fails' : !judged ? 'outside-templates' : controlAcks.length > 0 ? 'holds-with-acknowledgements' : 'holds';
    return {
      id,
      framework: control.framework,
      reference: control.reference,
      title: control.title,
      text: control.text,
      status,
      checks,
      resources: [...resources.values()].map((r) => ({ ...r, rules: [...r.rules].sort() })).sort((a, b) => byText(a.stack, b.stack) || byText(a.logicalId, b.logicalId)),
      findings: controlFindings,
      acknowledgements: controlAcks,
      evidenceOutsideTemplates: [...(control.evidenceOutsideTemplates ?? [])],
    };
  });

  const tenants: TenantResult[] = config.tenants.map((tenant) => {
    const stackName = STACK_NAMES.tenant(tenant.id);
    const stack = stacks.find((s) => s.name === stackName);
    const plannedCidr = tenantCidr(tenant.number);
    if (!stack) {
      return { id: tenant.id, number: tenant.number, stack: stackName, plannedCidr, verdict: 'not-synthesized', checks: [], findings: [] };
    }
    const vpc = Object.values(stack.template.Resources ?? {}).find((r) => r.Type === 'AWS::EC2::VPC');
    const alias = KEY_ALIASES.tenant(tenant.id);
    const keyId = tenantKeyId(stack.template, alias);
    const own = evaluations.filter((e) => e.stack === stackName && ISOLATION_RULES.includes(e.ruleId));
    const checks = ISOLATION_RULES.map((ruleId) => evidenceOf(ruleId, own));
    const tenantFindings = own.filter((e) => e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.logicalId}`));
    // Isolated only when nothing fails and the rules that must see something in every tenant stack did see it.
    const blind = MUST_JUDGE_RULES.filter((r) => !checks.some((c) => c.check === r && c.compliant + c.acknowledged > 0));
    return {
      id: tenant.id,
      number: tenant.number,
      stack: stackName,
      plannedCidr,
      ...(typeof vpc?.Properties?.CidrBlock === 'string' ? { templateCidr: vpc.Properties.CidrBlock } : {}),
      ...(keyId ? { key: { logicalId: keyId, alias } } : {}),
      verdict: tenantFindings.length === 0 && blind.length === 0 && keyId ? 'isolated' : 'not-isolated',
      checks,
      findings: [...tenantFindings, ...blind.map((r) => `${r}: judged no resource`), ...(keyId ? [] : [`no key behind ${alias}`])].sort(),
    };
  });

  const packs: PackSummary[] = [
    ...STOCK_PACKS.map((pack) => {
      const tallies = stockTallies.get(pack) ?? [];
      return {
        check: pack,
        status: checkStatus(pack),
        rules: tallies.length,
        compliant: tallies.reduce((n, t) => n + t.compliant, 0),
        acknowledged: tallies.reduce((n, t) => n + t.acknowledged, 0),
        findings: findings.filter((f) => f.check === pack).length,
      };
    }),
    {
      check: TENANT_BASELINE_PACK,
      status: checkStatus(TENANT_BASELINE_PACK),
      rules: TENANT_BASELINE_RULES.length,
      compliant: evaluations.filter((e) => e.status === 'compliant').length,
      acknowledged: evaluations.filter((e) => e.status === 'acknowledged').length,
      findings: findings.filter((f) => f.check === TENANT_BASELINE_PACK).length,
    },
    {
      check: CONTROL_TOWER_PLUGIN,
      status: checkStatus(CONTROL_TOWER_PLUGIN),
      rules: 0,
      compliant: 0,
      acknowledged: (validationReport?.pluginReports ?? []).filter((p) => p.pluginName === CONTROL_TOWER_PLUGIN).flatMap((p) => p.suppressedViolations ?? []).reduce((n, v) => n + (v.violatingConstructs?.length ?? 1), 0),
      findings: findings.filter((f) => f.check === CONTROL_TOWER_PLUGIN).length,
    },
    ...['TenantBaseline-AcknowledgementAudit', 'CloudFormation-Validate'].map((check) => ({ check, status: checkStatus(check), rules: 0, compliant: 0, acknowledged: 0, findings: findings.filter((f) => f.check.startsWith(check)).length })),
  ];

  const roleName = (name: string) =>
    name.startsWith('Tenant-') ? 'tenant' : name === STACK_NAMES.controlPlane ? 'control plane' : name === STACK_NAMES.networkHub ? 'network hub' : name === STACK_NAMES.accountBaseline ? 'account baseline' : name === STACK_NAMES.organizationGuardrails ? 'organization guardrails' : 'other';
  const stackSummaries: StackSummary[] = stacks
    .map((s) => ({
      stack: s.name,
      role: roleName(s.name),
      resources: Object.keys(s.template.Resources ?? {}).length,
      judgements: evaluations.filter((e) => e.stack === s.name).length,
      findings: findings.filter((f) => f.stack === s.name).length,
      acknowledgements: ackRefs.filter((a) => a.stack === s.name).length,
    }))
    .sort((a, b) => byText(a.stack, b.stack));

  const counts: Record<ControlStatus, number> = { holds: 0, 'holds-with-acknowledgements': 0, fails: 0, 'outside-templates': 0 };
  controls.forEach((c) => counts[c.status]++);
  const verdict = findings.length === 0 && controls.every((c) => c.status !== 'fails') && tenants.every((t) => t.verdict !== 'not-isolated') ? 'pass' : 'fail';

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    provenance: inputs.provenance,
    checks: [...inputs.checks],
    verdict,
    summary: { controls: counts, packs, stacks: stackSummaries },
    controls,
    tenants,
    network: {
      controlPlaneCidr: config.controlPlane.cidr,
      hub: stackNames.has(STACK_NAMES.networkHub),
      controlPlane: stackNames.has(STACK_NAMES.controlPlane),
      api: Object.values(stacks.find((s) => s.name === STACK_NAMES.controlPlane)?.template.Resources ?? {}).some((r) => r.Type === 'AWS::ApiGateway::RestApi'),
      tenants: tenants.map((t) => ({ id: t.id, cidr: t.plannedCidr, verdict: t.verdict })),
    },
    independentChecks: [
      {
        check: CONTROL_TOWER_PLUGIN,
        status: checkStatus(CONTROL_TOWER_PLUGIN),
        description: controlTowerRan
          ? 'AWS Control Tower proactive controls (cfn-guard rules shipped with @cdklabs/cdk-validator-cfnguard), each template checked against the rules for the resource types it contains.'
          : 'Not run in this synth: `npm run compliance` runs the AWS Control Tower proactive controls.',
        findings: findings.filter((f) => f.check === CONTROL_TOWER_PLUGIN),
        acknowledgements: groupAcknowledgements(ackRefs.filter((a) => checkOf(a.ruleId) === CONTROL_TOWER_PLUGIN), catalog),
      },
    ],
    findings,
    acknowledgements: ackRefs,
    unusedAcknowledgements: unusedAcknowledgements(inputs),
    catalog: Object.fromEntries(Object.entries(catalog).sort(([a], [b]) => byText(a, b))),
  };
}

/** Acknowledgements of checks that ran in this synth (not aws-cdk-lib's own) that matched no finding. */
function unusedAcknowledgements(inputs: ReportInputs): (AcknowledgementRef & { constructPath: string })[] {
  const used = new Set(inputs.usedAcknowledgements);
  for (const plugin of inputs.validationReport?.pluginReports ?? []) {
    for (const v of plugin.suppressedViolations ?? []) {
      const at = (v as { acknowledgedAt?: string }).acknowledgedAt;
      if (at && v.acknowledgedId) {
        used.add(`${at}\0${v.acknowledgedId}`);
      }
    }
  }
  const ran = new Set(inputs.checks);
  return inputs.acknowledgements
    .filter((a) => ran.has(checkOf(a.ruleId)))
    .filter((a) => !used.has(`${a.constructPath}\0${a.ruleId}`))
    .map((a) => ({ ruleId: a.ruleId, catalogKey: a.catalogKey ?? 'framework', stack: a.stack, constructPath: a.constructPath, ...(a.logicalId ? { logicalId: a.logicalId } : {}), ...(a.resourceType ? { type: a.resourceType } : {}) }))
    .sort((a, b) => byText(a.constructPath, b.constructPath) || byText(a.ruleId, b.ruleId));
}

function groupAcknowledgements(refs: readonly AcknowledgementRef[], catalog: Readonly<Record<string, string>>): AcknowledgementGroup[] {
  const groups = new Map<string, { ruleId: string; catalogKey: string; reason: string; resources: number; stacks: Set<string> }>();
  for (const a of refs) {
    const key = `${a.catalogKey}\u0000${a.ruleId}`;
    const reason = catalog[a.catalogKey === 'framework' ? `framework:${a.ruleId}` : a.catalogKey];
    const group = groups.get(key) ?? { ruleId: a.ruleId, catalogKey: a.catalogKey, reason, resources: 0, stacks: new Set<string>() };
    group.resources++;
    group.stacks.add(a.stack);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, stacks: [...g.stacks].sort() })).sort((a, b) => byText(a.ruleId, b.ruleId) || byText(a.catalogKey, b.catalogKey));
}

/** How one rule of ours judged a set of evaluations. */
function evidenceOf(ruleId: string, evaluations: readonly RuleEvaluation[]): CheckEvidence {
  const judged = evaluations.filter((e) => e.ruleId === ruleId);
  const count = (status: RuleEvaluation['status']) => judged.filter((e) => e.status === status).length;
  const failing = count('non-compliant');
  return { check: ruleId, status: failing > 0 ? 'fail' : 'pass', compliant: count('compliant'), acknowledged: count('acknowledged'), findings: failing };
}
