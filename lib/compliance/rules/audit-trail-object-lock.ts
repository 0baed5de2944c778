import { NagMessageLevel } from 'cdk-nag';
import { findings, TemplateRule } from './rule';
import { isTrue, referencedResource } from './template';

/**
 * Every CloudTrail trail validates its log files and delivers to a bucket of the same template with Object Lock in
 * COMPLIANCE mode and a default retention: the audit record can be neither changed nor deleted, by anyone, until it
 * expires.
 */
export const AuditTrailObjectLock: TemplateRule = {
  id: 'AuditTrailObjectLock',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  judges: {
    'AWS::CloudTrail::Trail': ['EnableLogFileValidation', 'S3BucketName'],
    'AWS::S3::Bucket': ['ObjectLockEnabled', 'ObjectLockConfiguration.ObjectLockEnabled', 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'ObjectLockConfiguration.Rule.DefaultRetention.Days|remove,lower'],
  },
  info: 'The trail does not validate log files, or its bucket is not in this template with Object Lock in COMPLIANCE mode and a default retention.',
  explanation: 'DESIGN.md: audit logs in write-once storage (S3 Object Lock) with integrity validation. GOVERNANCE mode can be lifted by a privileged user; COMPLIANCE cannot.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-3', 'HIPAA-164.312(b)', 'HIPAA-164.312(c)(1)', 'SOC2-CC7.2', 'GDPR-Art.5(1)(f)'],
  check(resource, context) {
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
    const b = bucket.resource.Properties ?? {};
    const retention = b.ObjectLockConfiguration?.Rule?.DefaultRetention;
    if (!isTrue(b.ObjectLockEnabled) || b.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') {
      problems.push(`ObjectLock::${bucket.logicalId}`);
    } else if (retention?.Mode !== 'COMPLIANCE' || !(Number(retention.Days) > 0 || Number(retention.Years) > 0)) {
      problems.push(`ObjectLockRetention::${bucket.logicalId}`);
    }
    return findings(problems);
  },
};
