/**
 * The post-deploy checks' decisions, with no AWS call in them: which tenant resources to find in a stack, which
 * IAM simulations prove two tenants isolated, and what a simulation, a TLS probe and a health-check answer mean.
 * scripts/post-deploy-check.ts makes the calls; test/tooling/post-deploy-checks.test.ts tests these.
 */

/** A tenant stack's resources the checks need, by logical id (the tenant stack's pinned construct ids). */
export const TENANT_RESOURCES = {
  runtimeRole: { type: 'AWS::IAM::Role', logicalId: /^RuntimeRole[0-9A-F]{8}$/ },
  key: { type: 'AWS::KMS::Key', logicalId: /^Key[0-9A-F]{8}$/ },
  bucket: { type: 'AWS::S3::Bucket', logicalId: /^Bucket[0-9A-F]{8}$/ },
  table: { type: 'AWS::DynamoDB::Table', logicalId: /^Table[0-9A-F]{8}$/ },
} as const;

export type TenantResourceName = keyof typeof TENANT_RESOURCES;

/** One tenant as deployed: ARNs, and the resource policies a simulation must include. */
export interface DeployedTenant {
  readonly tenantId: string;
  readonly runtimeRoleArn: string;
  readonly keyArn: string;
  readonly keyPolicy: string;
  readonly bucketArn: string;
  readonly bucketPolicy?: string;
  readonly tableArn: string;
}

/** Picks each needed resource's physical id out of a stack's resources; names what is missing or ambiguous. */
export function pickTenantResources(resources: readonly { LogicalResourceId?: string; ResourceType?: string; PhysicalResourceId?: string }[]): Record<TenantResourceName, string> {
  const picked: Partial<Record<TenantResourceName, string>> = {};
  for (const [name, want] of Object.entries(TENANT_RESOURCES) as [TenantResourceName, (typeof TENANT_RESOURCES)[TenantResourceName]][]) {
    const found = resources.filter((r) => r.ResourceType === want.type && want.logicalId.test(r.LogicalResourceId ?? '') && r.PhysicalResourceId);
    if (found.length !== 1) {
      throw new Error(`the stack has ${found.length} ${want.type} resources matching ${want.logicalId} (${name}); expected exactly one`);
    }
    picked[name] = found[0].PhysicalResourceId!;
  }
  return picked as Record<TenantResourceName, string>;
}

export interface Simulation {
  readonly name: string;
  readonly policySourceArn: string;
  readonly actions: readonly string[];
  readonly resourceArn: string;
  readonly resourcePolicy?: string;
  /** `denied`: every action must be denied; `allowed`: every action must be allowed (the simulation is meaningful). */
  readonly expect: 'denied' | 'allowed';
}

const PROBE_OBJECT = 'post-deploy-check/probe';

/** What a tenant's runtime may do to its own data: the grants the tenant stack gives it (a positive control). */
const OWN = {
  key: ['kms:Decrypt', 'kms:GenerateDataKey'],
  objects: ['s3:GetObject', 's3:PutObject'],
  table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
};
/** What must be refused on another tenant's data: every use that could read, write or destroy it. */
const FOREIGN = {
  key: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:CreateGrant'],
  objects: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectVersion'],
  bucket: ['s3:ListBucket', 's3:ListBucketVersions', 's3:PutBucketPolicy'],
  table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:ExportTableToPointInTime'],
};

/**
 * For every ordered pair of tenants (A, B): A's runtime role against B's key, objects, bucket and table, each with
 * B's resource policy, must be denied; and A against its own data must be allowed, so a denial is not the
 * simulation's failure to see anything.
 */
