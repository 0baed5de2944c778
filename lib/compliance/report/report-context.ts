/**
 * What more than one section of the report reads, worked out once from the inputs: the findings, each check's status
 * and the acknowledgements with their catalog reasons.
 */
import { CONTROL_TOWER_PLUGIN } from '../gate/control-tower';
import { RuleEvaluation } from '../gate/tenant-baseline-checks';
import { acknowledgementRefs } from './acknowledgements-section';
import { findingsFrom } from './evidence';
import { ReportInputs } from './report-inputs';
import { AcknowledgementRef, CheckStatus, FindingRef } from './schema';

export interface ReportContext {
  readonly inputs: ReportInputs;
  readonly stackNames: ReadonlySet<string>;
  readonly findings: readonly FindingRef[];
  readonly controlTowerRan: boolean;
  readonly checkStatus: (check: string) => CheckStatus;
  readonly acknowledgements: readonly AcknowledgementRef[];
  /** The reason of every catalog entry used, by key, in the order first met. */
  readonly catalog: Readonly<Record<string, string>>;
  /** Our pack's judgements by rule id and by stack, in judgement order (a fleet has hundreds of thousands). */
  readonly evaluationsByRule: ReadonlyMap<string, readonly RuleEvaluation[]>;
  readonly evaluationsByStack: ReadonlyMap<string, readonly RuleEvaluation[]>;
}

function groupBy(evaluations: readonly RuleEvaluation[], key: (e: RuleEvaluation) => string): Map<string, RuleEvaluation[]> {
  const groups = new Map<string, RuleEvaluation[]>();
  for (const e of evaluations) {
    const k = key(e);
    const group = groups.get(k);
    if (group) {
      group.push(e);
    } else {
      groups.set(k, [e]);
    }
  }
  return groups;
}

export function reportContext(inputs: ReportInputs): ReportContext {
  const stackNames = new Set(inputs.stacks.map((s) => s.name));
  const stackOfTemplate = (path: string) => {
    const file = path.split(/[\\/]/).pop() ?? '';
    return [...stackNames].find((name) => file === `${name}.template.json`);
  };
  const findings = findingsFrom(inputs.validationReport, stackOfTemplate);
  const controlTowerRan = inputs.checks.includes(CONTROL_TOWER_PLUGIN);
  const checkStatus = (check: string): CheckStatus =>
    check === CONTROL_TOWER_PLUGIN && !controlTowerRan ? 'not-run' : findings.some((f) => f.check === check || f.check.startsWith(`${check} `)) ? 'fail' : 'pass';
  const { refs, catalog } = acknowledgementRefs(inputs.acknowledgements);
  const evaluationsByRule = groupBy(inputs.evaluations, (e) => e.ruleId);
  const evaluationsByStack = groupBy(inputs.evaluations, (e) => e.stack);
  return { inputs, stackNames, findings, controlTowerRan, checkStatus, acknowledgements: refs, catalog, evaluationsByRule, evaluationsByStack };
}
