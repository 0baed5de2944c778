/**
 * The report's format, kept apart from the code that builds it so that the renderers and scripts/compliance.ts depend
 * on the format alone.
 */
import { Control, ControlId } from '../controls';

export const REPORT_SCHEMA_VERSION = 6;

export interface TenantSettings {
  readonly apiKeys: number;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly transientHours: number;
}

/** Where the report came from, so a later run can tell whether cdk.out still matches the code and configuration. */
export interface Provenance {
  readonly configPath: string;
  readonly configSha256: string;
  /** SHA-256 over bin/, lib/, lambda/, cdk.json and package-lock.json. */
  readonly sourceSha256: string;
  /** The tenants this synth built (`all`, or the ids of a `-c tenant=` synth). */
  readonly tenants: 'all' | readonly string[];
  /**
   * SHA-256 of each template the report was made from, by its file in the output directory without `.template.json`
   * (the stack name for a top-level stack named after its construct; unique where stack names repeat: the account
   * baselines of other accounts, the stacks of other regions, the pipeline's stages in their assemblies).
   */
  readonly templateSha256: Readonly<Record<string, string>>;
  /**
   * How many templates the schema validation judged in this synth, and how many of their reports it reused from the
   * cache of earlier runs (the very same template text, stack, account, region, engine and rules).
   */
  readonly schemaValidation?: { readonly templates: number; readonly fromCache: number };
}

export type ControlStatus = 'holds' | 'holds-with-acknowledgements' | 'fails' | 'outside-templates';
export type CheckStatus = 'pass' | 'fail' | 'not-run';

export interface CheckEvidence {
  /** A rule id (`TenantBaseline-RdsForceSsl`, `HIPAA.Security-RDSStorageEncrypted`) or a whole check (`ControlTower`). */
  readonly check: string;
  readonly status: CheckStatus;
  readonly compliant: number;
  readonly acknowledged: number;
  readonly findings: number;
}

export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** The checks of ours that judged it for this control. */
  readonly rules: readonly string[];
}

/** One acknowledgement on one resource; the reason is in the report's `catalog` under `catalogKey`. */
export interface AcknowledgementRef {
  readonly ruleId: string;
  /** The reviewed catalog entry (lib/acknowledgements/catalog.ts), or `framework` for aws-cdk-lib's own. */
  readonly catalogKey: string;
  readonly stack: string;
  readonly logicalId?: string;
  readonly type?: string;
}

/** Acknowledgements of one rule through one catalog entry, on the resources of some stacks. */
export interface AcknowledgementGroup {
  readonly ruleId: string;
  readonly catalogKey: string;
  readonly reason: string;
  /** The entry's owner and review date (absent for aws-cdk-lib's own acknowledgements). */
  readonly owner?: string;
  readonly reviewBy?: string;
  readonly resources: number;
  readonly stacks: readonly string[];
}

export interface FindingRef {
  readonly check: string;
  readonly ruleId: string;
  readonly description: string;
  readonly stack?: string;
  readonly logicalId?: string;
  readonly constructPath?: string;
}

export interface ControlResult {
  readonly id: ControlId;
  readonly framework: Control['framework'];
  readonly reference: string;
  readonly title: string;
  readonly text: string;
  readonly status: ControlStatus;
  readonly checks: readonly CheckEvidence[];
  readonly resources: readonly ResourceRef[];
  readonly findings: readonly FindingRef[];
  readonly acknowledgements: readonly AcknowledgementGroup[];
  readonly evidenceOutsideTemplates: readonly string[];
  /**
   * What keeps the control true after the synth (schema 5): the deploy-time gate on every stack deploy, AWS Config's
   * drift rule and managed rules in the running account, each with when it runs. Empty: proved at synth only.
   */
  readonly continuouslyVerifiedBy: readonly { readonly check: string; readonly when: string }[];
}

export type IsolationVerdict = 'isolated' | 'not-isolated' | 'not-synthesized';

