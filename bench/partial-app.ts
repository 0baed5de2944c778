/**
 * The benchmark's breakdown of the gate: bench/bare-app.ts plus one part of the gate, chosen with `-c part=<name>`:
 * `stock` (the five cdk-nag packs), `ours` (the TenantBaseline pack and the acknowledgement audit), `schema`
 * (aws-cdk-lib's CloudFormation schema validation and default rules on the gate's worker thread, as the gate runs it)
 * or `schema-in-process` (the same plugin in the main thread, as aws-cdk-lib runs it by default). No report. bench/synth.mjs subtracts the bare
 * app's time from each to show what each part costs.
 */
import { App, CloudFormationValidatePlugin, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { loadPlatformConfig } from '../lib/config/platform-config';
import { AcknowledgementAudit } from '../lib/compliance/gate/acknowledgement-audit';
import { complianceChecks } from '../lib/compliance/gate/gate';
import { WorkerSchemaValidation } from '../lib/compliance/gate/schema-validation';
import { TenantBaselineChecks } from '../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../lib/compliance/topology';
import { buildPlatform } from '../lib/platform';

const app = new App({ builtinCloudFormationValidation: false });
const config = loadPlatformConfig(app.node.tryGetContext('config'));
buildPlatform(app, config);
const part = app.node.tryGetContext('part');
const ours = (c: IPolicyValidationPlugin) => c instanceof TenantBaselineChecks || c instanceof AcknowledgementAudit;
const checks: Record<string, () => IPolicyValidationPlugin[]> = {
  stock: () => complianceChecks(app, platformTopology(config)).filter((c) => !ours(c)),
  ours: () => complianceChecks(app, platformTopology(config)).filter(ours),
  schema: () => {
    const schema = new WorkerSchemaValidation();
    schema.warm(app);
    schema.validateAsWritten(app);
    return [schema.starter, schema];
  },
  'schema-in-process': () => [new CloudFormationValidatePlugin()],
};
if (!(part in checks)) {
  throw new Error(`context: 'part' must be one of ${Object.keys(checks).join(', ')}, got ${JSON.stringify(part)}`);
}
Validations.of(app).addPlugins(...checks[part]());
app.synth();
