import { NagMessageLevel } from 'cdk-nag';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, isTrue, referencedResource, text } from './template';
import { plannedReplicationStore } from '../../config/delivery-replication-plan';

const json = (v: unknown) => JSON.stringify(v ?? null);

/** Whether `value` is `Fn::GetAtt [<key>, Arn]` of a KMS key of this template. */
function isOwnKeyArn(context: RuleContext, value: unknown): boolean {
  const getAtt = (value as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' && context.template.Resources?.[String(getAtt[0])]?.Type === 'AWS::KMS::Key';
}

function pipelineProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  if (p.PipelineType !== 'V2') {
    problems.push(`PipelineType::${json(p.PipelineType)}`);
  }
  // One artifact store, in a bucket of this stack, under a key of this stack (never the AWS managed S3 key); with
  // additional regions, each of them its own replication store (replicationStoreProblems).
  const home = context.topology.config.placement.region;
  const regional = p.ArtifactStores !== undefined ? asList<any>(p.ArtifactStores) : [{ ArtifactStore: p.ArtifactStore }];
  problems.push(...replicationStoreProblems(regional.filter((s) => p.ArtifactStores !== undefined && s?.Region !== home), context));
  const stores = regional.filter((s) => p.ArtifactStores === undefined || s?.Region === home).map((s) => s?.ArtifactStore);
  stores.forEach((store, i) => {
    // The bucket must be one of the stack's, encrypted under the very key the store names (not the SSE-S3 log bucket).
    const bucket = referencedResource(context.template, store?.Location)?.resource;
    const bucketKey = asList<any>(bucket?.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration)[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
    if (store?.Type !== 'S3' || bucket?.Type !== 'AWS::S3::Bucket' || json(bucketKey) !== json(store?.EncryptionKey?.Id)) {
      problems.push(`ArtifactStore[${i}].Location::${json(store?.Location)}`);
    }
    if (store?.EncryptionKey?.Type !== 'KMS' || !isOwnKeyArn(context, store?.EncryptionKey?.Id)) {
      problems.push(`ArtifactStore[${i}].EncryptionKey::${json(store?.EncryptionKey)}`);
    }
  });
  if (stores.length === 0) {
    problems.push('ArtifactStore::none');
  }
  problems.push(...sourceAndSynthProblems(p, context));
  return problems;
}

/**
 * The artifact stores of the other regions: exactly one per additional region of the platform (the plan beside the home
 * region's), each the platform's replication store there by its fixed bucket name and key alias
 * (lib/config/delivery-replication-plan.ts), never a bucket or key of CodePipeline's support stacks or of anyone else.
 */
function replicationStoreProblems(stores: readonly any[], context: RuleContext): string[] {
  const planned = [...(context.topology.otherRegions?.keys() ?? [])];
  const problems: string[] = [];
  const regions = stores.map((s) => text(s?.Region));
  for (const region of regions.filter((r, i) => !planned.includes(r) || regions.indexOf(r) !== i)) {
    problems.push(`ArtifactStores::Region::${region}`);
  }
  for (const region of planned.filter((r) => !regions.includes(r))) {
    problems.push(`ArtifactStores::missing::${region}`);
  }
  for (const s of stores.filter((x) => planned.includes(text(x?.Region)))) {
    const plan = plannedReplicationStore(text(s.Region));
    const store = s.ArtifactStore;
    if (store?.Type !== 'S3' || text(store?.Location) !== plan.location) {
      problems.push(`ArtifactStores::${text(s.Region)}::Location::${text(store?.Location)}`);
    }
    // A pinned stack renders the partition of its region (`arn:aws:`) where an agnostic one has the pseudo-parameter.
    const keyArn = text(store?.EncryptionKey?.Id).replace(/^arn:aws(-cn|-us-gov)?:/, 'arn:${AWS::Partition}:');
    if (store?.EncryptionKey?.Type !== 'KMS' || keyArn !== plan.keyArn) {
      problems.push(`ArtifactStores::${text(s.Region)}::EncryptionKey::${json(store?.EncryptionKey)}`);
    }
  }
  return problems;
}

/**
 * The pipeline builds what the configuration says (its connection, repository and branch) and its synth runs the
 * tests and the whole gate: a pipeline that builds another branch, or deploys without `npm run compliance`, deploys
 * what nobody judged.
 */
function sourceAndSynthProblems(p: Record<string, any>, context: RuleContext): string[] {
  const delivery = context.topology.config.delivery;
  const stages = asList<any>(p.Stages);
  const problems: string[] = [];
  const source = asList<any>(stages.find((st) => st?.Name === 'Source')?.Actions);
  const planned = delivery ? { ConnectionArn: delivery.source.connectionArn, FullRepositoryId: delivery.source.repository, BranchName: delivery.source.branch } : undefined;
  if (source.length !== 1 || source[0]?.ActionTypeId?.Provider !== 'CodeStarSourceConnection' || !planned || Object.entries(planned).some(([k, v]) => source[0]?.Configuration?.[k] !== v)) {
    problems.push(`Source::${json(source.map((a) => a?.Configuration))}`);
  }
  const build = asList<any>(stages.find((st) => st?.Name === 'Build')?.Actions);
  const project = build.length === 1 ? referencedResource(context.template, build[0]?.Configuration?.ProjectName)?.resource : undefined;
  let spec: any;
  try {
    spec = JSON.parse(String(project?.Properties?.Source?.BuildSpec));
  } catch {
    spec = undefined;
  }
  const install = spec?.phases?.install?.commands;
  const commands = spec?.phases?.build?.commands;
  const synthRuns = json(install) === json(['npm ci']) && Array.isArray(commands) && commands.length === 2 && commands[0] === 'npm test' && /^npm run compliance -- -c config=[A-Za-z0-9._\/-]+$/.test(String(commands[1]));
  if (!synthRuns) {
    problems.push(`Synth::${json({ install, build: commands })}`);
  }
  return problems;
}

function projectProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const problems: string[] = [];
  if (isTrue(p.Environment?.PrivilegedMode)) {
    problems.push('PrivilegedMode::true');
  }
  if (!isOwnKeyArn(context, p.EncryptionKey)) {
    problems.push(`EncryptionKey::${json(p.EncryptionKey)}`);
  }
  const cloudWatch = p.LogsConfig?.CloudWatchLogs;
  const group = referencedResource(context.template, cloudWatch?.GroupName);
  if (cloudWatch?.Status !== 'ENABLED' || group?.resource.Type !== 'AWS::Logs::LogGroup') {
    problems.push(`LogsConfig.CloudWatchLogs::${json(cloudWatch)}`);
  }
  const s3Logs = p.LogsConfig?.S3Logs;
  if (s3Logs !== undefined && s3Logs.Status !== 'DISABLED') {
    problems.push(`LogsConfig.S3Logs::${json(s3Logs)}`);
  }
  if (p.Source?.Type !== 'CODEPIPELINE' || p.Source?.Auth !== undefined) {
    problems.push(`Source::${text(p.Source?.Type)}`);
  }
  return problems;
}

