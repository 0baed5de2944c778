import { NagMessageLevel } from 'cdk-nag';
import { ATTACHMENT_ACCEPTOR_ENV } from '../../../contracts/environment';
import { HUB_PARAMETERS } from '../../../contracts/ssm-parameters';
import { acceptedAttachments, encodeAcceptedAttachments } from '../../config/account-plan';
import { HUB_ROUTING_ACTIONS } from '../../config/attachment-acceptor-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateRule } from './rule';
import { asList, ssmParameterName, text } from './template';

export { HUB_ROUTING_ACTIONS };

type Table = 'tenant' | 'controlPlane' | 'verification';
const TABLE_PARAMETERS: Record<Table, string> = {
  tenant: HUB_PARAMETERS.tenantRouteTableId,
  controlPlane: HUB_PARAMETERS.controlPlaneRouteTableId,
  verification: HUB_PARAMETERS.verificationRouteTableId,
};
/** Each planned statement of the acceptor's policy that carries a routing action: its actions and the tables it names. */
const PLANNED_STATEMENTS: Record<string, { actions: readonly string[]; tables: readonly Table[] }> = {
  AcceptOrReject: { actions: [HUB_ROUTING_ACTIONS[0], HUB_ROUTING_ACTIONS[1]], tables: [] },
  AssociateWithTenantTable: { actions: [HUB_ROUTING_ACTIONS[2]], tables: ['tenant'] },
  PropagateIntoVerificationAndControlPlane: { actions: [HUB_ROUTING_ACTIONS[3]], tables: ['verification', 'controlPlane'] },
  WithdrawFromControlPlane: { actions: [HUB_ROUTING_ACTIONS[4]], tables: ['controlPlane'] },
};
const ATTACHMENTS = /^arn:[^:]+:ec2:[^:]+:\*:transit-gateway-attachment\/\*$/;
const TABLE_ARN = /^arn:[^:]+:ec2:[^:]+:\$\{AWS::AccountId\}:transit-gateway-route-table\/\$\{([A-Za-z0-9]+)\}$/;

/** True when an IAM action pattern (`ec2:*`, `ec2:Enable*`, `*`) covers `action`. */
function covers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Which hub table a resource ARN names (through the SSM parameter the stack reads it from), 'attachments', or undefined. */
function resourceName(value: unknown, context: RuleContext): Table | 'attachments' | undefined {
  const arn = text(value);
  if (ATTACHMENTS.test(arn)) {
    return 'attachments';
  }
  const id = TABLE_ARN.exec(arn)?.[1];
  const name = id === undefined ? undefined : ssmParameterName(context.template, { Ref: id });
  return (Object.keys(TABLE_PARAMETERS) as Table[]).find((t) => TABLE_PARAMETERS[t] === name);
}

function statementProblems(st: any, context: RuleContext): string[] {
  const actions = asList<unknown>(st?.Action).map(text);
  const routing = HUB_ROUTING_ACTIONS.filter((a) => actions.some((p) => covers(p, a)));
  if (st?.Effect !== 'Allow' || routing.length === 0) {
    return [];
  }
  const sid = typeof st?.Sid === 'string' ? st.Sid : 'no-sid';
  const plan = Object.hasOwn(PLANNED_STATEMENTS, sid) ? PLANNED_STATEMENTS[sid] : undefined;
  if (context.role.kind !== 'control-plane' || acceptedAttachments(context.topology.config).length === 0 || !plan) {
    return [`Unplanned::${sid}::${routing.join('+')}`];
  }
  const problems: string[] = [];
  if (actions.length !== plan.actions.length || !plan.actions.every((a) => actions.includes(a))) {
    problems.push(`${sid}::Action::${actions.join('+')}`);
  }
  const named = asList<unknown>(st?.Resource).map((r) => resourceName(r, context) ?? `other:${text(r)}`);
  const expected = ['attachments', ...plan.tables];
  if (named.length !== expected.length || !expected.every((e) => named.includes(e))) {
    problems.push(`${sid}::Resource::${named.join('+')}`);
  }
  if (st?.Condition !== undefined || st?.NotResource !== undefined || st?.NotAction !== undefined) {
    problems.push(`${sid}::Shape`);
  }
  return problems;
}

function functionProblems(variables: Record<string, unknown>, context: RuleContext): string[] {
  const env = ATTACHMENT_ACCEPTOR_ENV;
  const planned = acceptedAttachments(context.topology.config);
  if (context.role.kind !== 'control-plane' || planned.length === 0) {
    return [`Unplanned::${context.role.kind}`];
  }
  const problems: string[] = [];
  const expected = encodeAcceptedAttachments(planned);
  if (text(variables[env.plannedAttachments]) !== expected) {
    problems.push(`PlannedAttachments::${text(variables[env.plannedAttachments])}`);
  }
  const reads: [string, string][] = [
    [env.transitGatewayId, HUB_PARAMETERS.transitGatewayId],
    [env.tenantRouteTableId, TABLE_PARAMETERS.tenant],
    [env.controlPlaneRouteTableId, TABLE_PARAMETERS.controlPlane],
    [env.verificationRouteTableId, TABLE_PARAMETERS.verification],
  ];
  for (const [variable, parameter] of reads) {
    if (ssmParameterName(context.template, variables[variable]) !== parameter) {
      problems.push(`${variable}::${text(variables[variable])}`);
    }
  }
  return problems;
}

/**
 * The hub owner's attachment acceptor is as planned, and alone: a function carrying the acceptor's environment exists
 * only in the control plane of a platform with tenants in other accounts, admits exactly the planned accounts and
 * CIDRs, and reads the hub's tables from their own parameters (swapping the tenant and control-plane tables would
 * route a tenant to every other). Every IAM statement anywhere that allows one of the hub routing actions is one of
 * the acceptor's planned statements, naming exactly the planned route tables.
 */
export const AttachmentAcceptorAsPlanned: TemplateRule = {
  id: 'AttachmentAcceptorAsPlanned',
  resourceTypes: ['AWS::Lambda::Function', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'],
  // Only what is judged wherever it is found (the acceptor's environment); its policy statements are judged too, but
  // a declaration on every policy's actions would mutate policies this rule rightly leaves to others
  // (test/network/cross-account.test.ts breaks the acceptor's policy through escape hatches).
  judges: { 'AWS::Lambda::Function': Object.values(ATTACHMENT_ACCEPTOR_ENV).map((v) => `Environment.Variables.${v}`) },
  info: 'A function or policy can accept, reject or route transit gateway attachments other than as the planned attachment acceptor.',
  explanation: "DESIGN.md: tenants reach no other tenant. For tenants in other accounts the hub's routing is the acceptor's: what it admits and which tables it may change decide who reaches whom.",
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'SOC2-CC6.1', 'SOC2-CC6.6'],
  acknowledgeable: false,
  check(resource, context) {
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Function') {
      const variables = (p.Environment?.Variables ?? {}) as Record<string, unknown>;
      const isAcceptor = Object.values(ATTACHMENT_ACCEPTOR_ENV).some((v) => v in variables);
      return isAcceptor ? findings(functionProblems(variables, context)) : NOT_APPLICABLE;
    }
    const statements = asList<any>(p.PolicyDocument?.Statement);
    const touches = statements.some((st) => asList<unknown>(st?.Action).map(text).some((a) => HUB_ROUTING_ACTIONS.some((r) => covers(a, r))));
    return touches ? findings(statements.flatMap((st) => statementProblems(st, context))) : NOT_APPLICABLE;
  },
};
