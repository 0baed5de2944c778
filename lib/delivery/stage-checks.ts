/**
 * The checks around every deploying stage of the delivery pipeline: a drift check before (per account and region the
 * stage deploys into) and a health check after (per region: each region's control plane has its own alarms).
 */
import { Aws, DefaultStackSynthesizer } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { NETWORK_PROOF_RUNNER } from '../config/network-proof-plan';
import { PLATFORM_ALARMS } from '../config/alarm-plan';
import { PRIVATE_ADMIN_TRAFFIC_ALARM } from '../config/private-admin-api-plan';
import { PlatformConfig } from '../config/platform-config';
import { PLATFORM_PREFIX } from '../naming';

/** The pipeline's name, its log group prefix and its topic's name. */
export const DELIVERY_NAMES = {
  pipeline: `${PLATFORM_PREFIX}-delivery`,
  logGroupPrefix: `/${PLATFORM_PREFIX}/delivery/`,
  topic: `${PLATFORM_PREFIX}-delivery`,
  keyAlias: `alias/${PLATFORM_PREFIX}/delivery`,
  /** The pipeline variable an operator sets when starting an execution to accept named stacks' drift. */
  acceptDriftVariable: 'acceptDrift',
} as const;

/** How long a stage's health check waits for the alarms to see the new deployment (host boots, first heartbeats). */
export const BAKE_SECONDS = 300;

/**
 * The platform alarms a stage must leave quiet: the control plane's health signals that this configuration builds
 * (the API's with an identity provider, the private admin API's with one, the sidecar's with a sidecar), not the CIS change alarms a deploy itself trips.
 * The health check requires each to exist.
 */
export function waveHealthAlarms(config: PlatformConfig): string[] {
  const { failedAuthentication, tamperDetected, unauthenticatedHeartbeats, apiTraffic, sidecarReleaseTampered, sidecarReleaseUnavailable } = PLATFORM_ALARMS;
  const edge = config.controlPlane.identityProvider ? [failedAuthentication, tamperDetected, unauthenticatedHeartbeats, apiTraffic] : [];
  const privateAdmin = config.controlPlane.identityProvider && config.controlPlane.privateAdminApi ? [PRIVATE_ADMIN_TRAFFIC_ALARM] : [];
  const sidecar = config.sidecar ? [sidecarReleaseTampered, sidecarReleaseUnavailable] : [];
  return [...edge, ...privateAdmin, ...sidecar].map((a) => `${PLATFORM_PREFIX}-${a.id}`);
}

/** Where a check runs: an account and region the stage deploys into. */
export interface CheckTarget {
  readonly account: string;
  readonly region: string;
}

/**
 * A check's step name: the stage's name in the platform's own account and home region (as before regions), suffixed
 * with the account and/or the region elsewhere (step names are unique in a pipeline).
 */
export function checkName(stage: string, target: CheckTarget, home: CheckTarget): string {
  return [stage, ...(target.account !== home.account ? [target.account] : []), ...(target.region !== home.region ? [target.region] : [])].join('-');
}

/** The CDK bootstrap's read-only lookup role of an environment (ReadOnlyAccess; trusted by the pipeline's account). */
function lookupRoleArn(account: string, region: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-lookup-role-${account}-${region}`;
}

function assumeLookupRole(account: string, region: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [lookupRoleArn(account, region)] });
}

/**
 * Before a stage deploys: CloudFormation drift detection on each of its stacks, in the target environment through the
 * lookup role; a drifted stack stops the pipeline unless the execution was started with it in `acceptDrift`.
 */
export function driftCheck(source: pipelines.IFileSetProducer, name: string, account: string, region: string, stackNames: readonly string[]): pipelines.CodeBuildStep {
  return new pipelines.CodeBuildStep(`${name}-DriftCheck`, {
    input: source,
    commands: [`bash scripts/delivery/drift-check.sh ${account} ${region} ${stackNames.join(' ')}`],
    env: { ACCEPT_DRIFT: `#{variables.${DELIVERY_NAMES.acceptDriftVariable}}` },
    rolePolicyStatements: [assumeLookupRole(account, region)],
  });
}

/**
 * After a stage deploys: none of the platform's health alarms may be in ALARM; then, with network proofs on, the
 * account's runner is started (its findings go to the security topic; the pipeline does not wait for them).
 */
export function healthCheck(source: pipelines.IFileSetProducer, name: string, account: string, region: string, alarms: readonly string[], networkProofs: boolean): pipelines.CodeBuildStep {
  const runnerArn = `arn:${Aws.PARTITION}:states:${region}:${account}:stateMachine:${NETWORK_PROOF_RUNNER.name}`;
  return new pipelines.CodeBuildStep(`${name}-HealthCheck`, {
    input: source,
    commands: [
      alarms.length > 0 ? `bash scripts/delivery/health-check.sh ${account} ${region} ${alarms.join(' ')}` : 'echo "no platform health alarm in this configuration (no identity provider, no sidecar)"',
      ...(networkProofs ? [`bash scripts/delivery/start-network-proofs.sh ${account} ${region} ${name} ${NETWORK_PROOF_RUNNER.name}`] : []),
    ],
    env: { BAKE_SECONDS: String(BAKE_SECONDS) },
    rolePolicyStatements: [assumeLookupRole(account, region), ...(networkProofs ? [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [runnerArn] })] : [])],
  });
}
