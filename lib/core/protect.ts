import { CfnResource, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

/**
 * Tags every taggable resource under `scope` as protected (the tag-protection SCPs let only the deploy roles change
 * them). The tag is set on each resource's own tag manager rather than through the Tags aspect, so it is part of the
 * resource however the template is rendered (the gate's tests judge without running aspects).
 */
export function protect(scope: IConstruct): void {
  for (const node of scope.node.findAll()) {
    if (CfnResource.isCfnResource(node) && TagManager.isTaggable(node)) {
      node.tags.setTag(TAG_KEYS.protection, PROTECTION_TAG_VALUE);
    }
  }
}
