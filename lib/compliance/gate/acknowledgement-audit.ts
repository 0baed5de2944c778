import { CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENT_KEY_METADATA, stackRuleIdEnvironment } from '../../acknowledgements/acknowledge';
import { entryProblem, reasonProblem } from '../../acknowledgements/review';

export { entryProblem };
import { matchesRuleId } from '../../acknowledgements/rule-id-forms';
import { ACKNOWLEDGEMENTS, AcknowledgementEntry, FRAMEWORK_ACKNOWLEDGEMENTS } from '../../acknowledgements/catalog';
import { isAcknowledgeable, TENANT_BASELINE_RULES } from '../rules';
import { TENANT_BASELINE_PACK } from './tenant-baseline-checks';

/** One acknowledgement found in the construct tree. */
export interface AcknowledgementRecord {
  readonly stack: string;
  readonly constructPath: string;
  readonly logicalId?: string;
  readonly resourceType?: string;
  readonly ruleId: string;
  readonly reason: string;
  /** The catalog entry it came from, if it came through `acknowledge()`. */
  readonly catalogKey?: string;
}

/** Walks a construct tree and returns every acknowledgement recorded on it, sorted for stable output. */
export function collectAcknowledgements(root: IConstruct): AcknowledgementRecord[] {
  const records: AcknowledgementRecord[] = [];
  const visit = (node: IConstruct) => {
    const keys = node.node.metadata.filter((m) => m.type === ACKNOWLEDGEMENT_KEY_METADATA).map((m) => String(m.data));
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) {
        continue;
      }
      for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, string>)) {
        const ruleId = qualifiedId.replace(/^annotation::/i, '');
        const isResource = CfnResource.isCfnResource(node);
        const env = stackRuleIdEnvironment(Stack.of(node));
        const catalogKey = keys.find((k) => catalogEntry(k)?.ruleIds.some((id) => matchesRuleId(id, ruleId, env)));
        records.push({
          stack: Stack.of(node).stackName,
          constructPath: node.node.path,
          ...(isResource ? { logicalId: Stack.of(node).resolve((node as CfnResource).logicalId) as string, resourceType: (node as CfnResource).cfnResourceType } : {}),
          ruleId,
          reason,
          ...(catalogKey ? { catalogKey } : {}),
        });
      }
    }
    node.node.children.forEach(visit);
  };
  for (const child of root.node.children) {
    visit(child);
  }
  return records.sort((a, b) => a.constructPath.localeCompare(b.constructPath) || a.ruleId.localeCompare(b.ruleId));
}

function catalogEntry(key: string): AcknowledgementEntry | undefined {
  return (ACKNOWLEDGEMENTS as Record<string, AcknowledgementEntry>)[key];
}

/** The TenantBaseline rules whose findings can never be acknowledged: isolation and key ownership. */
const UNACKNOWLEDGEABLE = TENANT_BASELINE_RULES.filter((r) => !isAcknowledgeable(r)).map((r) => `${TENANT_BASELINE_PACK}-${r.id}`);

/** Why an acknowledgement is not allowed, or undefined when it came from the reviewed catalog as intended. */
export function acknowledgementProblem(record: AcknowledgementRecord, now: Date = new Date()): string | undefined {
  if (record.ruleId in FRAMEWORK_ACKNOWLEDGEMENTS) {
    return undefined;
  }
  const isolation = UNACKNOWLEDGEABLE.find((id) => record.ruleId === id || record.ruleId.startsWith(`${id}[`));
  if (isolation) {
    return `'${record.ruleId}' cannot be acknowledged: ${isolation} judges tenant isolation or key ownership, so a finding is fixed, never accepted`;
  }
  if (!record.resourceType) {
    return `acknowledgements must be attached to a single CloudFormation resource, not to '${record.constructPath}'`;
  }
  const entry = record.catalogKey ? catalogEntry(record.catalogKey) : undefined;
  if (!entry) {
    return `'${record.ruleId}' is acknowledged outside lib/acknowledgements/catalog.ts; use acknowledge(resource, '<key>') with a reviewed entry`;
  }
  if (entry.reason !== record.reason) {
    return `'${record.ruleId}' carries a reason that differs from catalog entry '${record.catalogKey}'`;
  }
  if (!entry.resourceTypes.includes(record.resourceType)) {
    return `'${record.catalogKey}' may not be attached to ${record.resourceType}`;
  }
  return reasonProblem(record.reason) ?? entryProblem(record.catalogKey!, entry, now);
}

/**
 * A validation plugin that fails synth when an acknowledgement bypasses the reviewed catalog: one made directly with
 * `Validations.of(x).acknowledge()`, one on a whole construct subtree or stack, or one whose reason was changed; one
 * of a rule that judges isolation or key ownership; one whose entry has no owner or is past its review date.
 */
export class AcknowledgementAudit implements IPolicyValidationPlugin {
  public readonly name = 'TenantBaseline-AcknowledgementAudit';
  public readonly version = '1.0.0';
  public readonly ruleIds = ['AcknowledgementFromReviewedCatalog'];

  /** @param now the day expiry is judged against @default - the current date */
  constructor(private readonly now: Date = new Date()) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.validateScope(context.appConstruct);
  }

  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const record of collectAcknowledgements(scope)) {
      const problem = acknowledgementProblem(record, this.now);
      if (problem) {
        violations.push({
          ruleName: 'AcknowledgementFromReviewedCatalog',
          description: problem,
          severity: 'error',
          violatingResources: [{ constructPath: record.constructPath, locations: ['Metadata'] }],
        });
      }
    }
    return { success: violations.length === 0, violations };
  }
}
