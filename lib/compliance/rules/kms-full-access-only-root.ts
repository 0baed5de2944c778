import { NagMessageLevel } from 'cdk-nag';
import { allowStatements, principals } from './kms-policy';
import { findings, TemplateRule } from './rule';
import { ACCOUNT_ROOT, asList, text } from './template';

/**
 * No key policy statement grants `kms:*` (or `*`, or everything through NotAction) to anyone but this account's root.
 * The root statement delegates to IAM, where least privilege is judged; a role or service with `kms:*` could
 * schedule the key's deletion or rewrite its policy.
 */
export const KmsFullAccessOnlyRoot: TemplateRule = {
  id: 'KmsFullAccessOnlyRoot',
  resourceTypes: ['AWS::KMS::Key'],
  info: 'A key policy statement grants kms:* to a principal other than the account root.',
  explanation: 'Full access includes PutKeyPolicy and ScheduleKeyDeletion: whoever holds it can lock everyone out or erase every tenant record under the key.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'SOC2-CC6.1', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource) {
    const problems: string[] = [];
    for (const { label, statement } of allowStatements(resource.Properties?.KeyPolicy)) {
      const actions = asList(statement.Action).map((a) => text(a).toLowerCase());
      const full = statement.NotAction !== undefined || actions.includes('*') || actions.includes('kms:*');
      if (!full) {
        continue;
      }
      for (const principal of principals(statement)) {
        if (!(principal.startsWith('AWS:') && ACCOUNT_ROOT.test(principal.slice(4)))) {
          problems.push(`${label}::${principal}`);
        }
      }
    }
    return findings(problems);
  },
};
