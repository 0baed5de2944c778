import { NagMessageLevel } from 'cdk-nag';
import { SidecarConfig } from '../../config/types';
import { EMPTY_LINUX_USER_DATA, sidecarBootScript } from '../../config/sidecar-boot-script';
import { SIDECAR_PARAMETERS } from '../../../contracts/ssm-parameters';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, isSymmetricKeyOfTemplate, isTrue, referencedId, text } from './template';

/** Whether this bucket is the one the template publishes as the release bucket. */
function isReleaseBucket(context: RuleContext): boolean {
  return Object.values(context.template.Resources ?? {}).some(
    (r) => r.Type === 'AWS::SSM::Parameter' && text(r.Properties?.Name) === SIDECAR_PARAMETERS.releaseBucket && referencedId(r.Properties?.Value) === context.logicalId,
  );
}

/** The release bucket as planned: Object Lock in compliance mode for the planned days, versioned, under a key of this template. */
function bucketProblems(resource: TemplateResource, context: RuleContext, sidecar: SidecarConfig): string[] {
  const b = resource.Properties ?? {};
  const retention = b.ObjectLockConfiguration?.Rule?.DefaultRetention;
  const problems: string[] = [];
  if (!isTrue(b.ObjectLockEnabled) || b.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled' || retention?.Mode !== 'COMPLIANCE') {
    problems.push(`ObjectLock::${text(retention?.Mode ?? 'unset')}`);
  } else if (Number(retention.Days) !== sidecar.retentionDays || retention.Years !== undefined) {
    problems.push(`ObjectLockDays::${text(retention.Days ?? retention.Years)}::planned-${sidecar.retentionDays}`);
  }
  if (b.VersioningConfiguration?.Status !== 'Enabled') {
    problems.push(`Versioning::${text(b.VersioningConfiguration?.Status ?? 'unset')}`);
  }
  const sse = asList<any>(b.BucketEncryption?.ServerSideEncryptionConfiguration)[0]?.ServerSideEncryptionByDefault;
  if (sse?.SSEAlgorithm !== 'aws:kms' || !isSymmetricKeyOfTemplate(context.template, sse?.KMSMasterKeyID)) {
    problems.push('Encryption');
  }
  return problems;
}

/** A tenant's launch template runs exactly the planned start-up script: the sidecar check when configured, nothing otherwise. */
function userDataProblems(resource: TemplateResource, context: RuleContext, sidecar: SidecarConfig | undefined): string[] {
  if (context.role.kind !== 'tenant') {
    return [];
  }
  const userData = resource.Properties?.LaunchTemplateData?.UserData;
  const script = typeof userData === 'string' ? Buffer.from(userData, 'base64').toString('utf8') : userData?.['Fn::Base64'];
  if (!sidecar) {
    // CDK renders an empty Linux user data (the interpreter line alone) for a launch template with an image.
    return userData === undefined || script === EMPTY_LINUX_USER_DATA ? [] : ['UserData::unplanned'];
  }
  const planned = sidecarBootScript({ tenantId: context.role.tenantId, release: sidecar.active });
  return script === planned ? [] : [`UserData::${userData === undefined ? 'unset' : 'differs-from-plan'}`];
}

/**
 * The metering sidecar's releases as planned (seed 001: the sidecar binaries are protected, and the host verifies the
 * binary's hash): the release bucket (the one the control plane publishes in SSM; SsmParametersAsPlanned judges the
 * parameters and their hashes) keeps Object Lock in compliance mode for the configured days, versioning and a key of
 * its own template; every tenant's launch template runs exactly the planned start-up script for the active release,
 * and none at all when no sidecar is configured. An unlocked bucket or an edited boot script is a finding.
 */
export const SidecarReleasesAsPlanned: TemplateRule = {
  id: 'SidecarReleasesAsPlanned',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::EC2::LaunchTemplate'],
  judges: {
    'AWS::EC2::LaunchTemplate': ['LaunchTemplateData.UserData'],
    // Only the release bucket and the audit bucket have Object Lock; AuditTrailObjectLock judges the same changes of the latter.
    'AWS::S3::Bucket': ['ObjectLockEnabled', 'ObjectLockConfiguration.ObjectLockEnabled', 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'ObjectLockConfiguration.Rule.DefaultRetention.Days|remove,lower'],
  },
  info: 'The sidecar release bucket lost its Object Lock, versioning or key, or a runtime host\'s start-up script differs from the plan.',
  explanation: 'Seed 001: the metering sidecar binaries are protected and each host verifies the binary\'s hash before it runs it.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-3', 'RUN-2', 'SOC2-CC6.1', 'SOC2-CC7.2', 'SOC2-CC8.1'],
  check(resource, context) {
    if (context.role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    const sidecar = context.topology.config.sidecar;
    if (resource.Type === 'AWS::EC2::LaunchTemplate') {
      return findings(userDataProblems(resource, context, sidecar));
    }
    return sidecar && context.role.kind === 'control-plane' && isReleaseBucket(context) ? findings(bucketProblems(resource, context, sidecar)) : NOT_APPLICABLE;
  },
};
