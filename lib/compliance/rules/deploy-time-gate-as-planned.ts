import { BASELINE_ANCHOR_TYPES, isBaselineAnchor } from './baseline-anchor';
import { NagMessageLevel } from 'cdk-nag';
import { STACK_NAMES } from '../../naming';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);
/** The stacks the plan leaves unjudged: the CDK bootstrap stack, and the stacks that carry and deploy the gate. */
const UNJUDGED = ['CDKToolkit', STACK_NAMES.accountBaseline, STACK_NAMES.delivery];

/** Whether `value` is `Fn::GetAtt [<resource>, Arn]` of a resource of this template of `type`. */
function arnOf(context: RuleContext, value: unknown, type: string): { logicalId: string; resource: TemplateResource } | undefined {
  const getAtt = (value as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn') {
    return undefined;
  }
  const resource = context.template.Resources?.[String(getAtt[0])];
  return resource?.Type === type ? { logicalId: String(getAtt[0]), resource } : undefined;
}

function hookProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  const expect = (field: string, actual: unknown, planned: unknown) => {
    if (json(actual) !== json(planned)) {
      problems.push(`${field}::${json(actual)}`);
    }
  };
  expect('FailureMode', p.FailureMode, 'FAIL');
  expect('HookStatus', p.HookStatus, 'ENABLED');
  expect('TargetOperations', p.TargetOperations, ['STACK']);
  // Every stack of the account but the bootstrap stack: no include list, no role filter, no target filter narrowing it.
  expect('StackFilters', p.StackFilters, { FilteringCriteria: 'ALL', StackNames: { Exclude: UNJUDGED } });
  expect('TargetFilters', p.TargetFilters, undefined);
  if (!arnOf(context, p.LambdaFunction, 'AWS::Lambda::Function')) {
    problems.push(`LambdaFunction::${json(p.LambdaFunction)}`);
  }
  // The execution role: of this stack, assumable only by CloudFormation Hooks.
  const role = arnOf(context, p.ExecutionRole, 'AWS::IAM::Role');
  const trust = asList<any>(role?.resource.Properties?.AssumeRolePolicyDocument?.Statement);
  const ownAccountOnly = (t: any) => json(t?.Condition) === json({ StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } }) || json(t?.Condition) === json({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  if (!role || trust.length === 0 || !trust.every((t) => t?.Effect === 'Allow' && json(t?.Principal) === json({ Service: 'hooks.cloudformation.amazonaws.com' }) && ownAccountOnly(t))) {
    problems.push(`ExecutionRole::${json(p.ExecutionRole)}`);
  }
  return problems;
}

/**
 * The account baseline holds the deploy-time gate exactly as planned, when the configuration asks for it
 * (`accountBaseline.deployTimeGate`, on by default): one CloudFormation Lambda hook, FAIL mode, enabled, on every
 * stack operation of the account but the bootstrap stack's and the two that carry the gate, calling a function of the
 * same stack through a role only CloudFormation Hooks of this account may assume. A hook set to WARN, disabled, narrowed by a filter, or removed, is a finding.
 */
export const DeployTimeGateAsPlanned: TemplateRule = {
  id: 'DeployTimeGateAsPlanned',
  resourceTypes: ['AWS::CloudFormation::LambdaHook', ...BASELINE_ANCHOR_TYPES],
  judges: {
    'AWS::CloudFormation::LambdaHook': ['FailureMode', 'HookStatus', 'TargetOperations', 'StackFilters', 'StackFilters.FilteringCriteria', 'StackFilters.StackNames.Exclude', 'LambdaFunction', 'ExecutionRole'],
  },
  info: 'The deploy-time gate differs from the plan: not in FAIL mode, disabled, narrowed, calling something else, or missing.',
  explanation: 'A template deployed by hand, or changed after the gate ran, is judged only by the hook; a hook that warns, or skips some stacks, lets exactly those changes through.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC8.1', 'SOC2-CC6.1'],
  check(resource, context) {
    if (context.role.kind !== 'account-baseline') {
      return NOT_APPLICABLE;
    }
    if (resource.Type === 'AWS::CloudFormation::LambdaHook') {
      return findings(hookProblems(resource, context));
    }
    // The anchor is a resource the account baseline always has (GuardDuty and Config may be adopted): it answers for a
    // planned hook that is missing, or an extra one (baseline-anchor.ts).
    if (!isBaselineAnchor(resource, context)) {
      return NOT_APPLICABLE;
    }
    const hooks = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === 'AWS::CloudFormation::LambdaHook').length;
    const planned = context.topology.config.accountBaseline.deployTimeGate ? 1 : 0;
    return hooks === planned ? findings([]) : findings([`LambdaHooks::${hooks}::planned-${planned}`]);
  },
};
