/**
 * aws-cdk-lib's own CloudFormation schema plugin, run in the test's thread: the reference the gate's worker thread and
 * its cache are compared with.
 */
import { readFileSync } from 'node:fs';
import { CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';

/**
 * The report a new instance of aws-cdk-lib's plugin makes of `context` in one call. The plugin is a function of the
 * templates' paths, text, accounts and regions, so each distinct input is validated once per test file (a new engine is
 * ~0.3-1 s); every caller gets its own copy (the CDK and the tests may change a report they are handed).
 */
const reports = new Map<string, PolicyValidationPluginReport>();
export function pluginReport(context: IPolicyValidationContext): PolicyValidationPluginReport {
  const key = JSON.stringify(context.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath, s.accountId, s.region, readFileSync(s.templatePath, 'utf8')]));
  if (!reports.has(key)) {
    const plugin = new CloudFormationValidatePlugin();
    try {
      reports.set(key, plugin.validate(context));
    } finally {
      plugin._dispose();
    }
  }
  return structuredClone(reports.get(key)!);
}
