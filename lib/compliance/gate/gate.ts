import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { AcknowledgementAudit } from './acknowledgement-audit';
import { ControlTowerChecks } from './control-tower';
import {
  RecordingAwsSolutionsChecks,
  RecordingHIPAASecurityChecks,
  RecordingNIST80053R5Checks,
  RecordingPack,
  RecordingPCIDSS321Checks,
  RecordingServerlessChecks,
  StockRuleOutcomes,
} from './recording';
import { WorkerSchemaValidation } from './schema-validation';
import { TenantBaselineChecks } from './tenant-baseline-checks';
import { PlatformTopology } from '../topology';

/**
 * The compliance gate's checks, in one list: the five cdk-nag packs (counting their rules' outcomes for the report), our own TenantBaseline pack (template-level rules
 * judged against the platform's plan) and the acknowledgement audit. `applyComplianceGate` adds aws-cdk-lib's CloudFormation
 * schema validation; `@aws-cdk/core:validateAgainstDefaultRules` in cdk.json turns its findings into errors.
 */
export function complianceChecks(app: App, topology: PlatformTopology): IPolicyValidationPlugin[] {
  // The packs run one after another on the same tree and share what each rule answered (StockRuleOutcomes).
  const outcomes = new StockRuleOutcomes();
  const stock = [RecordingAwsSolutionsChecks, RecordingHIPAASecurityChecks, RecordingNIST80053R5Checks, RecordingPCIDSS321Checks, RecordingServerlessChecks];
  return [
    ...stock.map((Pack, i) => new Pack(app, { outcomes, opens: i === 0, closes: i === stock.length - 1 })),
    new TenantBaselineChecks(topology, app),
    new AcknowledgementAudit(),
  ];
}

/** aws-cdk-lib's CloudFormation schema validation, registered by the gate; the flag makes its findings errors. */
export const SCHEMA_VALIDATION_CHECK = 'CloudFormation-Validate (aws-cdk-lib, errors fail synth)';
const SCHEMA_VALIDATION_AS_ERRORS = '@aws-cdk/core:validateAgainstDefaultRules';

/**
 * One schema-validation worker per process (building its engine costs ~4 s of WebAssembly set-up; aws-cdk-lib shares
 * its own default instance the same way). Registering it explicitly replaces the default one, so the gate's schema
 * check runs whatever the app's `builtinCloudFormationValidation` or the `CDK_VALIDATION` environment variable say.
 */
let schemaValidation: WorkerSchemaValidation | undefined;
function schemaValidationPlugin(): WorkerSchemaValidation {
  schemaValidation ??= new WorkerSchemaValidation();
  return schemaValidation;
}

export interface ComplianceGateOptions {
  /**
   * Also run the Control Tower proactive controls (about 1.3-2.7 s of CPU per tenant stack, less with the cache; `npm run compliance`
   * turns it on, a plain `cdk synth` leaves it off).
   * @default false
   */
  readonly controlTower?: boolean;
  /**
   * Where the Control Tower checks keep their results per template (content-addressed; see ControlTowerCache).
   * @default - no cache
   */
  readonly controlTowerCacheDir?: string;
  /**
   * Where the schema validation keeps each template's report and reuses it for the very same input in later runs
   * (same template text, stack, account, region, engine and rules; lib/compliance/gate/schema-validation-cache.js).
   * @default - no cache: every template is validated
   */
  readonly schemaCacheDir?: string;
}

/** What the gate registered: the names of its checks and our own pack, whose evaluations feed the report. */
export interface ComplianceGate {
  readonly checks: readonly string[];
  readonly tenantBaseline: TenantBaselineChecks;
  /** The five stock packs, which count their rules' outcomes for the report. */
  readonly stockPacks: readonly RecordingPack[];
  readonly controlTower: boolean;
  /** The Control Tower checks when they run (their cache use feeds the report). */
  readonly controlTowerChecks?: ControlTowerChecks;
  /** The schema validation (its cache use feeds the report). */
  readonly schemaValidation: WorkerSchemaValidation;
}

/** Registers the gate on an app: synth fails on any unacknowledged finding. */
export function applyComplianceGate(app: App, topology: PlatformTopology, options: ComplianceGateOptions = {}): ComplianceGate {
  const asErrors = app.node.tryGetContext(SCHEMA_VALIDATION_AS_ERRORS);
  if (asErrors !== true && asErrors !== 'true') {
    throw new Error(`context: '${SCHEMA_VALIDATION_AS_ERRORS}' must be true for the compliance gate (schema findings fail synth), got ${JSON.stringify(asErrors)}`);
  }
  const checks = complianceChecks(app, topology);
  if (options.controlTower) {
    checks.push(new ControlTowerChecks({ cacheDir: options.controlTowerCacheDir }));
  }
  // The schema validation runs on a worker thread: its engine is built now, each template is validated as soon as it
  // is written, the starter hands it the final list before the packs run in this thread, and the plugin registered
  // last collects the report.
  const schema = schemaValidationPlugin();
  schema.useCache(app, options.schemaCacheDir);
  schema.warm(app);
  schema.validateAsWritten(app);
  Validations.of(app).addPlugins(schema.starter, ...checks, schema);
  const tenantBaseline = checks.find((c): c is TenantBaselineChecks => c instanceof TenantBaselineChecks)!;
  const stockPacks = checks.filter((c): c is RecordingPack => 'tallies' in c);
  const controlTowerChecks = checks.find((c): c is ControlTowerChecks => c instanceof ControlTowerChecks);
  return { checks: [...checks.map((c) => c.name), SCHEMA_VALIDATION_CHECK], tenantBaseline, stockPacks, controlTower: options.controlTower ?? false, controlTowerChecks, schemaValidation: schema };
}