export interface TenantResult {
  readonly id: string;
  readonly number: number;
  readonly stack: string;
  readonly plannedCidr: string;
  /**
   * Where the tenant lives: the region its stack is pinned to (residency pins every stack), or none (an
   * environment-agnostic template, deployed to the deployer's region), and the regions its data may live in: the
   * tenant's own allowedRegions, else the platform's, else none (any region).
   */
  readonly region: { readonly pinned?: string; readonly allowed: readonly string[] };
  /**
   * The account the tenant's stack may be deployed to, as its template's `PlacedInAccount` rule asserts it (schema 4),
   * or none (any account: the deployer's).
   */
  readonly account?: string;
  /** Where the tenant is in its lifecycle: `offboarding` means destroying its stack schedules its key's deletion. */
  readonly lifecycle: { readonly state: 'active' | 'offboarding'; readonly keyDeletionWindowDays?: number };
  /**
   * The tenant's edge and retention settings as configured (the gate's TenantApiKeysAsPlanned and RetentionAsPlanned
   * hold the templates to them): its usage plan's rate and burst per API key, and how long transient records are kept.
   */
  readonly settings: TenantSettings;
  /** The VPC CIDR as the template has it. */
  readonly templateCidr?: string;
  readonly key?: { readonly logicalId: string; readonly alias: string };
  readonly verdict: IsolationVerdict;
  /** The isolation rules and how many of this tenant's resources each judged. */
  readonly checks: readonly CheckEvidence[];
  readonly findings: readonly string[];
}

export interface PackSummary {
  readonly check: string;
  readonly status: CheckStatus;
  readonly rules: number;
  readonly compliant: number;
  readonly acknowledged: number;
  readonly findings: number;
}

export interface StackSummary {
  readonly stack: string;
  readonly role: string;
  readonly resources: number;
  readonly judgements: number;
  readonly findings: number;
  readonly acknowledgements: number;
}

/** What the model judges, per resource type of the synth, and the resources no plan names (must be none). */
export interface ModelCoverage {
  readonly types: readonly { readonly type: string; readonly resources: number; readonly rules: readonly string[]; readonly judgedProperties: readonly string[] }[];
  readonly unplannedResources: readonly string[];
}

export interface ComplianceReport {
  readonly schemaVersion: number;
  readonly provenance: Provenance;
  readonly checks: readonly string[];
  readonly verdict: 'pass' | 'fail';
  readonly summary: {
    readonly controls: Readonly<Record<ControlStatus, number>>;
    readonly packs: readonly PackSummary[];
    readonly stacks: readonly StackSummary[];
  };
  readonly controls: readonly ControlResult[];
  readonly tenants: readonly TenantResult[];
  readonly network: {
    readonly controlPlaneCidr: string;
    readonly hub: boolean;
    readonly controlPlane: boolean;
    /** The control plane's public API exists (it does when an identity provider is configured). */
    readonly api: boolean;
    readonly tenants: readonly { readonly id: string; readonly cidr: string; readonly verdict: IsolationVerdict }[];
  };
  /**
   * Who hears what (seed 001's four tiers): per tier, its topic, response target, subscribers or opt-out, and the
   * alarms and routes of the templates that reach it. An opt-out is shown in red.
   */
  readonly alerting: readonly {
    readonly tier: string;
    readonly topic: string;
    readonly respondWithinMinutes: number;
    readonly subscribers: readonly string[];
    readonly optOut?: string;
    readonly alarms: readonly string[];
    readonly routes: readonly string[];
  }[];
  /** Checks that judge the whole platform rather than one control: the Control Tower proactive controls. */
  readonly independentChecks: readonly {
    readonly check: string;
    readonly status: CheckStatus;
    readonly description: string;
    readonly findings: readonly FindingRef[];
    readonly acknowledgements: readonly AcknowledgementGroup[];
  }[];
  readonly findings: readonly FindingRef[];
  readonly acknowledgements: readonly AcknowledgementRef[];
  /**
   * Acknowledgements that matched no finding of a check that ran: a catalog entry attached more widely than needed,
   * or a finding that has since been fixed. Informational: review and narrow them.
   */
  readonly unusedAcknowledgements: readonly (AcknowledgementRef & { readonly constructPath: string })[];
  /** The reason of every catalog entry used, by key. */
  readonly catalog: Readonly<Record<string, string>>;
  /** Every acknowledgement, one line per rule and catalog entry (how many resources, which stacks, owner, review date). */
  readonly acknowledgementGroups: readonly AcknowledgementGroup[];
  readonly model: ModelCoverage;
}
