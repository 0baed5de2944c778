import { CONTROL_TOWER_PLUGIN } from '../gate/control-tower';
import { groupAcknowledgements } from './acknowledgements-section';
import { checkOf } from './evidence';
import { ReportContext } from './report-context';
import { ComplianceReport } from './schema';

/** The Control Tower proactive controls, reported once for the platform: AWS maps them to NIST 800-53, not to our controls. */
export function independentChecks(context: ReportContext): ComplianceReport['independentChecks'] {
  return [
    {
      check: CONTROL_TOWER_PLUGIN,
      status: context.checkStatus(CONTROL_TOWER_PLUGIN),
      description: context.controlTowerRan
        ? 'AWS Control Tower proactive controls (cfn-guard rules shipped with @cdklabs/cdk-validator-cfnguard), each template checked against the rules for the resource types it contains.' +
          cacheNote(context.inputs.controlTowerCache)
        : 'Not run in this synth: `npm run compliance` runs the AWS Control Tower proactive controls.',
      findings: context.findings.filter((f) => f.check === CONTROL_TOWER_PLUGIN),
      acknowledgements: groupAcknowledgements(context.acknowledgements.filter((a) => checkOf(a.ruleId) === CONTROL_TOWER_PLUGIN), context.catalog),
    },
  ];
}

function cacheNote(cache: { reused: number; evaluated: number } | undefined): string {
  return cache
    ? ` Results of ${cache.reused} template(s) reused from the content-addressed cache (same template text, same rules); ${cache.evaluated} judged by cfn-guard in this run.`
    : '';
}
