import { NagMessageLevel } from 'cdk-nag';
import { allowStatements, conditionKeys, principals } from './kms-policy';
import { findings, TemplateRule } from './rule';

/** Condition keys that tie a service's use of a key to this account's own resource or to a specific encryption context. */
const SCOPING_KEYS = [/^aws:sourcearn$/, /^aws:sourceaccount$/, /^aws:sourceorgid$/, /^aws:sourceorgpaths$/, /^kms:encryptioncontext:.+/, /^kms:encryptioncontextkeys$/];

/**
 * No key policy statement lets an AWS service principal (or anyone, `*`) use the key without a source condition
 * (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID/Paths) or an encryption-context condition. Unconditioned, the
 * service would use the key on behalf of any account's resource: the confused-deputy problem.
 */
export const KmsServicePrincipalConditioned: TemplateRule = {
  id: 'KmsServicePrincipalConditioned',
  resourceTypes: ['AWS::KMS::Key'],
  judges: { 'AWS::KMS::Key': ['KeyPolicy.Statement.*[Principal.Service].Condition|remove'] },
  info: 'A key policy statement grants a service principal (or everyone) use of the key without a source or encryption-context condition.',
  explanation: 'A service acting for another account could then use this key (confused deputy). Each tenant key must serve only that tenant\'s own resources.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'SOC2-CC6.1', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource) {
    const problems: string[] = [];
    for (const { label, statement } of allowStatements(resource.Properties?.KeyPolicy)) {
      const open = principals(statement).filter((p) => p === '*' || p === 'AWS:*' || p === 'NotPrincipal' || p.startsWith('Service:'));
      if (open.length === 0) {
        continue;
      }
      const keys = conditionKeys(statement);
      if (!keys.some((k) => SCOPING_KEYS.some((pattern) => pattern.test(k)))) {
        problems.push(...open.map((p) => `${label}::${p}`));
      }
    }
    return findings(problems);
  },
};
