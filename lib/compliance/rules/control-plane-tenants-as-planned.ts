import { NagMessageLevel } from 'cdk-nag';
import { LIST_SEPARATOR } from '../../../contracts/environment';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { text } from './template';

/** The variable by which a control-plane function knows the tenants it serves (contracts/environment.ts). */
const TENANT_IDS = 'TENANT_IDS';

/**
 * A control plane serves exactly the tenants of its own region's plan (lib/config/regional-view.ts): every function
 * that carries the tenant list (`TENANT_IDS`: plan signing, GDPR requests) lists exactly them, in configured order. A
 * tenant of another region in the list would let this region's control plane sign plans for it or take its erasure
 * and export requests; a list anywhere but the control plane is not planned.
 */
export const ControlPlaneTenantsAsPlanned: TemplateRule = {
  id: 'ControlPlaneTenantsAsPlanned',
  resourceTypes: ['AWS::Lambda::Function'],
  judges: { 'AWS::Lambda::Function': [`Environment.Variables.${TENANT_IDS}`] },
  info: "A control-plane function's tenant list differs from the tenants of its region's plan, or a function outside the control plane carries one.",
  explanation: 'Data residency: each region is an island whose control plane acts only for the tenants of that region; a longer list reaches tenants of another region, a shorter one drops tenants of its own.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC6.1', 'GDPR-Art.25'],
  check(resource, context) {
    const variables = resource.Properties?.Environment?.Variables;
    if (variables === undefined || variables === null || typeof variables !== 'object' || !(TENANT_IDS in variables)) {
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
