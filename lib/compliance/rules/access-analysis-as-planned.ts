import { BASELINE_ANCHOR_TYPES, isAnchorType, isBaselineAnchor } from './baseline-anchor';
import { NagMessageLevel } from 'cdk-nag';
import { ALERT_TIERS, ROUTE_TIERS } from '../../config/alert-tiers';
import { ACCESS_ANALYSIS } from '../../config/access-analysis-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { asList, referencedResource, text } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);
const PLANNED = [ACCESS_ANALYSIS.external, ACCESS_ANALYSIS.internal, ACCESS_ANALYSIS.unused];

/** Whether an enabled EventBridge rule sends this detail type's ACTIVE findings to the named topic, with a dead-letter queue. */
function routed(context: RuleContext, detailType: string, topicName: string): boolean {
  return Object.values(context.template.Resources ?? {}).some((r) => {
    const p = r.Properties ?? {};
    const pattern = p.EventPattern ?? {};
    return (
      r.Type === 'AWS::Events::Rule' &&
      (p.State === undefined || p.State === 'ENABLED') &&
      json(pattern) === json({ source: ['aws.access-analyzer'], 'detail-type': [detailType], detail: { status: ['ACTIVE'] } }) &&
      asList<any>(p.Targets).some((t) => text(referencedResource(context.template, t?.Arn)?.resource.Properties?.TopicName) === topicName && referencedResource(context.template, t?.DeadLetterConfig?.Arn)?.resource.Type === 'AWS::SQS::Queue')
    );
  });
}

function analyzerProblems(resource: TemplateResource, context: RuleContext): string[] {
  const p = resource.Properties ?? {};
  const planned = PLANNED.find((a) => a.name === text(p.AnalyzerName));
  if (!planned) {
    return [`Unplanned::${text(p.AnalyzerName)}`];
  }
  const problems: string[] = [];
  if (p.Type !== planned.type) {
    problems.push(`Type::${json(p.Type)}`);
  }
  // No archive rule: a finding filtered away before anyone reads it proves nothing.
  if (p.ArchiveRules !== undefined && asList(p.ArchiveRules).length > 0) {
    problems.push(`ArchiveRules::${asList(p.ArchiveRules).length}`);
  }
  const configuration =
    'unusedAccessAgeDays' in planned
      ? { UnusedAccessConfiguration: { UnusedAccessAge: planned.unusedAccessAgeDays } }
      : 'resourceTypes' in planned
        ? { InternalAccessConfiguration: { InternalAccessAnalysisRule: { Inclusions: [{ ResourceTypes: [...planned.resourceTypes] }] } } }
        : undefined;
  if (json(p.AnalyzerConfiguration) !== json(configuration)) {
    problems.push(`AnalyzerConfiguration::${json(p.AnalyzerConfiguration)}`);
  }
  if (!routed(context, planned.detailType, ALERT_TIERS[ROUTE_TIERS[planned.route]].topicName)) {
    problems.push('NotRouted');
  }
  return problems;
}

/** The baseline's anchor (its trail, or in an additional region its critical topic: baseline-anchor.ts) answers for a planned analyzer that is missing, or doubled. */
function presenceProblems(context: RuleContext): string[] {
  const names = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === 'AWS::AccessAnalyzer::Analyzer').map((r) => text(r.Properties?.AnalyzerName));
  const want = context.topology.config.accountBaseline.accessAnalysis ? 1 : 0;
  return PLANNED.flatMap((a) => (names.filter((n) => n === a.name).length === want ? [] : [`Analyzer::${a.name}::${names.filter((n) => n === a.name).length}::planned-${want}`]));
}

/**
 * IAM Access Analyzer as planned (lib/config/access-analysis-plan.ts): in the account baseline, when the configuration
 * asks for it (the default), the external-access analyzer of the account with its active findings routed to the
 * security topic, the internal-access analyzer over the buckets and tables and the unused-access analyzer (90 days)
 * routed to the medium topic, each with a dead-letter queue; no archive rule, no other analyzer.
 */
export const AccessAnalysisAsPlanned: TemplateRule = {
  id: 'AccessAnalysisAsPlanned',
  resourceTypes: ['AWS::AccessAnalyzer::Analyzer', ...BASELINE_ANCHOR_TYPES],
  judges: { 'AWS::AccessAnalyzer::Analyzer': ['AnalyzerName', 'Type', 'AnalyzerConfiguration.UnusedAccessConfiguration.UnusedAccessAge', 'AnalyzerConfiguration.InternalAccessConfiguration.InternalAccessAnalysisRule.Inclusions.*.ResourceTypes.*'] },
  info: 'IAM Access Analyzer differs from the plan: an analyzer missing, changed, archiving findings, unrouted, or unplanned.',
  explanation: 'A resource shared outside the account, or access nobody uses, is found only by an analyzer that runs and is heard.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC6.1', 'SOC2-CC7.2'],
  check(resource, context) {
    if (isAnchorType(resource)) {
      return isBaselineAnchor(resource, context) ? findings(presenceProblems(context)) : NOT_APPLICABLE;
    }
    if (context.role.kind !== 'account-baseline') {
      return ['Unplanned::outside-account-baseline'];
    }
    return findings(analyzerProblems(resource, context));
  },
};
