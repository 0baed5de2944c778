import { NagMessageLevel } from 'cdk-nag';
import { SIDECAR_KEY_EXPIRY_SCHEDULE } from '../../config/schedule-plan';
import { ATTACHMENT_ACCEPTOR_SCHEDULE } from '../../config/attachment-acceptor-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateRule } from './rule';
import { asList, referencedResource, text } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);

/** The scheduled checks each kind of stack runs, by expression. */
const PLANNED_EXPRESSIONS: Readonly<Record<string, readonly string[]>> = { 'control-plane': [SIDECAR_KEY_EXPIRY_SCHEDULE, ATTACHMENT_ACCEPTOR_SCHEDULE] };

/** Whether `value` names a role of this template that only EventBridge Scheduler, for this account, may assume. */
function isSchedulerOnlyRole(context: RuleContext, value: unknown): boolean {
  const role = referencedResource(context.template, value);
  const trust = asList<any>(role?.resource.Properties?.AssumeRolePolicyDocument?.Statement);
  return (
    role?.resource.Type === 'AWS::IAM::Role' &&
    trust.length > 0 &&
    trust.every((t) => t?.Effect === 'Allow' && json(t?.Principal) === json({ Service: 'scheduler.amazonaws.com' }) && t?.Condition?.StringEquals?.['aws:SourceAccount'] !== undefined)
  );
}

/**
 * Every EventBridge Scheduler schedule of the platform is a planned check (lib/config/schedule-plan.ts): its planned
 * expression, enabled, invoking a function of its own stack through a role only the scheduler of this account can
 * assume. A disabled or slowed schedule silences the check it drives (the sidecar key expiry warning); a target or
 * role elsewhere hands the trigger to another account.
 */
export const SchedulesAsPlanned: TemplateRule = {
  id: 'SchedulesAsPlanned',
  resourceTypes: ['AWS::Scheduler::Schedule'],
  judges: { 'AWS::Scheduler::Schedule': ['ScheduleExpression', 'State|other-text,set:DISABLED', 'Target.Arn|foreign-literal', 'Target.RoleArn|foreign-literal', 'Target'] },
  info: 'A schedule is not a planned check: another expression, disabled, or invoking something other than a function of its stack through a scheduler-only role.',
  explanation: 'Seed 001 asks for rotation every 90 days; the hourly expiry check is what warns before a key expires. A silenced or redirected schedule warns nobody.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-2', 'SOC2-CC6.1', 'SOC2-CC7.2'],
  check(resource, context) {
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    const p = resource.Properties ?? {};
    const problems: string[] = [];
    if (!(PLANNED_EXPRESSIONS[context.role.kind] ?? []).includes(text(p.ScheduleExpression))) {
      problems.push(`ScheduleExpression::${text(p.ScheduleExpression)}`);
    }
    if (p.State !== undefined && p.State !== 'ENABLED') {
      problems.push(`State::${text(p.State)}`);
    }
    if (referencedResource(context.template, p.Target?.Arn)?.resource.Type !== 'AWS::Lambda::Function') {
      problems.push(`Target.Arn::${text(p.Target?.Arn)}`);
    }
    if (!isSchedulerOnlyRole(context, p.Target?.RoleArn)) {
      problems.push(`Target.RoleArn::${text(p.Target?.RoleArn)}`);
    }
    return findings(problems);
  },
};
