/**
 * Region residency: the regions the platform may run in (`guardrails.allowedRegions`), checked against the regions AWS
 * has (aws-cdk-lib's region facts) and against the region a synth targets, and a region-deny SCP built on AWS's
 * documented example: every request outside the allowed regions is denied, except for the global services whose
 * single endpoint sits in us-east-1, named below with the reason each is needed.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Global services exempt from the region deny. AWS's example exempts CloudFront, IAM, Route 53 and Support (single
 * global endpoints in us-east-1) and asks to add the other global services one uses: Organizations (the guardrails
 * stack and these policies), and STS, whose global endpoint is in us-east-1 (regional endpoints are region-bound).
 */
export const GLOBAL_SERVICE_EXEMPTIONS = ['cloudfront:*', 'iam:*', 'route53:*', 'support:*', 'organizations:*', 'sts:*'];

/** The problems of an allowed-regions list: unknown regions, by field; empty when it is usable. */
export function allowedRegionsProblems(allowedRegions: readonly string[], field = 'guardrails.allowedRegions'): string[] {
  const known = new Set(RegionInfo.regions.map((r) => r.name));
  return allowedRegions.flatMap((region, i) => (known.has(region) ? [] : [`'${field}[${i}]' must be an AWS region aws-cdk-lib knows (e.g. eu-west-1), got ${JSON.stringify(region)}`]));
}

/** What a synth needs to know to check residency: the platform's and each tenant's allowed regions. */
export interface ResidencyPlan {
  readonly guardrails: { readonly allowedRegions: readonly string[] };
  readonly tenants: readonly { readonly id: string; readonly allowedRegions: readonly string[] }[];
}

/**
 * Every residency problem of a synth for `region` (undefined: no region resolved) of the tenants `built`: unknown
 * regions, a region outside the platform's or a built tenant's allowed regions, and no region at all when any of them
 * constrains it (an environment-agnostic template could be deployed anywhere). Empty when the synth may go ahead.
 */
export function residencyProblems(plan: ResidencyPlan, built: readonly string[], region: string | undefined): string[] {
  const problems = [...allowedRegionsProblems(plan.guardrails.allowedRegions)];
  const tenants = plan.tenants.map((t, i) => ({ ...t, field: `tenants[${i}].allowedRegions` }));
  tenants.forEach((t) => problems.push(...allowedRegionsProblems(t.allowedRegions, t.field)));
  const constraining = tenants.filter((t) => built.includes(t.id) && t.allowedRegions.length > 0);
  if (region === undefined) {
    if (plan.guardrails.allowedRegions.length > 0 || constraining.length > 0) {
      problems.push('the synth must target a region (CDK_DEFAULT_REGION, from AWS_REGION or the AWS profile) when guardrails.allowedRegions or a tenant\'s allowedRegions is set, got none: an environment-agnostic template could be deployed to any region');
    }
    return problems;
  }
  const platform = deployRegionProblem(plan.guardrails.allowedRegions, region);
  if (platform !== undefined) {
    problems.push(platform);
  }
  for (const t of constraining.filter((c) => !c.allowedRegions.includes(region))) {
    problems.push(`'${t.field}' of tenant '${t.id}' (${t.allowedRegions.join(', ')}) must include the target region, got ${JSON.stringify(region)} (from the AWS profile or CDK_DEFAULT_REGION)`);
  }
  return problems;
}

/** The region to pin every stack to: the target region whenever residency constrains the synth, else none. */
export function pinnedRegion(plan: ResidencyPlan, built: readonly string[], region: string | undefined): string | undefined {
  const constrained = plan.guardrails.allowedRegions.length > 0 || plan.tenants.some((t) => built.includes(t.id) && t.allowedRegions.length > 0);
  return constrained ? region : undefined;
}

/** Why a synth for `region` is outside the allowed regions, or undefined (no list, no region resolved, or allowed). */
export function deployRegionProblem(allowedRegions: readonly string[], region: string | undefined): string | undefined {
  if (allowedRegions.length === 0 || region === undefined || allowedRegions.includes(region)) {
    return undefined;
  }
  return `the target region must be one of guardrails.allowedRegions (${allowedRegions.join(', ')}), got ${JSON.stringify(region)} (from the AWS profile or CDK_DEFAULT_REGION)`;
}

/** The region-deny SCP for the allowed regions. */
export function regionDenyPolicy(allowedRegions: readonly string[]): Record<string, unknown> {
  const problems = allowedRegions.length === 0 ? ["'guardrails.allowedRegions' must name at least one region"] : allowedRegionsProblems(allowedRegions);
  if (problems.length > 0) {
    throw new Error(`regionDenyPolicy: ${problems.join('; ')}`);
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideAllowedRegions',
        Effect: 'Deny',
        NotAction: [...GLOBAL_SERVICE_EXEMPTIONS],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': [...allowedRegions] } },
      },
    ],
  };
}
