/**
 * The account baseline's anchor: one resource every account baseline has, on which the rules judge what must be
 * present in it (a planned analyzer, Config rule, hook or proof runner that is missing, or doubled). In the home region
 * it is the audit trail; an additional region's baseline has no trail (the home region's multi-region trail records
 * every region, lib/config/regional-view.ts), so there it is the critical alert topic, which every baseline has too.
 */
import { isAdditionalRegionView } from '../../config/regional-view';
import { ALERT_TOPIC_NAMES } from '../../naming';
import { RuleContext, TemplateResource } from './rule';
import { text } from './template';

/** The resource types an anchor can be: rules that judge presence register on both. */
export const BASELINE_ANCHOR_TYPES = ['AWS::CloudTrail::Trail', 'AWS::SNS::Topic'] as const;

/** Whether the resource is the types an anchor can be (then a rule judges it only as the anchor, or not at all). */
export function isAnchorType(resource: TemplateResource): boolean {
  return (BASELINE_ANCHOR_TYPES as readonly string[]).includes(resource.Type);
}

/** Whether the resource is its account baseline's anchor, in the region whose plan judges it. */
export function isBaselineAnchor(resource: TemplateResource, context: Pick<RuleContext, 'role' | 'topology'>): boolean {
  if (context.role.kind !== 'account-baseline') {
    return false;
  }
  if (isAdditionalRegionView(context.topology.config)) {
    return resource.Type === 'AWS::SNS::Topic' && text(resource.Properties?.TopicName) === ALERT_TOPIC_NAMES.critical;
  }
  return resource.Type === 'AWS::CloudTrail::Trail';
}
