import { NagMessageLevel } from 'cdk-nag';
import { isAdditionalRegionView } from '../../config/regional-view';
import { AUDIT_KEY_ALIAS } from '../../naming';
import { BASELINE_ANCHOR_TYPES, isAnchorType, isBaselineAnchor } from './baseline-anchor';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, isTrue, referencedId, referencedResource, text } from './template';

/** Why a bucket is not write-once (Object Lock in COMPLIANCE mode with a default retention); empty when it is. */
function objectLockProblems(logicalId: string, bucket: TemplateResource): string[] {
  const b = bucket.Properties ?? {};
  const retention = b.ObjectLockConfiguration?.Rule?.DefaultRetention;
  if (!isTrue(b.ObjectLockEnabled) || b.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') {
    return [`ObjectLock::${logicalId}`];
  }
  if (retention?.Mode !== 'COMPLIANCE' || !(Number(retention.Days) > 0 || Number(retention.Years) > 0)) {
    return [`ObjectLockRetention::${logicalId}`];
  }
  return [];
}

/**
 * An additional region's audit bucket (no trail there: AWS Config delivers its snapshots and history into it): the
 * bucket under the audit key (AUDIT_KEY_ALIAS), which must exist once and be write-once like the trail's.
 */
function regionalAuditBucketProblems(context: RuleContext): string[] {
  const resources = Object.entries(context.template.Resources ?? {});
  const alias = resources.find(([, r]) => r.Type === 'AWS::KMS::Alias' && text(r.Properties?.AliasName) === AUDIT_KEY_ALIAS);
  const key = alias === undefined ? undefined : referencedId(alias[1].Properties?.TargetKeyId);
  const buckets = resources.filter(
    ([, r]) => r.Type === 'AWS::S3::Bucket' && key !== undefined && asList<any>(r.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration).some((c) => referencedId(c?.ServerSideEncryptionByDefault?.KMSMasterKeyID) === key),
  );
  if (buckets.length !== 1) {
    return [`AuditBucket::${buckets.length}::planned-1`];
  }
  return objectLockProblems(buckets[0][0], buckets[0][1]);
}

/**
 * Every CloudTrail trail validates its log files and delivers to a bucket of the same template with Object Lock in
 * COMPLIANCE mode and a default retention: the audit record can be neither changed nor deleted, by anyone, until it
 * expires. An additional region's account baseline has no trail (lib/config/regional-view.ts): its audit bucket, under
 * the audit key, is held to the same Object Lock (judged on the baseline's anchor, baseline-anchor.ts).
 */
export const AuditTrailObjectLock: TemplateRule = {
  id: 'AuditTrailObjectLock',
  resourceTypes: [...BASELINE_ANCHOR_TYPES],
  judges: {
    'AWS::CloudTrail::Trail': ['EnableLogFileValidation', 'S3BucketName'],
    'AWS::S3::Bucket': ['ObjectLockEnabled', 'ObjectLockConfiguration.ObjectLockEnabled', 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'ObjectLockConfiguration.Rule.DefaultRetention.Days|remove,lower'],
  },
  info: 'The trail does not validate log files, or its bucket (in an additional region, the audit bucket) is not in this template with Object Lock in COMPLIANCE mode and a default retention.',
  explanation: 'DESIGN.md: audit logs in write-once storage (S3 Object Lock) with integrity validation. GOVERNANCE mode can be lifted by a privileged user; COMPLIANCE cannot.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-3', 'HIPAA-164.312(b)', 'HIPAA-164.312(c)(1)', 'SOC2-CC7.2', 'GDPR-Art.5(1)(f)'],
  check(resource, context) {
    if (resource.Type !== 'AWS::CloudTrail::Trail') {
      return isAnchorType(resource) && isAdditionalRegionView(context.topology.config) && isBaselineAnchor(resource, context) ? findings(regionalAuditBucketProblems(context)) : NOT_APPLICABLE;
    }
    const props = resource.Properties ?? {};
    const problems: string[] = [];
    if (!isTrue(props.EnableLogFileValidation)) {
      problems.push('EnableLogFileValidation');
    }
    const bucket = referencedResource(context.template, props.S3BucketName);
    if (!bucket || bucket.resource.Type !== 'AWS::S3::Bucket') {
      problems.push('S3BucketName::not-in-template');
      return findings(problems);
    }
    problems.push(...objectLockProblems(bucket.logicalId, bucket.resource));
    return findings(problems);
  },
};
