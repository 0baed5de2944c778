import { NagMessageLevel } from 'cdk-nag';
import { exportFunctionName } from '../../../contracts/gdpr';
import { exportFunction, functionLogGroup, isExportInvokeConfig, PLANNED_INVOKE_CONFIG, PLANNED_TIMEOUT, plannedEnvironment, plannedStatements, statementText, viaRegion } from './data-export-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, exportBuckets, referencedId, text } from './template';
import { tenantConfig } from '../topology';
import { isCrossAccount } from '../../config/account-plan';

const json = (v: unknown) => JSON.stringify(v ?? null);
const POLICY_TYPES = ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'];

/** The export function's role, if the function is there. */
function exportRole(context: RuleContext): string | undefined {
  const fn = exportFunction(context);
  return fn ? referencedId(context.template.Resources?.[fn]?.Properties?.Role) : undefined;
}

/** Every statement of every policy of the template attached to `role`. */
function attachedStatements(context: RuleContext, role: string): unknown[] {
  return Object.values(context.template.Resources ?? {})
    .filter((r) => POLICY_TYPES.includes(r.Type) && asList(r.Properties?.Roles).some((x) => referencedId(x) === role))
    .flatMap((r) => asList(r.Properties?.PolicyDocument?.Statement));
}

/**
 * Who may invoke the export function besides its own account: only the control plane's account, and only for a tenant
 * in another account (its IAM then names the function; docs/data-protection.md). A permission on another function is
 * not this rule's.
 */
function invokePermissionProblems(resource: TemplateResource, context: RuleContext, tenantId: string): string[] | undefined {
  const p = resource.Properties ?? {};
  const fn = exportFunction(context);
  if (fn === undefined || (referencedId(p.FunctionName) !== fn && text(p.FunctionName) !== exportFunctionName(tenantId) && text(p.FunctionName) !== `\${${fn}.Arn}`)) return undefined;
  const tenant = tenantConfig(context.topology, tenantId);
  const hub = context.topology.config.placement.account;
  if (!isCrossAccount(context.topology.config, tenant) || hub === undefined) return [`InvokePermission::${text(p.Principal)}::no-other-account-invokes-this-export`];
  const extra = Object.keys(p).filter((k) => !['FunctionName', 'Action', 'Principal'].includes(k));
  return [...(text(p.Principal) !== hub ? [`InvokePermission::Principal::${text(p.Principal)}`] : []), ...(p.Action !== 'lambda:InvokeFunction' ? [`InvokePermission::Action::${text(p.Action)}`] : []), ...extra.map((k) => `InvokePermission::${k}`)];
}

function functionProblems(resource: TemplateResource, context: RuleContext, tenantId: string): string[] {
  const p = resource.Properties ?? {};
  if (p.FunctionName !== exportFunctionName(tenantId)) return [`FunctionName::${text(p.FunctionName)}::only-the-export-function-has-a-fixed-name`];
  const problems: string[] = [];
  const planned = plannedEnvironment(context);
  const actual = Object.fromEntries(Object.entries(p.Environment?.Variables ?? {}).map(([k, v]) => [k, text(v)]));
  if (!planned) problems.push('Environment::no-plan(table, data bucket, export bucket or tenant key missing)');
  else if (json(Object.entries(actual).sort()) !== json(Object.entries(planned).sort())) problems.push(`Environment::${json(actual)}`);
  if (p.Timeout !== PLANNED_TIMEOUT) problems.push(`Timeout::${text(p.Timeout)}`);
  return problems;
}

function roleProblems(resource: TemplateResource): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  if (p.Policies !== undefined || p.ManagedPolicyArns !== undefined) problems.push('Role::policies-outside-the-plan');
  const trust = asList<any>(p.AssumeRolePolicyDocument?.Statement);
  if (trust.length !== 1 || json(trust[0]?.Principal) !== json({ Service: 'lambda.amazonaws.com' }) || trust[0]?.Effect !== 'Allow' || json(trust[0]?.Action) !== json('sts:AssumeRole')) problems.push(`Trust::${json(trust)}`);
  return problems;
}

