import { STACK_NAMES } from '../../naming';
import { ReportContext } from './report-context';
import { ComplianceReport, TenantResult } from './schema';

/** What the network picture draws: which parts this synth built, and every tenant at its planned CIDR. */
export function networkSection(context: ReportContext, tenants: readonly TenantResult[]): ComplianceReport['network'] {
  const { config, stacks } = context.inputs;
  return {
    controlPlaneCidr: config.controlPlane.cidr,
    hub: context.stackNames.has(STACK_NAMES.networkHub),
    controlPlane: context.stackNames.has(STACK_NAMES.controlPlane),
    api: Object.values(stacks.find((s) => s.name === STACK_NAMES.controlPlane)?.template.Resources ?? {}).some((r) => r.Type === 'AWS::ApiGateway::RestApi'),
    tenants: tenants.map((t) => ({ id: t.id, cidr: t.plannedCidr, verdict: t.verdict })),
  };
}
