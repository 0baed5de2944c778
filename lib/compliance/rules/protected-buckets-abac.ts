import { NagMessageLevel } from 'cdk-nag';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../../naming';
import { findings, TemplateRule } from './rule';
import { asList, text } from './template';

/**
 * Every bucket that carries the protection tag has ABAC enabled. S3 evaluates `aws:ResourceTag` for a bucket only
 * with ABAC on, so without it the tag-protection SCP never matches the bucket: its policy, lifecycle, replication and
 * deletion would be open to anyone the account's IAM allows.
 */
export const ProtectedBucketsAbac: TemplateRule = {
  id: 'ProtectedBucketsAbac',
  resourceTypes: ['AWS::S3::Bucket'],
  judges: { 'AWS::S3::Bucket': ['AbacStatus|remove,set:Disabled'] },
  info: 'A bucket tagged as protected does not have ABAC enabled, so tag conditions (the tag-protection SCP) do not apply to it.',
  explanation: 'lib/guardrails: only the deploy roles may change protected resources; for an S3 bucket that holds only when S3 evaluates its tags (ABAC).',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-3', 'SOC2-CC6.1', 'SOC2-CC8.1'],
  acknowledgeable: false,
  check(resource) {
    const p = resource.Properties ?? {};
    const tagged = asList<any>(p.Tags).some((t) => text(t?.Key) === TAG_KEYS.protection && text(t?.Value) === PROTECTION_TAG_VALUE);
    if (!tagged) {
      return findings([]);
    }
    return findings(p.AbacStatus === 'Enabled' ? [] : [`AbacStatus::${text(p.AbacStatus ?? 'unset')}`]);
  },
};
