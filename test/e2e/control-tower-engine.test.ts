/**
 * The Control Tower checks' engine against the package's own: the Guard evaluator aws-cdk-lib ships, as our checks run
 * it, reports exactly what @cdklabs/cdk-validator-cfnguard's cfn-guard 3.1.1 binary reports on the same templates.
 * Here rather than in npm test because the binary takes ~10 s for the 237 rules on two small templates.
 */
import { basename } from 'node:path';
import { PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { ControlTowerChecks } from '../../lib/compliance/gate/control-tower';
import { templateFile } from '../helpers/control-tower-templates';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

function findings(violations: readonly PolicyViolation[], name: (v: PolicyViolation) => string | undefined) {
  return [...new Set(violations.flatMap((v) => v.violatingResources.map((r) => `${name(v)} ${basename(r.templatePath ?? '')}:${r.resourceLogicalId}`)))].sort();
}

test('GIVEN broken and fixed resources THEN the engine reports exactly what the cfn-guard binary reports, named by control id', () => {
  const dir = scratch('ct-engine-');
  const templates = [templateFile(dir, 'Open', true), templateFile(dir, 'Closed', false)];
  const ours = new ControlTowerChecks().validate({ templatePaths: templates } as never);
  // The package's own plugin: its cfn-guard 3.1.1 binary, every Control Tower rule, its own result parsing.
  const binary: PolicyValidationPluginReport = new CfnGuardValidator().validate({ templatePaths: templates } as never);
  const binaryFindings = findings(binary.violations, (v) => /^\s*\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/.exec(v.description)?.[1]);
  expect(binaryFindings.length).toBeGreaterThan(3);
  expect(findings(ours.violations, (v) => v.ruleName)).toEqual(binaryFindings);
});
