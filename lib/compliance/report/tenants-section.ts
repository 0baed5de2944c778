/**
 * One result per tenant of the configuration: where the plan puts it, what the template has, and whether it is
 * isolated, judged by the rules of our pack that are about tenant isolation.
 */
import { TenantConfig, tenantPlan } from '../../config/platform-config';
import { TENANT_BASELINE_PACK } from '../gate/tenant-baseline-checks';
import { TENANT_BASELINE_RULES } from '../rules';
import { tenantKeyId } from '../rules/tenant-data-under-tenant-key';
import { placedAccount } from '../rules/template';
import { evidenceOf } from './evidence';
import { ReportContext } from './report-context';
import { TenantResult } from './schema';

/** The rules whose findings in a tenant stack mean the tenant is not isolated (a property of each rule). */
export const ISOLATION_RULES = TENANT_BASELINE_RULES.filter((r) => r.tenantIsolation !== undefined).map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);
/** Of those, the rules that must see something in every tenant stack. */
const MUST_JUDGE_RULES = TENANT_BASELINE_RULES.filter((r) => r.tenantIsolation === 'must-judge').map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);

function tenantResult(tenant: TenantConfig, context: ReportContext): TenantResult {
  const { stackName, cidr: plannedCidr, keyAlias: alias } = tenantPlan(tenant);
  const stack = context.inputs.stacks.find((s) => s.name === stackName);
  const allowed = tenant.allowedRegions.length > 0 ? tenant.allowedRegions : context.inputs.config.guardrails.allowedRegions;
  const region = { ...(stack?.region !== undefined ? { pinned: stack.region } : {}), allowed: [...allowed] };
  const lifecycle = { state: tenant.state, ...(tenant.keyDeletionWindowDays !== undefined ? { keyDeletionWindowDays: tenant.keyDeletionWindowDays } : {}) };
  const { apiAccess, retention } = tenant;
  const settings = { apiKeys: apiAccess.keys.length, rateLimit: apiAccess.rateLimit, burstLimit: apiAccess.burstLimit, transientHours: retention.transientHours };
  if (!stack) {
    return { id: tenant.id, number: tenant.number, stack: stackName, plannedCidr, region, lifecycle, settings, verdict: 'not-synthesized', checks: [], findings: [] };
  }
  const vpc = Object.values(stack.template.Resources ?? {}).find((r) => r.Type === 'AWS::EC2::VPC');
  const account = placedAccount(stack.template);
  const keyId = tenantKeyId(stack.template, alias);
  const own = (context.evaluationsByStack.get(stackName) ?? []).filter((e) => ISOLATION_RULES.includes(e.ruleId));
  const checks = ISOLATION_RULES.map((ruleId) => evidenceOf(ruleId, own));
  const tenantFindings = own.filter((e) => e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.logicalId}`));
  // Isolated only when nothing fails and the rules that must see something in every tenant stack did see it.
  const blind = MUST_JUDGE_RULES.filter((r) => !checks.some((c) => c.check === r && c.compliant + c.acknowledged > 0));
  return {
    id: tenant.id,
    number: tenant.number,
    stack: stackName,
    plannedCidr,
    region,
    ...(account !== undefined ? { account } : {}),
    lifecycle,
    settings,
    ...(typeof vpc?.Properties?.CidrBlock === 'string' ? { templateCidr: vpc.Properties.CidrBlock } : {}),
    ...(keyId ? { key: { logicalId: keyId, alias } } : {}),
    verdict: tenantFindings.length === 0 && blind.length === 0 && keyId ? 'isolated' : 'not-isolated',
    checks,
    findings: [...tenantFindings, ...blind.map((r) => `${r}: judged no resource`), ...(keyId ? [] : [`no key behind ${alias}`])].sort(),
  };
}

export { placedAccount };

export function tenantResults(context: ReportContext): TenantResult[] {
  return context.inputs.config.tenants.map((tenant) => tenantResult(tenant, context));
}