export function isolationSimulations(tenants: readonly DeployedTenant[]): Simulation[] {
  const sims: Simulation[] = [];
  for (const a of tenants) {
    sims.push(
      { name: `${a.tenantId} uses its own key`, policySourceArn: a.runtimeRoleArn, actions: OWN.key, resourceArn: a.keyArn, resourcePolicy: a.keyPolicy, expect: 'allowed' },
      { name: `${a.tenantId} reads and writes its own objects`, policySourceArn: a.runtimeRoleArn, actions: OWN.objects, resourceArn: `${a.bucketArn}/${PROBE_OBJECT}`, resourcePolicy: a.bucketPolicy, expect: 'allowed' },
      { name: `${a.tenantId} reads and writes its own table`, policySourceArn: a.runtimeRoleArn, actions: OWN.table, resourceArn: a.tableArn, expect: 'allowed' },
    );
    for (const b of tenants.filter((t) => t.tenantId !== a.tenantId)) {
      const who = `${a.tenantId} -> ${b.tenantId}`;
      sims.push(
        { name: `${who}: key`, policySourceArn: a.runtimeRoleArn, actions: FOREIGN.key, resourceArn: b.keyArn, resourcePolicy: b.keyPolicy, expect: 'denied' },
        { name: `${who}: objects`, policySourceArn: a.runtimeRoleArn, actions: FOREIGN.objects, resourceArn: `${b.bucketArn}/${PROBE_OBJECT}`, resourcePolicy: b.bucketPolicy, expect: 'denied' },
        { name: `${who}: bucket`, policySourceArn: a.runtimeRoleArn, actions: FOREIGN.bucket, resourceArn: b.bucketArn, resourcePolicy: b.bucketPolicy, expect: 'denied' },
        { name: `${who}: table`, policySourceArn: a.runtimeRoleArn, actions: FOREIGN.table, resourceArn: b.tableArn, expect: 'denied' },
      );
    }
  }
  return sims;
}

/** IAM's answer for one action: `allowed`, `explicitDeny` or `implicitDeny`. */
export interface Decision {
  readonly action: string;
  readonly decision: string;
}

/** The problems of one simulation's answer: an action with the wrong decision, or an action IAM did not answer for. */
export function judgeSimulation(sim: Simulation, decisions: readonly Decision[]): string[] {
  return sim.actions.flatMap((action) => {
    const got = decisions.filter((d) => d.action === action).map((d) => d.decision);
    if (got.length === 0) {
      return [`${sim.name}: ${action} not evaluated`];
    }
    const ok = sim.expect === 'allowed' ? got.every((d) => d === 'allowed') : got.every((d) => d === 'explicitDeny' || d === 'implicitDeny');
    return ok ? [] : [`${sim.name}: ${action} is ${got.join('/')}, expected ${sim.expect}`];
  });
}

/** The API's TLS as probed: whether a TLS 1.2-only and a TLS 1.3 handshake completed. */
export interface TlsProbe {
  readonly tls12: 'accepted' | 'refused';
  readonly tls13: 'accepted' | 'refused';
}

export function judgeTls(probe: TlsProbe): string[] {
  return [...(probe.tls12 === 'accepted' ? ['the API accepted a TLS 1.2 handshake (DATA-2: TLS 1.3 only)'] : []), ...(probe.tls13 === 'refused' ? ['the API refused TLS 1.3: the probe proved nothing'] : [])];
}

/** Headers that would tell a caller what runs behind the API. */
const REVEALING_HEADERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-amzn-remapped-server'];

/** The health check may say a status per component and nothing else: no versions, hosts, errors or identifiers. */
export function judgeHealth(status: number, headers: Readonly<Record<string, string | undefined>>, body: string): string[] {
  const problems: string[] = [];
  if (status !== 200 && status !== 503) {
    problems.push(`the health check answered ${status}, expected 200 or 503`);
  }
  for (const name of REVEALING_HEADERS) {
    if (headers[name] !== undefined && /\d/.test(headers[name]!)) {
      problems.push(`the health check's ${name} header names a version: ${headers[name]}`);
    }
  }
  let report: any;
  try {
    report = JSON.parse(body);
  } catch {
    return [...problems, 'the health check body is not JSON'];
  }
  const keys = report !== null && typeof report === 'object' && !Array.isArray(report) ? Object.keys(report).sort() : [];
  const components = keys.includes('components') && report.components !== null && typeof report.components === 'object' ? Object.values(report.components) : [undefined];
  if (keys.join(',') !== 'components,status' || !['ok', 'degraded'].includes(report.status) || !components.every((c) => c === 'ok' || c === 'degraded')) {
    problems.push(`the health check reveals more than a status per component: ${body.slice(0, 200)}`);
  }
  return problems;
}
