/**
 * The two cdk-nag enums the TenantBaseline rules use, with cdk-nag's own values. The deploy-time hook's bundle maps
 * `cdk-nag` to this module (esbuild alias), so the rules run in Lambda without cdk-nag and aws-cdk-lib behind it;
 * `test/compliance/deploy-time-hook.test.ts` keeps every value equal to cdk-nag's.
 */
export enum NagMessageLevel {
  WARN = 'Warning',
  ERROR = 'Error',
  INFO = 'Info',
}

export enum NagRuleCompliance {
  COMPLIANT = 'Compliant',
  NON_COMPLIANT = 'Non-Compliant',
  NOT_APPLICABLE = 'N/A',
}

export type NagRuleFindings = string[];
export type NagRuleResult = NagRuleCompliance | NagRuleFindings;
