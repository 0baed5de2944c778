/**
 * The network proofs as data: each tenant's Network Access Analyzer scope (a positive model of who may reach into the
 * tenant's VPC) and the Step Functions definition that analyses every such scope and reports what it finds.
 * lib/detection builds them; the gate's NetworkProofsAsPlanned compares the synthesized ones with these.
 *
 * One scope per tenant proves the three promises of the design at once: it matches every path that ends in the
 * tenant's VPC, and excludes only paths that start in that VPC and the control plane's TCP 5678 to the runtime
 * subnets through the Transit Gateway. So another tenant's VPC (any path between tenants), the internet (any path to a
 * runtime host or anything else in the VPC), and the control plane on any other port or to any other subnet, are each
 * a finding. Resource statements follow the Network Access Analyzer guide: VPCs and subnets by id (source and
 * destination), the Transit Gateway attachment by type (through).
 */
import { PLATFORM_PREFIX, RUNTIME_PORT, TAG_KEYS } from '../naming';

/** The tag that marks a scope the runner analyses, and its value. */
export const NETWORK_PROOF_TAG = { key: `${PLATFORM_PREFIX}:network-proof`, value: 'tenant-ingress' } as const;

/** The runner's name and limits. */
export const NETWORK_PROOF_RUNNER = {
  name: `${PLATFORM_PREFIX}-network-proofs`,
  /** Scopes analysed at once (each analysis is billed per network interface it analyses; see docs/assurance.md). */
  maxConcurrency: 4,
  /** Seconds between two polls of a running analysis. */
  pollSeconds: 60,
  /** A run that has not finished in this time has failed. */
  timeoutHours: 6,
} as const;

/**
 * Everything the runner's role may do, and on what: read the network configuration Network Access Analyzer analyses
 * (its guide's required API permissions) and the scopes, deliver its log and traces (neither supports resource-level
 * permissions), and start analyses of scopes. Nothing else: NetworkProofsAsPlanned compares the role's policies.
 */
export const NETWORK_PROOF_PERMISSIONS = {
  anyResource: [
    'ec2:DescribeNetworkInsightsAccessScopes', 'ec2:DescribeNetworkInsightsAccessScopeAnalyses', 'ec2:GetNetworkInsightsAccessScopeContent',
    'ec2:Describe*', 'ec2:GetManagedPrefixListEntries', 'ec2:GetTransitGatewayRouteTablePropagations', 'ec2:SearchTransitGatewayRoutes',
    'elasticloadbalancing:Describe*', 'network-firewall:Describe*', 'network-firewall:List*',
    'resource-groups:ListGroupResources', 'tag:GetResources', 'tiros:CreateQuery', 'tiros:GetQueryAnswer', 'tiros:GetQueryExplanation',
    'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
    'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
    'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
  ],
  /** On the account's scopes and their analyses (ARNs of this account and region). */
  startAnalysis: ['ec2:StartNetworkInsightsAccessScopeAnalysis'],
} as const;

/** Default interval between two scheduled runs. */
export const DEFAULT_NETWORK_PROOF_INTERVAL_HOURS = 24;

/** The EventBridge schedule expression of a run every `hours` hours (whole days in days, as EventBridge documents). */
export function networkProofSchedule(hours: number): string {
  const [n, unit] = hours % 24 === 0 ? [hours / 24, 'day'] : [hours, 'hour'];
  return `rate(${n} ${unit}${n === 1 ? '' : 's'})`;
}

