import { DEFAULT_GUARDRAILS } from './defaults';
import { checkKeys, isPlainObject, Problem, tracking } from './problems';
import { GuardrailsConfig } from './types';

/** An exact role ARN (the same pattern as lib/guardrails' EXACT_ROLE_ARN): a wildcard would let a look-alike role escape the SCP. */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** The shape of an AWS region code; whether AWS has the region is checked against aws-cdk-lib's region facts at synth. */
export const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
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
  checkKeys(raw, 'guardrails.', ['deployRoleArns', 'organizationTargetIds', 'organizationId', 'allowedRegions'], problem);
  const { fail, ok } = tracking(problem);
  const list = (key: keyof GuardrailsConfig, pattern: RegExp, rule: string): string[] => {
    const value = raw[key] ?? DEFAULT_GUARDRAILS[key];
    if (!Array.isArray(value)) {
      fail(`guardrails.${key}`, `be an array of ${rule}`, value);
      return [];
    }
    value.forEach((item: unknown, i: number) => {
      if (typeof item !== 'string' || !pattern.test(item)) {
        fail(`guardrails.${key}[${i}]`, `be ${rule}`, item);
      }
    });
    return value as string[];
  };
  const deployRoleArns = list('deployRoleArns', ROLE_ARN, 'an exact IAM role ARN like arn:aws:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1 (no wildcards)');
  const organizationTargetIds = list('organizationTargetIds', ORGANIZATION_TARGET, 'an organization root (r-...), OU (ou-...-...) or 12-digit account id');
  const allowedRegions = list('allowedRegions', REGION_CODE, 'an AWS region code like eu-west-1');
  if (organizationTargetIds.length > 0 && deployRoleArns.length === 0) {
    fail('guardrails.deployRoleArns', 'name the deploy roles when organizationTargetIds attaches the SCPs (without them nobody could change a protected resource)', deployRoleArns);
  }
  const organizationId = raw.organizationId;
  if (organizationId !== undefined && (typeof organizationId !== 'string' || !/^o-[a-z0-9]{10,32}$/.test(organizationId))) {
    fail('guardrails.organizationId', 'be an organization id like o-a1b2c3d4e5', organizationId);
  }
  return ok() ? { deployRoleArns, organizationTargetIds, allowedRegions, ...(organizationId !== undefined ? { organizationId: organizationId as string } : {}) } : undefined;
}
