import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { AcknowledgementAudit } from './acknowledgement-audit';

/**
 * The compliance gate's checks, in one list: the five cdk-nag packs and the acknowledgement audit. The CloudFormation
 * schema validation built into aws-cdk-lib runs as well; `@aws-cdk/core:validateAgainstDefaultRules` in cdk.json turns
 * its findings into errors.
 */
export function complianceChecks(app: App): IPolicyValidationPlugin[] {
  return [
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
    new ServerlessChecks(app),
    new AcknowledgementAudit(),
  ];
}

/** The built-in CloudFormation schema validation, which runs on every synth and is not registered by us. */
export const SCHEMA_VALIDATION_CHECK = 'CloudFormation-Validate (aws-cdk-lib, errors fail synth)';

/** Registers the gate on an app: synth fails on any unacknowledged finding. Returns the names of the checks. */
export function applyComplianceGate(app: App): string[] {
  const checks = complianceChecks(app);
  Validations.of(app).addPlugins(...checks);
  return [...checks.map((c) => c.name), SCHEMA_VALIDATION_CHECK];
}
