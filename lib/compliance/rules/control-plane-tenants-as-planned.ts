import { NagMessageLevel } from 'cdk-nag';
import { LIST_SEPARATOR } from '../../../contracts/environment';
import { CONTROL_PLANE_API_NAME } from '../../naming';
import { findings, NOT_APPLICABLE, RuleContext, TemplateRule } from './rule';
import { text } from './template';

/** The variable by which a control-plane function knows the tenants it serves (contracts/environment.ts). */
const TENANT_IDS = 'TENANT_IDS';

/** The functions that carry it, with the control plane's public API: the plan signer (lib/signing) and the GDPR request handler (lib/edge). */
const TENANT_LIST_FUNCTIONS = 2;

function carriesTenantList(variables: unknown): variables is Record<string, unknown> {
  return variables !== undefined && variables !== null && typeof variables === 'object' && TENANT_IDS in variables;
}

/** Presence, judged on the control plane's public API: a function that lost its list would judge no tenant. */
function presenceProblems(context: RuleContext): string[] {
  const carrying = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === 'AWS::Lambda::Function' && carriesTenantList(r.Properties?.Environment?.Variables)).length;
  return carrying === TENANT_LIST_FUNCTIONS ? [] : [`TenantListFunctions::${carrying}::planned-${TENANT_LIST_FUNCTIONS}`];
}

/**
 * A control plane serves exactly the tenants of its own region's plan (lib/config/regional-view.ts): every function
 * that carries the tenant list (`TENANT_IDS`: plan signing, GDPR requests) lists exactly them, in configured order. A
 * tenant of another region in the list would let this region's control plane sign plans for it or take its erasure
 * and export requests; a list anywhere but the control plane is not planned; a function that lost its list is found
 * on the control plane's public API (with which both functions are built).
 */
export const ControlPlaneTenantsAsPlanned: TemplateRule = {
  id: 'ControlPlaneTenantsAsPlanned',
  resourceTypes: ['AWS::Lambda::Function', 'AWS::ApiGateway::RestApi'],
  judges: { 'AWS::Lambda::Function': [`Environment.Variables.${TENANT_IDS}`] },
  info: "A control-plane function's tenant list differs from the tenants of its region's plan, or a function outside the control plane carries one.",
  explanation: 'Data residency: each region is an island whose control plane acts only for the tenants of that region; a longer list reaches tenants of another region, a shorter one drops tenants of its own.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC6.1', 'GDPR-Art.25'],
  check(resource, context) {
    if (resource.Type === 'AWS::ApiGateway::RestApi') {
      const publicApi = context.role.kind === 'control-plane' && text(resource.Properties?.Name) === CONTROL_PLANE_API_NAME;
      return publicApi ? findings(presenceProblems(context)) : NOT_APPLICABLE;
    }
    const variables = resource.Properties?.Environment?.Variables;
    if (!carriesTenantList(variables)) {
      return NOT_APPLICABLE;
    }
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    if (context.role.kind !== 'control-plane') {
      return [`TenantIds::outside-control-plane::${context.role.kind}`];
    }
    const planned = context.topology.config.tenants.map((t) => t.id).join(LIST_SEPARATOR);
    const actual = text(variables[TENANT_IDS]);
    return findings(actual === planned ? [] : [`TenantIds::${actual}::planned-${planned}`]);
  },
};
