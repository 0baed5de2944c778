import { BASELINE_ANCHOR_TYPES, isBaselineAnchor } from './baseline-anchor';
import { NagMessageLevel } from 'cdk-nag';
import { ALERT_TIERS, ROUTE_TIERS } from '../../config/alert-tiers';
import { NETWORK_PROOF_PERMISSIONS, NETWORK_PROOF_RUNNER, NETWORK_PROOF_TAG, networkProofDefinition, networkProofFailurePattern, networkProofSchedule, tenantIngressScope } from '../../config/network-proof-plan';
import { canonicalize } from '../../../contracts/canonical-json';
import { TAG_KEYS } from '../../naming';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { remembered, resourcesOfType } from './memo';
import { subnetReach } from './subnets';
import { asList, placedAccount, referencedId, referencedResource, text } from './template';
import { tenantsInAccount } from '../topology';

const json = (v: unknown) => JSON.stringify(v ?? null);
/** Equal as JSON whatever the key order (RFC 8785); a value JSON cannot carry is never equal. */
function same(a: unknown, b: unknown): boolean {
  try {
    return canonicalize(a ?? null) === canonicalize(b ?? null);
  } catch {
    return false;
  }
}
const ref = (logicalId: string) => ({ Ref: logicalId });

const ofType = resourcesOfType;

/** The tenant's scope as the plan draws it from this template's VPC and runtime (NAT-egress) subnets, subnets sorted. */
function plannedScope(context: RuleContext, tenantCidr: string) {
  return remembered(context, `network proof scope ${tenantCidr}`, () => scopeOf(context, tenantCidr));
}

function scopeOf(context: RuleContext, tenantCidr: string) {
  const vpcs = ofType(context, 'AWS::EC2::VPC').filter(([, r]) => text(r.Properties?.CidrBlock) === tenantCidr);
  const runtime = ofType(context, 'AWS::EC2::Subnet').filter(([id]) => subnetReach(context, ref(id)) === 'egress').map(([id]) => id).sort();
  return vpcs.length === 1 ? tenantIngressScope({ vpcId: ref(vpcs[0][0]), runtimeSubnetIds: runtime.map(ref), controlPlaneCidr: context.topology.config.controlPlane.cidr }) : undefined;
}

/** A scope's paths with the runtime subnets sorted, so the comparison does not depend on their order. */
function normalized(paths: unknown): unknown {
  return asList<any>(paths).map((path) => {
    const resources = path?.Destination?.ResourceStatement?.Resources;
    if (path?.Destination?.PacketHeaderStatement === undefined || !Array.isArray(resources)) {
      return path;
    }
    const sorted = [...resources].sort((a, b) => text(referencedId(a) ?? a).localeCompare(text(referencedId(b) ?? b)));
    return { ...path, Destination: { ...path.Destination, ResourceStatement: { ...path.Destination.ResourceStatement, Resources: sorted } } };
  });
}

function scopeProblems(resource: TemplateResource, context: RuleContext): string[] {
  if (context.role.kind !== 'tenant') {
    return ['Unplanned::outside-tenant-stack'];
  }
  const p = resource.Properties ?? {};
  const planned = plannedScope(context, context.role.cidr);
  const problems: string[] = [];
  if (!planned) {
    return ['Vpc::not-one-planned-vpc'];
  }
  if (!same(normalized(p.MatchPaths), planned.MatchPaths)) {
    problems.push(`MatchPaths::${json(p.MatchPaths)}`);
  }
  if (!same(normalized(p.ExcludePaths), planned.ExcludePaths)) {
    problems.push(`ExcludePaths::${json(p.ExcludePaths)}`);
  }
  const tags = asList<any>(p.Tags);
  const tag = (key: string) => tags.filter((t) => t?.Key === key).map((t) => text(t?.Value));
  if (json(tag(NETWORK_PROOF_TAG.key)) !== json([NETWORK_PROOF_TAG.value]) || json(tag(TAG_KEYS.tenant)) !== json([context.role.tenantId])) {
    problems.push(`Tags::${json(p.Tags)}`);
  }
  return problems;
}