/**
 * The delivery pipeline is what the plan says: a CodePipeline V2 that builds the configured repository and branch
 * through the configured connection, whose synth runs `npm ci`, `npm test` and `npm run compliance`, whose artifacts
 * are in a bucket of its own stack
 * encrypted under the same key of its own stack that the store names, and CodeBuild projects that run unprivileged (no Docker daemon, no host access), encrypt
 * their artifacts under that key, log to a log group of the stack (the CMK and retention rules judge the group), keep
 * no S3 logs elsewhere, and take their source only from the pipeline (no repository credentials of their own).
 */
export const DeliveryPipelineAsPlanned: TemplateRule = {
  id: 'DeliveryPipelineAsPlanned',
  resourceTypes: ['AWS::CodePipeline::Pipeline', 'AWS::CodeBuild::Project'],
  judges: {
    'AWS::CodePipeline::Pipeline': [
      'PipelineType', 'ArtifactStore.Type', 'ArtifactStore.Location', 'ArtifactStore.EncryptionKey.Type', 'ArtifactStore.EncryptionKey.Id',
      'ArtifactStores.*.Region', 'ArtifactStores.*.ArtifactStore.Type', 'ArtifactStores.*.ArtifactStore.Location', 'ArtifactStores.*.ArtifactStore.EncryptionKey.Type', 'ArtifactStores.*.ArtifactStore.EncryptionKey.Id',
    ],
    'AWS::CodeBuild::Project': ['Environment.PrivilegedMode', 'EncryptionKey', 'LogsConfig.CloudWatchLogs.Status', 'LogsConfig.CloudWatchLogs.GroupName', 'Source.Type'],
  },
  info: 'The delivery pipeline differs from the plan: not V2, artifacts outside its own bucket and key, or a build that is privileged, unencrypted, logs elsewhere, or has a source of its own.',
  explanation: 'The pipeline deploys every stack of the platform with the deploy role: a privileged build, an artifact under a key the platform does not own, or a build with its own repository credentials is a way around the gate into every tenant.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC8.1', 'SOC2-CC6.1'],
  check(resource, context) {
    if (context.role.kind !== 'delivery') {
      return NOT_APPLICABLE;
    }
    return findings(resource.Type === 'AWS::CodePipeline::Pipeline' ? pipelineProblems(resource, context) : projectProblems(resource, context));
  },
};
