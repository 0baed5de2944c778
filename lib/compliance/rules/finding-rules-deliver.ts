import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { asList, referencedResource, text } from './template';
import { NETWORK_PROOF_RUNNER } from '../../config/network-proof-plan';

/** What a platform rule may deliver to: a topic (alerts) or a function (restore validation) of its own stack. */
const DELIVERABLE = ['AWS::SNS::Topic', 'AWS::Lambda::Function'];

/** A target this rule accepts: a topic or function of the stack, or the network proofs' runner of the stack. */
function deliversToPlatform(resource: { Type: string; Properties?: any } | undefined): boolean {
  return DELIVERABLE.includes(resource?.Type ?? '') || (resource?.Type === 'AWS::StepFunctions::StateMachine' && text(resource.Properties?.StateMachineName) === NETWORK_PROOF_RUNNER.name);
}

/**
 * Every EventBridge rule of the platform is enabled and delivers: each target is a topic of the same stack (the alert
 * topics), a function of the same stack (a tenant's restore validation) or the network proofs' runner (its schedule;
 * NetworkProofsAsPlanned judges it), with a dead-letter queue of the same stack, so an event that cannot be delivered
 * is kept rather than lost. A rule switched off, pointed at a literal ARN (any account's topic or function), or
 * stripped of its dead-letter queue fails.
 */
export const FindingRulesDeliver: TemplateRule = {
  id: 'FindingRulesDeliver',
  resourceTypes: ['AWS::Events::Rule'],
  judges: { 'AWS::Events::Rule': ['State|other-text,set:DISABLED', 'Targets.*.Arn|foreign-literal', 'Targets.*.DeadLetterConfig.Arn'] },
  info: 'An EventBridge rule is disabled, or delivers somewhere other than a topic or function of its stack, or without a dead-letter queue.',
  explanation: 'Seed 001: incidents reach people by automated alerts; a finding that is routed nowhere, or dropped on a delivery failure, never does.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-1', 'SOC2-CC7.2', 'SOC2-CC7.3', 'GDPR-Art.33'],
  check(resource, context) {
    const p = resource.Properties ?? {};
    const problems: string[] = [];
    if (p.State !== undefined && p.State !== 'ENABLED') {
      problems.push(`State::${text(p.State)}`);
    }
    const targets = asList<any>(p.Targets);
    if (targets.length === 0) {
      problems.push('Targets::none');
    }
    targets.forEach((target, i) => {
      if (!deliversToPlatform(referencedResource(context.template, target?.Arn)?.resource)) {
        problems.push(`Target${i}::${text(target?.Arn)}`);
      }
      if (referencedResource(context.template, target?.DeadLetterConfig?.Arn)?.resource.Type !== 'AWS::SQS::Queue') {
        problems.push(`Target${i}.DeadLetterConfig::${text(target?.DeadLetterConfig?.Arn ?? 'unset')}`);
      }
    });
    return findings(problems);
  },
};