const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The account's scopes and analyses: the stack's own region and account, as tokens or as the configured placement. */
function scopeArn(context: RuleContext): RegExp {
  const { account, region } = context.topology.config.placement;
  const either = (token: string, literal: string | undefined) => `(${escape(token)}${literal ? `|${escape(literal)}` : ''})`;
  return new RegExp(`^arn:(${escape('${AWS::Partition}')}|aws(-[a-z]+)*):ec2:${either('${AWS::Region}', region)}:${either('${AWS::AccountId}', account)}:network-insights-access-scope(-analysis)?/\\*$`);
}

/** One statement of the runner's role: an allow of planned actions on '*', or of starting analyses on this account's scopes. */
function statementProblems(statement: any, arn: RegExp): string[] {
  const actions = asList<string>(statement?.Action).map(text);
  const resources = asList(statement?.Resource).map(text);
  const within = (planned: readonly string[]) => actions.length > 0 && actions.every((a) => planned.includes(a));
  const ok =
    statement?.Effect === 'Allow' &&
    statement?.NotAction === undefined &&
    statement?.NotResource === undefined &&
    ((within(NETWORK_PROOF_PERMISSIONS.anyResource) && json(resources) === json(['*'])) || (within(NETWORK_PROOF_PERMISSIONS.startAnalysis) && resources.length > 0 && resources.every((r) => arn.test(r))));
  return ok ? [] : [`RolePolicy::${json({ actions, resources })}`];
}

/** The runner's role: assumable by Step Functions only, and allowed exactly the planned permissions, by any policy. */
function roleProblems(context: RuleContext, roleArn: unknown): string[] {
  const role = referencedResource(context.template, roleArn);
  if (role?.resource.Type !== 'AWS::IAM::Role') {
    return [`Role::${text(roleArn)}`];
  }
  const rp = role.resource.Properties ?? {};
  const trust = asList<any>(rp.AssumeRolePolicyDocument?.Statement);
  const problems: string[] = [];
  if (trust.length !== 1 || json(asList(trust[0]?.Principal?.Service)) !== json(['states.amazonaws.com']) || Object.keys(trust[0]?.Principal ?? {}).length !== 1) {
    problems.push(`RoleTrust::${json(rp.AssumeRolePolicyDocument)}`);
  }
  if (asList(rp.ManagedPolicyArns).length > 0) {
    problems.push(`ManagedPolicyArns::${json(rp.ManagedPolicyArns)}`);
  }
  const attached = Object.values(context.template.Resources ?? {}).filter(
    (r) => (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') && asList(r.Properties?.Roles).some((x) => referencedId(x) === role.logicalId),
  );
  const documents = [...asList<any>(rp.Policies).map((p) => p?.PolicyDocument), ...attached.map((r) => r.Properties?.PolicyDocument)];
  return [...problems, ...documents.flatMap((d) => asList<any>(d?.Statement).flatMap((st) => statementProblems(st, scopeArn(context))))];
}

function runnerProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const proofs = context.topology.config.accountBaseline.networkProofs;
  if (context.role.kind !== 'account-baseline' || text(p.StateMachineName) !== NETWORK_PROOF_RUNNER.name || proofs === false) {
    return [`Unplanned::${text(p.StateMachineName)}`];
  }
  const problems: string[] = roleProblems(context, p.RoleArn);
  // Each account's runner proves the tenants of its own account (the account its PlacedInAccount rule names).
  // (a template without the rule is the platform account's: an account baseline built without a placement).
  const account = placedAccount(context.template) ?? context.topology.config.placement.account;
  const definition = JSON.stringify(networkProofDefinition(tenantsInAccount(context.topology, account).map((t) => t.id)));
  if (p.DefinitionString !== definition || p.DefinitionS3Location !== undefined || p.Definition !== undefined || p.DefinitionSubstitutions !== undefined) {
    problems.push('Definition::not-the-planned-definition');
  }
  if ((p.StateMachineType ?? 'STANDARD') !== 'STANDARD') {
    problems.push(`StateMachineType::${text(p.StateMachineType)}`);
  }
  const logging = p.LoggingConfiguration ?? {};
  const destination = asList<any>(logging.Destinations)[0]?.CloudWatchLogsLogGroup?.LogGroupArn;
  if (logging.Level !== 'ALL' || asList(logging.Destinations).length !== 1 || referencedResource(context.template, destination)?.resource.Type !== 'AWS::Logs::LogGroup') {
    problems.push(`LoggingConfiguration::${json(logging)}`);
  }
  const rules = ofType(context, 'AWS::Events::Rule').map(([, r]) => r.Properties ?? {}).filter((r) => r.State === undefined || r.State === 'ENABLED');
  const targetsRunner = (r: any) => asList<any>(r.Targets).some((t) => referencedId(t?.Arn) === context.logicalId);
  if (!rules.some((r) => r.ScheduleExpression === networkProofSchedule(proofs.intervalHours) && r.EventPattern === undefined && targetsRunner(r))) {
    problems.push(`Schedule::not-${networkProofSchedule(proofs.intervalHours)}`);
  }
  const routed = rules.some(
    (r) =>
      same(r.EventPattern, networkProofFailurePattern(ref(context.logicalId))) &&
      asList<any>(r.Targets).some((t) => text(referencedResource(context.template, t?.Arn)?.resource.Properties?.TopicName) === ALERT_TIERS[ROUTE_TIERS.NetworkProofFailures].topicName && referencedResource(context.template, t?.DeadLetterConfig?.Arn)?.resource.Type === 'AWS::SQS::Queue'),
  );
  if (!routed) {
    problems.push('Failures::not-routed-to-security-topic');
  }
  return problems;
}