function policyProblems(context: RuleContext, role: string): string[] {
  const statements = attachedStatements(context, role);
  const fn = exportFunction(context)!;
  const planned = plannedStatements(context, functionLogGroup(context, fn), viaRegion(statements));
  const actual = statements.map(statementText).sort();
  if (!planned) return ['Statements::no-plan'];
  return [...actual.filter((s) => !planned.includes(s)).map((s) => `Statement::unplanned::${s}`), ...planned.filter((s) => !actual.includes(s)).map((s) => `Statement::missing::${s.split(' ')[0]}`)];
}

function presenceProblems(context: RuleContext): string[] {
  const fn = exportFunction(context);
  const problems: string[] = [];
  if (!fn) problems.push('ExportFunction::missing');
  const buckets = exportBuckets(context.template).size;
  if (buckets !== 1) problems.push(`ExportBucket::${buckets}`);
  const configs = fn === undefined ? 0 : Object.values(context.template.Resources ?? {}).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && referencedId(r.Properties?.FunctionName) === fn).length;
  if (fn && configs !== 1) problems.push(`OneAttempt::${configs}`);
  return problems;
}

/**
 * A tenant's GDPR export is exactly as planned (lib/data/tenant-data-export.ts): one export function per tenant, the
 * only function of the stack with a fixed name, named for this tenant (the control plane invokes it by name, so a
 * function named for another tenant would receive that tenant's requests); its environment names this tenant's own
 * table, data bucket, export bucket and key; its role trusts Lambda alone and holds exactly the planned statements
 * (scan this table, read this bucket, write and read this export bucket's exports/, use this key through S3 and
 * DynamoDB); one attempt per event with a bounded queue time; one export bucket.
 */
export const DataExportAsPlanned: TemplateRule = {
  id: 'DataExportAsPlanned',
  resourceTypes: ['AWS::Lambda::Function', 'AWS::Lambda::EventInvokeConfig', 'AWS::IAM::Role', ...POLICY_TYPES, 'AWS::DynamoDB::Table', 'AWS::Lambda::Permission'],
  // Declared for every resource of a type, so only what is judged on all of them: a tenant function's fixed name. The
  // export function's environment, timeout, role and invoke configuration are judged too (test/data/tenant-data-export.test.ts).
  judges: { 'AWS::Lambda::Function': ['FunctionName'] },
  info: "A tenant's data export is not as planned: a function named for another tenant, an environment or a role that reaches beyond this tenant's own stores, retried events, or no export at all.",
  explanation: 'GDPR Art. 15: the export is a copy of all of a tenant\'s data. The control plane invokes it by name and the function reads with its own role, so its name, environment and role are what keep one tenant\'s export from another tenant\'s data.',
  level: NagMessageLevel.ERROR,
  controls: ['GDPR-Art.15', 'SOC2-CC6.1'],
  tenantIsolation: 'counts',
  check(resource, context) {
    if (context.role.kind !== 'tenant') return NOT_APPLICABLE;
    const { tenantId } = context.role;
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return findings(presenceProblems(context));
      case 'AWS::Lambda::Function':
        return resource.Properties?.FunctionName === undefined ? NOT_APPLICABLE : findings(functionProblems(resource, context, tenantId));
      case 'AWS::Lambda::EventInvokeConfig': {
        if (!isExportInvokeConfig(resource, context)) return NOT_APPLICABLE;
        const p = resource.Properties ?? {};
        const actual = { Qualifier: p.Qualifier, MaximumRetryAttempts: p.MaximumRetryAttempts, MaximumEventAgeInSeconds: p.MaximumEventAgeInSeconds };
        return findings([...(json(actual) !== json(PLANNED_INVOKE_CONFIG) ? [`OneAttempt::${json(actual)}`] : []), ...(p.DestinationConfig !== undefined ? [`Destination::${json(p.DestinationConfig)}`] : [])]);
      }
      case 'AWS::IAM::Role':
        return context.logicalId === exportRole(context) ? findings(roleProblems(resource)) : NOT_APPLICABLE;
      case 'AWS::Lambda::Permission': {
        const problems = invokePermissionProblems(resource, context, tenantId);
        return problems === undefined ? NOT_APPLICABLE : findings(problems);
      }
      default: {
        const role = exportRole(context);
        const attached = asList(resource.Properties?.Roles).some((x) => referencedId(x) === role);
        return role !== undefined && attached ? findings(policyProblems(context, role)) : NOT_APPLICABLE;
      }
    }
  },
};
