import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { isSymmetricKeyOfTemplate, text } from './template';

/**
 * Every log group is encrypted with a customer-managed key and expires. A key of this template counts; so does a key
 * ARN from elsewhere (`arn:...:key/...`); an AWS-managed alias or no key at all does not. Logs kept forever are a
 * liability under GDPR storage limitation and cost without end.
 */
export const LogGroupCmkFiniteRetention: TemplateRule = {
  id: 'LogGroupCmkFiniteRetention',
  resourceTypes: ['AWS::Logs::LogGroup'],
  judges: { 'AWS::Logs::LogGroup': ['KmsKeyId|remove,foreign-literal,empty-object', 'RetentionInDays|remove,lower'] },
  info: 'The log group is not encrypted with a customer-managed key, or keeps its events forever.',
  explanation: 'DESIGN.md: logs are encrypted at rest with customer-managed keys. A retention makes deletion happen by default.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'HIPAA-164.312(b)', 'HIPAA-164.312(a)(2)(iv)', 'SOC2-CC7.2', 'GDPR-Art.5(1)(f)', 'GDPR-Art.32'],
  check(resource, context) {
    const props = resource.Properties ?? {};
    const problems: string[] = [];
    const keyId = props.KmsKeyId;
    // A key of this very stack, made for encryption: a literal ARN could be any account's key, and an asymmetric key
    // (a signing key) cannot encrypt logs at all.
    if (!isSymmetricKeyOfTemplate(context.template, keyId)) {
      problems.push(keyId === undefined ? 'KmsKeyId::unset' : `KmsKeyId::${text(keyId)}`);
    }
    const days = Number(props.RetentionInDays);
    if (props.RetentionInDays === undefined || !Number.isInteger(days) || days <= 0) {
      problems.push('RetentionInDays::unset');
    }
    return findings(problems);
  },
};