/** Presence, judged on a resource every such stack has: the tenant's VPC, the account baseline's anchor (baseline-anchor.ts). */
function presenceProblems(resource: TemplateResource, context: RuleContext): string[] {
  const want = context.topology.config.accountBaseline.networkProofs === false ? 0 : 1;
  if (resource.Type === 'AWS::EC2::VPC') {
    const have = ofType(context, 'AWS::EC2::NetworkInsightsAccessScope').length;
    return have === want ? [] : [`IngressScope::${have}::planned-${want}`];
  }
  const have = ofType(context, 'AWS::StepFunctions::StateMachine').filter(([, r]) => text(r.Properties?.StateMachineName) === NETWORK_PROOF_RUNNER.name).length;
  return have === want ? [] : [`Runner::${have}::planned-${want}`];
}

/**
 * The network proofs as planned (lib/config/network-proof-plan.ts): with `accountBaseline.networkProofs` on, every
 * tenant stack holds exactly one ingress scope, equal to the plan drawn from its own VPC and runtime subnets and
 * tagged for the runner; the account baseline holds the runner with the planned definition (the configured tenants),
 * a role only Step Functions assumes and that may do only what the plan lists (NETWORK_PROOF_PERMISSIONS), logging,
 * its schedule and its failures routed to the security topic. A scope or runner anywhere else fails.
 */
export const NetworkProofsAsPlanned: TemplateRule = {
  id: 'NetworkProofsAsPlanned',
  resourceTypes: ['AWS::EC2::NetworkInsightsAccessScope', 'AWS::StepFunctions::StateMachine', 'AWS::EC2::VPC', ...BASELINE_ANCHOR_TYPES],
  judges: {
    'AWS::EC2::NetworkInsightsAccessScope': ['MatchPaths', 'ExcludePaths', 'Tags'],
    'AWS::StepFunctions::StateMachine': ['StateMachineName', 'DefinitionString', 'StateMachineType|other-text,set:EXPRESS', 'LoggingConfiguration.Level'],
  },
  info: 'The network proofs differ from the plan: a tenant without its ingress scope, a scope that allows more, or a runner changed, unscheduled or unheard.',
  explanation: 'Issue "Continuous assurance": the isolation the gate proves on templates is re-proved on the deployed network by Network Access Analyzer, for every tenant, and any path it finds reaches the security team.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-1', 'NET-3', 'SOC2-CC6.6', 'SOC2-CC7.2'],
  check(resource, context) {
    switch (resource.Type) {
      case 'AWS::EC2::NetworkInsightsAccessScope':
        return findings(scopeProblems(resource, context));
      case 'AWS::StepFunctions::StateMachine':
        return findings(runnerProblems(resource, context));
      case 'AWS::EC2::VPC':
        return context.role.kind === 'tenant' ? findings(presenceProblems(resource, context)) : NOT_APPLICABLE;
      default:
        return isBaselineAnchor(resource, context) ? findings(presenceProblems(resource, context)) : NOT_APPLICABLE;
    }
  },
};
