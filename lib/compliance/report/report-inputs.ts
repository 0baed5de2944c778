/** What the builder reads: the synth's outputs as write.ts gathers them, never what the code intends. */
import { PlatformConfig } from '../../config/platform-config';
import { AcknowledgementRecord } from '../gate/acknowledgement-audit';
import { StockRuleTally } from '../gate/recording';
import { RuleEvaluation } from '../gate/tenant-baseline-checks';
import { StackTemplate } from '../rules';
import { Provenance } from './schema';

/** The CDK's `validation-report.json`, as far as the report reads it. */
export interface ValidationReportJson {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: 'success' | 'failure';
    readonly violations?: readonly ValidationViolationJson[];
    readonly suppressedViolations?: readonly (ValidationViolationJson & { readonly reason?: string; readonly acknowledgedId?: string })[];
  }[];
}

interface ValidationViolationJson {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly violatingConstructs?: readonly { readonly constructPath: string; readonly cloudFormationResource?: { readonly templatePath: string; readonly logicalId: string } }[];
}

export interface ReportInputs {
  readonly config: PlatformConfig;
  readonly provenance: Provenance;
  /** Every stack of the synth, with its template and the region it is pinned to (none when environment-agnostic). */
  readonly stacks: readonly { readonly name: string; readonly template: StackTemplate; readonly region?: string }[];
  /** The names of the checks that ran (Control Tower ran only when it is among them). */
  readonly checks: readonly string[];
  readonly evaluations: readonly RuleEvaluation[];
  readonly stockTallies: ReadonlyMap<string, readonly StockRuleTally[]>;
  readonly acknowledgements: readonly AcknowledgementRecord[];
  /** `<construct path>\0<rule id>` of the acknowledgements that matched a finding, from every check that ran. */
  readonly usedAcknowledgements: ReadonlySet<string>;
  /** How many templates' Control Tower results came from the cache, and how many cfn-guard judged; absent without a cache. */
  readonly controlTowerCache?: { readonly reused: number; readonly evaluated: number };
  /** Absent when the CDK wrote none (it does when any plugin ran). */
  readonly validationReport?: ValidationReportJson;
}
