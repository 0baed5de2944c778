/**
 * The report's acknowledgements: every one with its catalog entry, grouped per rule and entry where a control or a check
 * lists them, and those of checks that ran which matched no finding.
 */
import { ACKNOWLEDGEMENTS, AcknowledgementEntry } from '../../acknowledgements/catalog';
import { AcknowledgementRecord } from '../gate/acknowledgement-audit';
import { byText } from './by-text';
import { checkOf } from './evidence';
import { ReportInputs } from './report-inputs';
import { AcknowledgementGroup, AcknowledgementRef } from './schema';

/**
 * Every acknowledgement, sorted, and the reason of each catalog entry used. aws-cdk-lib's own acknowledgements have no
 * catalog entry, so their reasons are kept per rule under `framework:<rule id>`.
 */
export function acknowledgementRefs(acknowledgements: readonly AcknowledgementRecord[]): { refs: AcknowledgementRef[]; catalog: Record<string, string> } {
  const catalog: Record<string, string> = {};
  const refs: AcknowledgementRef[] = acknowledgements
    .map((a) => {
      const catalogKey = a.catalogKey ?? 'framework';
      catalog[catalogKey === 'framework' ? `framework:${a.ruleId}` : catalogKey] = a.reason;
      return { a, catalogKey };
    })
    .map(({ a, catalogKey }) => ({
      ruleId: a.ruleId,
      catalogKey,
      stack: a.stack,
      ...(a.logicalId ? { logicalId: a.logicalId } : {}),
      ...(a.resourceType ? { type: a.resourceType } : {}),
    }))
    .sort((a, b) => byText(a.ruleId, b.ruleId) || byText(a.stack, b.stack) || byText(a.logicalId ?? '', b.logicalId ?? ''));
  return { refs, catalog };
}

export function groupAcknowledgements(refs: readonly AcknowledgementRef[], catalog: Readonly<Record<string, string>>): AcknowledgementGroup[] {
  const groups = new Map<string, { ruleId: string; catalogKey: string; reason: string; owner?: string; reviewBy?: string; resources: number; stacks: Set<string> }>();
  for (const a of refs) {
    const key = `${a.catalogKey}\u0000${a.ruleId}`;
    const reason = catalog[a.catalogKey === 'framework' ? `framework:${a.ruleId}` : a.catalogKey];
    const entry = (ACKNOWLEDGEMENTS as Record<string, AcknowledgementEntry>)[a.catalogKey];
    const review = entry ? { owner: entry.owner, reviewBy: entry.reviewBy } : {};
    const group = groups.get(key) ?? { ruleId: a.ruleId, catalogKey: a.catalogKey, reason, ...review, resources: 0, stacks: new Set<string>() };
    group.resources++;
    group.stacks.add(a.stack);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, stacks: [...g.stacks].sort() })).sort((a, b) => byText(a.ruleId, b.ruleId) || byText(a.catalogKey, b.catalogKey));
}

/** Acknowledgements of checks that ran in this synth (not aws-cdk-lib's own) that matched no finding. */
export function unusedAcknowledgements(inputs: ReportInputs): (AcknowledgementRef & { constructPath: string })[] {
  const used = new Set(inputs.usedAcknowledgements);
  for (const plugin of inputs.validationReport?.pluginReports ?? []) {
    for (const v of plugin.suppressedViolations ?? []) {
      const at = (v as { acknowledgedAt?: string }).acknowledgedAt;
      if (at && v.acknowledgedId) {
        used.add(`${at}\0${v.acknowledgedId}`);
      }
    }
  }
  const ran = new Set(inputs.checks);
  return inputs.acknowledgements
    .filter((a) => ran.has(checkOf(a.ruleId)))
    .filter((a) => !used.has(`${a.constructPath}\0${a.ruleId}`))
    .map((a) => ({ ruleId: a.ruleId, catalogKey: a.catalogKey ?? 'framework', stack: a.stack, constructPath: a.constructPath, ...(a.logicalId ? { logicalId: a.logicalId } : {}), ...(a.resourceType ? { type: a.resourceType } : {}) }))
    .sort((a, b) => byText(a.constructPath, b.constructPath) || byText(a.ruleId, b.ruleId));
}

/** The catalog in key order, whatever order the acknowledgements named its entries in. */
export function sortedCatalog(catalog: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(catalog).sort(([a], [b]) => byText(a, b)));
}
