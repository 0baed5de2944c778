/**
 * The deploy-time verdict on one stack's template: the TenantBaseline rules against the platform's plan, exactly as
 * the gate applies them (judge.ts), with the findings the template itself says were acknowledged (its resources'
 * `tenant-baseline:acknowledged` metadata, written by `acknowledge()`) accepted only when the reviewed catalog allows
 * that finding on that resource type today. A stack the plan does not know is a finding, never a pass.
 */
import { ACKNOWLEDGEMENTS } from '../../acknowledgements/catalog';
import { entryProblem, reasonProblem } from '../../acknowledgements/review';
import { matchesRuleId, RuleIdEnvironment } from '../../acknowledgements/rule-id-forms';
import { ACKNOWLEDGED_FINDINGS_METADATA } from '../../naming';
import { judgeTemplates, RuleIndex } from '../gate/judge';
import { isAcknowledgeable, StackTemplate, TENANT_BASELINE_RULES } from '../rules';
import { PlatformTopology, roleOf } from '../topology';

const PACK = 'TenantBaseline';

export interface StackVerdict {
  readonly compliant: boolean;
  /** What fails the stack: `<logical id> <finding id>`, or a problem of the stack as a whole; sorted. */
  readonly findings: readonly string[];
  /** Findings the template acknowledges through the reviewed catalog, `<logical id> <finding id>`. */
  readonly acknowledged: readonly string[];
}

/** Whether the reviewed catalog lets `findingId` (with the pack prefix) be acknowledged on a resource of `type` today. */
export function catalogAllows(findingId: string, type: string, env: RuleIdEnvironment, now: Date): boolean {
  const rule = TENANT_BASELINE_RULES.find((r) => findingId === `${PACK}-${r.id}` || findingId.startsWith(`${PACK}-${r.id}[`));
  if (!rule || !isAcknowledgeable(rule)) {
    return false;
  }
  return Object.entries(ACKNOWLEDGEMENTS).some(
    ([key, entry]) => entry.resourceTypes.includes(type) && entry.ruleIds.some((id) => matchesRuleId(id, findingId, env)) && !reasonProblem(entry.reason) && !entryProblem(key, entry, now),
  );
}

export function judgeStackTemplate(stackName: string, template: StackTemplate, topology: PlatformTopology, env: RuleIdEnvironment = {}, now: Date = new Date(), index: RuleIndex = new RuleIndex()): StackVerdict {
  if (roleOf(topology, stackName).kind === 'other') {
    return { compliant: false, findings: [`${stackName} NotInPlatformPlan`], acknowledged: [] };
  }
  const resources = template?.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources) || Object.keys(resources).length === 0) {
    return { compliant: false, findings: [`${stackName} TemplateWithoutResources`], acknowledged: [] };
  }
  const findings: string[] = [];
  const acknowledged: string[] = [];
  for (const line of judgeTemplates([{ stackName, template }], topology, index)) {
    const [where, finding] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    const logicalId = where.slice(stackName.length + 1);
    const resource = resources[logicalId];
    const listed = resource?.Metadata && typeof resource.Metadata === 'object' ? (resource.Metadata as Record<string, unknown>)[ACKNOWLEDGED_FINDINGS_METADATA] : undefined;
    const id = `${PACK}-${finding}`;
    const isAcknowledged = Array.isArray(listed) && listed.includes(id) && catalogAllows(id, resource.Type, env, now);
    (isAcknowledged ? acknowledged : findings).push(`${logicalId} ${finding}`);
  }
  return { compliant: findings.length === 0, findings, acknowledged };
}
