/**
 * One result per control of the catalog: the checks that prove it (our rules that name it, the stock rules of its
 * packs), the resources our rules judged for it, its findings and acknowledgements, and whether it holds.
 */
import { StockRuleTally } from '../gate/recording';
import { RuleEvaluation, TENANT_BASELINE_PACK } from '../gate/tenant-baseline-checks';
import { Control, ControlId, CONTROLS } from '../controls';
import { CONFIG_RULES } from '../../config/config-rules-plan';
import { DRIFT_DETECTION } from '../../config/drift-plan';
import { TENANT_BASELINE_RULES } from '../rules';
import { groupAcknowledgements } from './acknowledgements-section';
import { byText } from './by-text';
import { evidenceOf } from './evidence';
import { ReportContext } from './report-context';
import { AcknowledgementGroup, CheckEvidence, ControlResult, ControlStatus, FindingRef, ResourceRef } from './schema';

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

/** A finding's rule id carries what it found in brackets (`Rule[detail]`); it still belongs to `Rule`. */
const isOfRule = (ruleId: string, rule: string) => ruleId === rule || ruleId.startsWith(`${rule}[`);

function stockEvidenceOf(tally: StockRuleTally, findings: readonly FindingRef[]): CheckEvidence {
  return {
    check: tally.ruleId,
    status: findings.some((f) => isOfRule(f.ruleId, tally.ruleId)) ? 'fail' : 'pass',
    compliant: tally.compliant,
    acknowledged: tally.acknowledged,
    findings: findings.filter((f) => isOfRule(f.ruleId, tally.ruleId)).length,
  };
}

/** The resources our rules judged for a control without a finding, once each with the rules that judged it. */
function implementingResources(ourRules: readonly string[], byRule: ReadonlyMap<string, readonly RuleEvaluation[]>): ResourceRef[] {
  const resources = new Map<string, { stack: string; logicalId: string; type: string; rules: Set<string> }>();
  for (const e of ourRules.flatMap((ruleId) => byRule.get(ruleId) ?? [])) {
    if (e.status !== 'non-compliant') {
      const key = `${e.stack}\u0000${e.logicalId}`;
      const entry = resources.get(key) ?? { stack: e.stack, logicalId: e.logicalId, type: e.resourceType, rules: new Set<string>() };
      entry.rules.add(e.ruleId);
      resources.set(key, entry);
    }
  }
  return [...resources.values()].map((r) => ({ ...r, rules: [...r.rules].sort() })).sort((a, b) => byText(a.stack, b.stack) || byText(a.logicalId, b.logicalId));
}

function controlStatus(checks: readonly CheckEvidence[], findings: readonly FindingRef[], acknowledgements: readonly AcknowledgementGroup[]): ControlStatus {
  const judged = checks.some((c) => c.compliant + c.acknowledged > 0);
  return findings.length > 0 || checks.some((c) => c.status === 'fail') ? 'fails' : !judged ? 'outside-templates' : acknowledgements.length > 0 ? 'holds-with-acknowledgements' : 'holds';
}

function controlResult(id: ControlId, control: Control, context: ReportContext): ControlResult {
  const { stockTallies } = context.inputs;
  const byRule = context.evaluationsByRule;
  const ourRules = TENANT_BASELINE_RULES.filter((r) => (r.controls as readonly string[]).includes(id)).map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);
  const stock = stockRulesFor(control, stockTallies);
  const ourEvidence = ourRules.map((ruleId) => evidenceOf(ruleId, byRule.get(ruleId) ?? []));
  const stockEvidence = stock.map((t) => stockEvidenceOf(t, context.findings));
  // Control Tower is reported as an independent check of its own (its rules map to NIST 800-53 in AWS's metadata,
  // not one by one to these controls); its findings fail the verdict, not a control.
  const checks = [...ourEvidence, ...stockEvidence.sort((a, b) => byText(a.check, b.check))];
  // Rule ids carry no '[' of their own, so a finding or acknowledgement belongs to the rule named before its first '['.
  const relevant = new Set([...ourRules, ...stock.map((t) => t.ruleId)]);
  const relevantRule = (ruleId: string) => relevant.has(ruleId.split('[', 1)[0]);
  const findings = context.findings.filter((f) => relevantRule(f.ruleId));
  const acknowledgements = groupAcknowledgements(context.acknowledgements.filter((r) => relevantRule(r.ruleId)), context.catalog);
  return {
    id,
    framework: control.framework,
    reference: control.reference,
    title: control.title,
    text: control.text,
    status: controlStatus(checks, findings, acknowledgements),
    checks,
    resources: implementingResources(ourRules, byRule),
    findings,
    acknowledgements,
    evidenceOutsideTemplates: [...(control.evidenceOutsideTemplates ?? [])],
    continuouslyVerifiedBy: continuousChecks(id, ourRules.length > 0, context),
  };
}

/** The checks that keep a control true after the synth, from the configuration (docs/assurance.md). */
function continuousChecks(id: ControlId, judgedByOurRules: boolean, context: ReportContext): { check: string; when: string }[] {
  const baseline = context.inputs.config.accountBaseline;
  return [
    ...(baseline.deployTimeGate && judgedByOurRules ? [{ check: 'deploy-time gate (CloudFormation hook, our rules)', when: 'every stack create and update' }] : []),
    ...(DRIFT_CONTROLS.includes(id) ? [{ check: `AWS Config ${DRIFT_DETECTION.sourceIdentifier}`, when: 'on every stack change, and hourly' }] : []),
    ...(baseline.accessAnalysis && ACCESS_CONTROLS.includes(id) ? [{ check: 'IAM Access Analyzer (external, internal and unused access)', when: 'on every policy change; unused access daily' }] : []),
    ...(baseline.networkProofs && NETWORK_CONTROLS.includes(id)
      ? [{ check: 'Network Access Analyzer (each tenant ingress scope)', when: `every ${baseline.networkProofs.intervalHours} hours, and after each deploy wave` }]
      : []),
    ...(baseline.configRules
      ? CONFIG_RULES.filter((r) => r.controls.includes(id)).map((r) => ({ check: `AWS Config ${r.identifier}`, when: r.frequency ? `every ${r.frequency.replace('TwentyFour_Hours', '24 hours').replace(/_/g, ' ').toLowerCase()}` : 'on every change of a judged resource' }))
      : []),
  ];
}

/** The controls Access Analyzer keeps true: those AccessAnalysisAsPlanned proves at synth. */
const ACCESS_CONTROLS: readonly string[] = TENANT_BASELINE_RULES.find((r) => r.id === 'AccessAnalysisAsPlanned')!.controls;

/** The controls the network proofs keep true: those NetworkProofsAsPlanned proves at synth. */
const NETWORK_CONTROLS: readonly string[] = TENANT_BASELINE_RULES.find((r) => r.id === 'NetworkProofsAsPlanned')!.controls;

/** The controls the drift rule keeps true: those DriftDetectionAsPlanned proves at synth. */
const DRIFT_CONTROLS: readonly string[] = TENANT_BASELINE_RULES.find((r) => r.id === 'DriftDetectionAsPlanned')!.controls;

export function controlResults(context: ReportContext): ControlResult[] {
  return (Object.entries(CONTROLS) as [ControlId, Control][]).map(([id, control]) => controlResult(id, control, context));
}
