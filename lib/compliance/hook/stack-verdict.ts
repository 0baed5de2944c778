/**
 * The deploy-time verdict on one stack's template: the TenantBaseline rules against the platform's plan, exactly as
 * the gate applies them (judge.ts). Every finding fails: our pack has no acknowledged finding on the platform's own
 * stacks (its one deliberate exception, the public routes, is part of the plan), so nothing a template says about
 * itself can excuse one. A stack the plan does not know fails, and so does a transform the platform does not use
 * (macros rewrite the template after the hook has read it).
 */
import { judgeTemplates, RuleIndex } from '../gate/judge';
import { StackTemplate } from '../rules';
import { hasKeyDeep } from '../rules/template';
import { PlatformTopology, roleOf } from '../topology';

/** The one transform the platform uses: the tenant database secret's rotation (Secrets Manager's, in tenant stacks). */
export const PLANNED_TRANSFORM = 'AWS::SecretsManager-2024-09-16';

export interface StackVerdict {
  readonly compliant: boolean;
  /** What fails the stack: `<logical id> <finding id>`, or a problem of the stack as a whole; sorted. */
  readonly findings: readonly string[];
}

function transformProblems(stackName: string, template: StackTemplate, isTenant: boolean): string[] {
  const transforms = template.Transform === undefined ? [] : Array.isArray(template.Transform) ? template.Transform : [template.Transform];
  const unplanned = transforms.filter((t) => !(isTenant && t === PLANNED_TRANSFORM));
  return [
    ...unplanned.map((t) => `${stackName} UnplannedTransform::${JSON.stringify(t)}`),
    ...(hasKeyDeep(template.Resources, 'Fn::Transform') ? [`${stackName} UnplannedTransform::Fn::Transform`] : []),
  ];
}

export function judgeStackTemplate(stackName: string, template: StackTemplate, topology: PlatformTopology, index: RuleIndex = new RuleIndex()): StackVerdict {
  const role = roleOf(topology, stackName);
  if (role.kind === 'other') {
    return { compliant: false, findings: [`${stackName} NotInPlatformPlan`] };
  }
  const resources = template?.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources) || Object.keys(resources).length === 0) {
    return { compliant: false, findings: [`${stackName} TemplateWithoutResources`] };
  }
  const findings = [
    ...transformProblems(stackName, template, role.kind === 'tenant'),
    ...judgeTemplates([{ stackName, template }], topology, index).map((line) => line.slice(stackName.length + 1)),
  ];
  return { compliant: findings.length === 0, findings };
}
