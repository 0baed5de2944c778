/**
 * The auditor's report: per control, whether it holds, the resources that implement it, the checks that prove it and
 * every acknowledgement that bears on it; per tenant, its CIDR, key and isolation verdict; a summary per status, per
 * check and per stack. Built from what the synth produced (the templates, the CDK's validation report, our pack's
 * evaluations, the stock packs' tallies and the acknowledgement register), never from what the code intends.
 */
import { groupAcknowledgements, sortedCatalog, unusedAcknowledgements } from './acknowledgements-section';
import { alertingSection } from './alerting-section';
import { controlResults } from './controls-section';
import { independentChecks } from './independent-checks-section';
import { modelCoverage } from './model-section';
import { networkSection } from './network-section';
import { reportContext } from './report-context';
import { ReportInputs } from './report-inputs';
import { ComplianceReport, REPORT_SCHEMA_VERSION } from './schema';
import { summarySection } from './summary-section';
import { tenantResults } from './tenants-section';

// The report's types and the isolation rules were first exported here; importers still find them here.
export * from './schema';
export type { ReportInputs, ValidationReportJson } from './report-inputs';
export { ISOLATION_RULES } from './tenants-section';

export function buildComplianceReport(inputs: ReportInputs): ComplianceReport {
  const context = reportContext(inputs);
  const controls = controlResults(context);
  const tenants = tenantResults(context);
  const { findings } = context;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    provenance: inputs.provenance,
    checks: [...inputs.checks],
    // An unplanned resource is also a finding of ResourceTypesAsPlanned; it is named here so the verdict never hides it.
    verdict: findings.length === 0 && modelCoverage(inputs).unplannedResources.length === 0 && controls.every((c) => c.status !== 'fails') && tenants.every((t) => t.verdict !== 'not-isolated') ? 'pass' : 'fail',
    summary: summarySection(context, controls),
    controls,
    tenants,
    network: networkSection(context, tenants),
    alerting: alertingSection(context),
    independentChecks: independentChecks(context),
    findings,
    acknowledgements: context.acknowledgements,
    unusedAcknowledgements: unusedAcknowledgements(inputs),
    catalog: sortedCatalog(context.catalog),
    acknowledgementGroups: groupAcknowledgements(context.acknowledgements, context.catalog),
    model: modelCoverage(inputs),
  };
}