/** The EventBridge pattern of a run that did not succeed, for the runner's ARN. */
export function networkProofFailurePattern<T>(stateMachineArn: T) {
  return { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'], detail: { stateMachineArn: [stateMachineArn], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] } };
}

export interface TenantIngressScopeInputs<T> {
  /** The tenant VPC's id (a token or a template reference). */
  readonly vpcId: T;
  /** The runtime subnets' ids, in the order the VPC lists them. */
  readonly runtimeSubnetIds: readonly T[];
  /** The control-plane VPC CIDR. */
  readonly controlPlaneCidr: string;
}

/** A tenant's ingress scope as CloudFormation properties (`MatchPaths`, `ExcludePaths`). */
export function tenantIngressScope<T>(inputs: TenantIngressScopeInputs<T>) {
  const intoTenant = { ResourceStatement: { Resources: [inputs.vpcId] } };
  return {
    MatchPaths: [{ Destination: intoTenant }],
    ExcludePaths: [
      { Source: intoTenant },
      {
        Source: { PacketHeaderStatement: { SourceAddresses: [inputs.controlPlaneCidr] } },
        Destination: {
          ResourceStatement: { Resources: [...inputs.runtimeSubnetIds] },
          PacketHeaderStatement: { Protocols: ['tcp'], DestinationPorts: [String(RUNTIME_PORT)] },
        },
        ThroughResources: [{ ResourceStatement: { ResourceTypes: ['AWS::EC2::TransitGatewayAttachment'] } }],
      },
    ],
  };
}

const jsonata = (expression: string) => `{% ${expression} %}`;
const EC2 = (api: string) => `arn:aws:states:::aws-sdk:ec2:${api}`;
const THROTTLED = [{ ErrorEquals: ['Ec2.Ec2Exception', 'States.Timeout'], IntervalSeconds: 10, MaxAttempts: 6, BackoffRate: 2 }];
/** What a finished (or failed) analysis says, as the iteration's output: `proved` only for "succeeded, no findings". */
const VERDICT = {
  scopeId: jsonata('$scopeId'),
  analysisId: jsonata('$analysisId'),
  status: jsonata("$states.input.Status ? $states.input.Status : 'absent'"),
  findingsFound: jsonata("$states.input.FindingsFound ? $states.input.FindingsFound : 'absent'"),
  statusMessage: jsonata("$states.input.StatusMessage ? $states.input.StatusMessage : ''"),
  proved: jsonata("$states.input.Status = 'succeeded' and $states.input.FindingsFound = 'false'"),
};

/** One scope: start an analysis and poll it until it ends. Only "succeeded" with no findings proves the scope. */
function analyseOneScope() {
  return {
    StartAt: 'StartAnalysis',
    States: {
      StartAnalysis: {
        Type: 'Task',
        Resource: EC2('startNetworkInsightsAccessScopeAnalysis'),
        Arguments: { NetworkInsightsAccessScopeId: jsonata('$states.input') },
        Assign: { scopeId: jsonata('$states.input'), analysisId: jsonata('$states.result.NetworkInsightsAccessScopeAnalysis.NetworkInsightsAccessScopeAnalysisId') },
        Retry: THROTTLED,
        Next: 'WaitForAnalysis',
      },
      WaitForAnalysis: { Type: 'Wait', Seconds: NETWORK_PROOF_RUNNER.pollSeconds, Next: 'DescribeAnalysis' },
      DescribeAnalysis: {
        Type: 'Task',
        Resource: EC2('describeNetworkInsightsAccessScopeAnalyses'),
        Arguments: { NetworkInsightsAccessScopeAnalysisIds: [jsonata('$analysisId')] },
        Output: jsonata('$states.result.NetworkInsightsAccessScopeAnalyses[0]'),
        Retry: THROTTLED,
        Next: 'StillRunning',
      },
      StillRunning: { Type: 'Choice', Choices: [{ Condition: jsonata("$states.input.Status = 'running'"), Next: 'WaitForAnalysis' }], Default: 'Verdict' },
      Verdict: { Type: 'Pass', Output: VERDICT, End: true },
    },
  };
}

/**
 * The runner's state machine (JSONata): list every scope carrying NETWORK_PROOF_TAG (all pages); fail, naming them,
 * when a planned tenant has no scope (deleted, or its tag removed: a tenant nobody analyses is not proved); analyse
 * the scopes `maxConcurrency` at a time, and fail the run, naming each scope and analysis, unless every one was
 * proved. A run with findings, a run that broke (permissions, throttling, the timeout) and a missing scope end the
 * same way: a failed execution, which the account baseline routes to the security topic.
 */
export function networkProofDefinition(plannedTenantIds: readonly string[]) {
  const tag = NETWORK_PROOF_TAG;
  const tenantOf = `Tags[Key = '${TAG_KEYS.tenant}'].Value`;
  return {
    Comment: 'Tenant baseline: analyses every tenant ingress scope (Network Access Analyzer) and reports any path the platform does not allow',
    QueryLanguage: 'JSONata',
    TimeoutSeconds: NETWORK_PROOF_RUNNER.timeoutHours * 3600,
    StartAt: 'Begin',
    States: {
      Begin: { Type: 'Pass', Assign: { scopes: [], nextToken: '', planned: [...plannedTenantIds] }, Next: 'ListScopes' },
      ListScopes: {
        Type: 'Task',
        Resource: EC2('describeNetworkInsightsAccessScopes'),
        Arguments: jsonata("$nextToken = '' ? {'MaxResults': 100} : {'MaxResults': 100, 'NextToken': $nextToken}"),
        Assign: {
          scopes: jsonata(`$append($scopes, $states.result.NetworkInsightsAccessScopes[Tags[Key = '${tag.key}' and Value = '${tag.value}']].{'id': NetworkInsightsAccessScopeId, 'tenant': ${tenantOf}})`),
          nextToken: jsonata("$exists($states.result.NextToken) ? $states.result.NextToken : ''"),
        },
        Retry: THROTTLED,
        Next: 'MorePages',
      },
      MorePages: { Type: 'Choice', Choices: [{ Condition: jsonata("$nextToken != ''"), Next: 'ListScopes' }], Default: 'EveryTenantHasScope' },
      EveryTenantHasScope: { Type: 'Choice', Choices: [{ Condition: jsonata('$count($planned[$not($ in $scopes.tenant)]) > 0'), Next: 'ScopesMissing' }], Default: 'AnalyseScopes' },
      ScopesMissing: { Type: 'Fail', Error: 'NetworkProofScopesMissing', Cause: jsonata("'No ingress scope for tenants: ' & $join($planned[$not($ in $scopes.tenant)], ', ')") },
      AnalyseScopes: {
        Type: 'Map',
        Items: jsonata('$scopes.id'),
        MaxConcurrency: NETWORK_PROOF_RUNNER.maxConcurrency,
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...analyseOneScope() },
        Next: 'Outcome',
      },
      Outcome: {
        Type: 'Choice',
        Choices: [{ Condition: jsonata('$count($states.input[proved = false]) > 0'), Next: 'NotProved' }],
        Default: 'AllProved',
      },
      // The cause names every scope not proved and its analysis (whose findings the console and the API show).
      NotProved: { Type: 'Fail', Error: 'NetworkProofFailed', Cause: jsonata('$substring($string($states.input[proved = false]), 0, 30000)') },
      AllProved: { Type: 'Succeed' },
    },
  };
}
