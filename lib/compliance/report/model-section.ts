/**
 * The report's picture of the model itself: per resource type of the synthesized stacks, how many resources, which of
 * our rules judged them and which properties the rules declare they judge (`judges`, the same declarations
 * `npm run gate:mutate` mutates); and the types no plan names (ResourceTypesAsPlanned findings), which must be none.
 */
import { TENANT_BASELINE_RULES } from '../rules';
import { byText } from './by-text';
import { ReportInputs } from './report-inputs';
import { ModelCoverage } from './schema';

export function modelCoverage(inputs: ReportInputs): ModelCoverage {
  const types = new Map<string, { resources: Set<string>; rules: Set<string> }>();
  for (const e of inputs.evaluations) {
    const entry = types.get(e.resourceType) ?? { resources: new Set<string>(), rules: new Set<string>() };
    entry.resources.add(`${e.stack}/${e.logicalId}`);
    entry.rules.add(e.ruleId.replace(/^TenantBaseline-/, ''));
    types.set(e.resourceType, entry);
  }
  const judged = (type: string) => [...new Set(TENANT_BASELINE_RULES.flatMap((r) => r.judges?.[type] ?? []).map((p) => p.split('|')[0]))].sort(byText);
  const unplanned = inputs.evaluations.filter((e) => e.ruleId === 'TenantBaseline-ResourceTypesAsPlanned' && e.findings.length > 0).map((e) => `${e.stack}/${e.logicalId} (${e.resourceType})`);
  return {
    types: [...types.entries()]
      .map(([type, t]) => ({ type, resources: t.resources.size, rules: [...t.rules].sort(byText), judgedProperties: judged(type) }))
      .sort((a, b) => byText(a.type, b.type)),
    unplannedResources: [...new Set(unplanned)].sort(byText),
  };
}
