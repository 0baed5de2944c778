import { NagMessageLevel } from 'cdk-nag';
import { logDataProtectionPolicy } from '../../config/log-data-protection-plan';
import { findings, TemplateRule } from './rule';
import { sameJson } from './template';

/** The planned policy, as a template would hold it (built once: it is the same for every log group). */
const PLANNED = JSON.parse(JSON.stringify(logDataProtectionPolicy())) as unknown;

/**
 * Every log group of every platform stack carries exactly the planned data protection policy
 * (lib/config/log-data-protection-plan.ts): e-mail, phone and card numbers, AWS secret keys and private keys masked for
 * every reader without `logs:Unmask`. A missing policy, a dropped identifier or an audit-only statement is a finding.
 */
export const LogGroupsMaskPersonalData: TemplateRule = {
  id: 'LogGroupsMaskPersonalData',
  resourceTypes: ['AWS::Logs::LogGroup'],
  judges: {
    'AWS::Logs::LogGroup': ['DataProtectionPolicy', 'DataProtectionPolicy.Statement|drop-last-item', 'DataProtectionPolicy.Statement.*.DataIdentifier|drop-last-item', 'DataProtectionPolicy.Statement.*.Operation'],
  },
  info: 'The log group does not carry the planned data protection policy: personal data or secrets written to it are readable in clear.',
  explanation: 'Seed 004 and DESIGN.md: structured logs with PII (email, phone, card numbers) redacted; the handlers mask before writing, the log group masks whatever else arrives.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC6.1', 'GDPR-Art.25', 'GDPR-Art.32'],
  check(resource) {
    const policy = resource.Properties?.DataProtectionPolicy;
    if (policy === undefined) {
      return ['DataProtectionPolicy::unset'];
    }
    return findings(sameJson(policy, PLANNED) ? [] : ['DataProtectionPolicy::not-as-planned']);
  },
};
