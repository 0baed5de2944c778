/**
 * The evidence every section reads: the unacknowledged findings of the CDK's validation report, our pack's judgements
 * and which check a rule id belongs to.
 */
import { CONTROL_TOWER_PLUGIN } from '../gate/control-tower';
import { RuleEvaluation, TENANT_BASELINE_PACK } from '../gate/tenant-baseline-checks';
import { byText } from './by-text';
import { ValidationReportJson } from './report-inputs';
import { CheckEvidence, FindingRef } from './schema';

export const STOCK_PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'];

/** Unacknowledged findings from the CDK's validation report, one per resource, sorted. */
export function findingsFrom(report: ValidationReportJson | undefined, stackOfTemplate: (path: string) => string | undefined): FindingRef[] {
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
export function checkOf(ruleId: string): string {
  if (ruleId.startsWith(`${CONTROL_TOWER_PLUGIN}::`)) {
    return CONTROL_TOWER_PLUGIN;
  }
  if (ruleId.startsWith('CloudFormation-Validate::')) {
    return 'CloudFormation-Validate';
  }
  const pack = [...STOCK_PACKS, TENANT_BASELINE_PACK].find((p) => ruleId.startsWith(`${p}-`));
  return pack ?? 'other';
}

/** How one rule of ours judged a set of evaluations. */
export function evidenceOf(ruleId: string, evaluations: readonly RuleEvaluation[]): CheckEvidence {
  const judged = evaluations.filter((e) => e.ruleId === ruleId);
  const count = (status: RuleEvaluation['status']) => judged.filter((e) => e.status === status).length;
  const failing = count('non-compliant');
  return { check: ruleId, status: failing > 0 ? 'fail' : 'pass', compliant: count('compliant'), acknowledged: count('acknowledged'), findings: failing };
}
