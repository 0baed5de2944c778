import { DEFAULT_GUARDRAILS } from './defaults';
import { checkKeys, isPlainObject, Problem, tracking } from './problems';
import { GuardrailsConfig } from './types';

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|\*):iam::(\d{12}|\*):role\/[\w+=,.@\-/*]{1,512}$/;
const ORGANIZATION_TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** The `guardrails` section, defaulted; undefined when it has a problem. */
export function checkGuardrails(raw: unknown, problem: Problem): GuardrailsConfig | undefined {
  if (raw === undefined) {
    return DEFAULT_GUARDRAILS;
  }
  if (!isPlainObject(raw)) {
    problem('guardrails', 'be an object with deployRoleArns and organizationTargetIds', raw);
    return undefined;
  }
  checkKeys(raw, 'guardrails.', ['deployRoleArns', 'organizationTargetIds'], problem);
  const { fail, ok } = tracking(problem);
  const list = (key: keyof GuardrailsConfig, pattern: RegExp, rule: string): string[] => {
    const value = raw[key] ?? DEFAULT_GUARDRAILS[key];
    if (!Array.isArray(value) || (key === 'deployRoleArns' && value.length === 0)) {
      fail(`guardrails.${key}`, `be a${key === 'deployRoleArns' ? ' non-empty' : 'n'} array of ${rule}`, value);
      return [];
    }
    value.forEach((item: unknown, i: number) => {
      if (typeof item !== 'string' || !pattern.test(item)) {
        fail(`guardrails.${key}[${i}]`, `be ${rule}`, item);
      }
    });
    return value as string[];
  };
  const deployRoleArns = list('deployRoleArns', ROLE_ARN, 'an IAM role ARN like arn:aws:iam::123456789012:role/deploy (* allowed in the account and role name)');
  const organizationTargetIds = list('organizationTargetIds', ORGANIZATION_TARGET, 'an organization root (r-...), OU (ou-...-...) or 12-digit account id');
  return ok() ? { deployRoleArns, organizationTargetIds } : undefined;
}
