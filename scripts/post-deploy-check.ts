/**
 * The deployed-platform check, for a platform team with an account (docs/assurance.md): after deploying at least two
 * tenants, it proves in the account what the gate proved on the templates:
 *   - tenant A's runtime role can use none of tenant B's key, objects, bucket or table (IAM's policy simulator, with
 *     B's key and bucket policies), while it can use its own (so a denial means something);
 *   - the API completes no TLS 1.2 handshake, and does complete a TLS 1.3 one;
 *   - the health check answers a status per component and nothing else.
 * Never run in this repository's CI (no AWS account): type-checked here, its decisions tested
 * (test/tooling/post-deploy-checks.test.ts).
 *
 *   npx tsx scripts/post-deploy-check.ts --tenants acme,globex --api https://<api host>/<stage> [--region eu-west-1]
 *
 * Needs: cloudformation:DescribeStackResources on the tenant stacks, kms:GetKeyPolicy on their keys,
 * s3:GetBucketPolicy on their buckets, iam:SimulatePrincipalPolicy on their runtime roles. Exit 0: all proved.
 */
import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { parseArgs } from 'node:util';
import { PUBLIC_ROUTES } from '../lib/config/public-routes';
import { STACK_NAMES } from '../lib/naming';
import { DeployedTenant, isolationSimulations, judgeHealth, judgeSimulation, judgeTls, pickTenantResources } from './post-deploy/checks';
import { get, handshake } from './post-deploy/probes';

/** ARNs in one account and region; IAM and S3 ARNs carry neither region nor (S3) account. */
interface Arns {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

async function deployedTenant(tenantId: string, clients: { cfn: CloudFormationClient; kms: KMSClient; s3: S3Client }, at: Arns): Promise<DeployedTenant> {
  const { partition, region, account } = at;
  const { StackResources = [] } = await clients.cfn.send(new DescribeStackResourcesCommand({ StackName: STACK_NAMES.tenant(tenantId) }));
  const ids = pickTenantResources(StackResources);
  const keyArn = `arn:${partition}:kms:${region}:${account}:key/${ids.key}`;
  const { Policy: keyPolicy } = await clients.kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  const bucketPolicy = await clients.s3.send(new GetBucketPolicyCommand({ Bucket: ids.bucket })).then((r) => r.Policy);
  return {
    tenantId,
    runtimeRoleArn: `arn:${partition}:iam::${account}:role/${ids.runtimeRole}`,
    keyArn,
    keyPolicy: keyPolicy!,
    bucketArn: `arn:${partition}:s3:::${ids.bucket}`,
    ...(bucketPolicy ? { bucketPolicy } : {}),
    tableArn: `arn:${partition}:dynamodb:${region}:${account}:table/${ids.table}`,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { tenants: { type: 'string' }, api: { type: 'string' }, region: { type: 'string' }, account: { type: 'string' }, partition: { type: 'string', default: 'aws' } } });
  const tenantIds = (values.tenants ?? '').split(',').filter(Boolean);
  if (tenantIds.length < 2 || !values.api || !values.account) {
    console.error('usage: post-deploy-check.ts --tenants <a>,<b>[,...] --api https://<host>/<stage> --account <id> [--region <r>] [--partition aws]');
    return 2;
  }
  const region = values.region ?? process.env.AWS_REGION;
  const clients = { cfn: new CloudFormationClient({ region }), kms: new KMSClient({ region }), s3: new S3Client({ region }) };
  const iam = new IAMClient({ region });
  const at: Arns = { partition: values.partition!, region: region ?? (await clients.cfn.config.region()), account: values.account };
  const problems: string[] = [];

  const tenants = await Promise.all(tenantIds.map((id) => deployedTenant(id, clients, at)));
  const sims = isolationSimulations(tenants);
  for (const sim of sims) {
    const answer = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: sim.policySourceArn, ActionNames: [...sim.actions], ResourceArns: [sim.resourceArn], ...(sim.resourcePolicy ? { ResourcePolicy: sim.resourcePolicy } : {}) }),
    );
    problems.push(...judgeSimulation(sim, (answer.EvaluationResults ?? []).map((r) => ({ action: r.EvalActionName ?? '', decision: r.EvalDecision ?? '' }))));
  }
  console.log(`isolation: ${sims.length} simulations over ${tenants.length} tenants`);

  const api = new URL(values.api);
  problems.push(...judgeTls({ tls12: await handshake(api, 'TLSv1.2'), tls13: await handshake(api, 'TLSv1.3') }));
  const healthPath = PUBLIC_ROUTES.find((r) => r.path.startsWith('/health'))!.path;
  const health = await get(new URL(`${api.pathname.replace(/\/$/, '')}${healthPath}`, api));
  problems.push(...judgeHealth(health.status, health.headers, health.body));

  for (const problem of problems) {
    console.error(`FAIL ${problem}`);
  }
  console.log(problems.length === 0 ? 'post-deploy check: every property proved' : `post-deploy check: ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`post-deploy check could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
