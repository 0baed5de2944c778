import { CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENT_KEY_METADATA, reasonProblem, stackRuleIdEnvironment } from '../../acknowledgements/acknowledge';
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

/** The longest a review may be put off: a decision is looked at again at least yearly. */
const MAX_REVIEW_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a catalog entry cannot be used today (no owner, no valid review date, expired or put off too far), or undefined. */
export function entryProblem(key: string, entry: AcknowledgementEntry, now: Date): string | undefined {
  if (typeof entry.owner !== 'string' || entry.owner.trim().length === 0) {
    return `'${key}.owner' must name who answers for the decision, got ${JSON.stringify(entry.owner)}`;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(entry.reviewBy));
  const due = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(due) || new Date(due).toISOString().slice(0, 10) !== entry.reviewBy) {
    return `'${key}.reviewBy' must be a date YYYY-MM-DD, got ${JSON.stringify(entry.reviewBy)}`;
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (due <= today) {
    return `'${key}' was due for review on ${entry.reviewBy} (owner: ${entry.owner}): review the decision and move 'reviewBy' in lib/acknowledgements/catalog.ts, or fix the finding`;
  }
  if (due - today > MAX_REVIEW_DAYS * DAY_MS) {
    return `'${key}.reviewBy' must be at most ${MAX_REVIEW_DAYS} days ahead, got ${entry.reviewBy}`;
  }
  return undefined;
}

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
