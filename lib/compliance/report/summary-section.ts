/** The report's summary: how many controls have each status, and the tallies per check and per stack. */
import { platformTopology, roleOf } from '../topology';
import { CONTROL_TOWER_PLUGIN } from '../gate/control-tower';
import { TENANT_BASELINE_PACK } from '../gate/tenant-baseline-checks';
import { TENANT_BASELINE_RULES } from '../rules';
import { byText } from './by-text';
import { STOCK_PACKS } from './evidence';
import { ReportContext } from './report-context';
import { ComplianceReport, ControlResult, ControlStatus, PackSummary, StackSummary } from './schema';

function packSummaries(context: ReportContext): PackSummary[] {
  const { evaluations, stockTallies, validationReport } = context.inputs;
  const { findings, checkStatus } = context;
  return [
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
}

/** What the stack is in the platform plan (`other`: not in the plan), as the report words it. */
function stackRole(name: string, context: ReportContext): string {
  return roleOf(platformTopology(context.inputs.config), name).kind.replace(/-/g, ' ');
}

function stackSummaries(context: ReportContext): StackSummary[] {
  return context.inputs.stacks
    .map((s) => ({
      stack: s.name,
      role: stackRole(s.name, context),
      resources: Object.keys(s.template.Resources ?? {}).length,
      judgements: context.evaluationsByStack.get(s.name)?.length ?? 0,
      findings: context.findings.filter((f) => f.stack === s.name).length,
      acknowledgements: context.acknowledgements.filter((a) => a.stack === s.name).length,
    }))
    .sort((a, b) => byText(a.stack, b.stack));
}

function controlCounts(controls: readonly ControlResult[]): Record<ControlStatus, number> {
  const counts: Record<ControlStatus, number> = { holds: 0, 'holds-with-acknowledgements': 0, fails: 0, 'outside-templates': 0 };
  controls.forEach((c) => counts[c.status]++);
  return counts;
}

export function summarySection(context: ReportContext, controls: readonly ControlResult[]): ComplianceReport['summary'] {
  return { controls: controlCounts(controls), packs: packSummaries(context), stacks: stackSummaries(context) };
}
