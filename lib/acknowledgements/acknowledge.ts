import { CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENTS, AcknowledgementEntry, AcknowledgementKey } from './catalog';
import { reasonProblem } from './review';

import { REGION_NAME, RuleIdEnvironment, ruleIdForms } from './rule-id-forms';

/** Metadata type that records which catalog entry an acknowledgement came from; read by the gate's audit and report. */
export const ACKNOWLEDGEMENT_KEY_METADATA = 'tenant-baseline:acknowledgement';

/** Thrown when an acknowledgement is too broad, unreasoned, or outside the reviewed catalog. */
export class AcknowledgementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcknowledgementError';
  }
}

export { reasonProblem } from './review';

/**
 * Acknowledges the findings of one reviewed catalog entry (lib/acknowledgements/catalog.ts) on one resource.
 *
 * This is the only way this codebase acknowledges a finding. It refuses to attach to anything but a single
 * CloudFormation resource of a type the entry names (so an acknowledgement never covers a whole stack or construct
 * subtree), and refuses an entry whose reason is vague. The gate's audit fails synth on any acknowledgement that did
 * not come through here.
 *
 * @param scope the CfnResource, or an L2 construct whose default child is the CfnResource
 * @param key the catalog entry
 * @param refs the resources of the same stack that fill the entry's `{name}` placeholders (rule-id-forms.ts)
 */
/** An account id a catalog entry's `{name}` stands for (a finding that names another account of the platform). */
export interface AccountRef {
  readonly account: string;
}

/** A region a catalog entry's `{name}` stands for (a finding that names another region of the platform). */
export interface RegionRef {
  readonly region: string;
}

export function acknowledge(scope: IConstruct, key: AcknowledgementKey, refs: Readonly<Record<string, CfnResource | AccountRef | RegionRef>> = {}): void {
  const entry: AcknowledgementEntry | undefined = (ACKNOWLEDGEMENTS as Record<string, AcknowledgementEntry>)[key];
  if (!entry) {
    throw new AcknowledgementError(`acknowledge: 'key' must name an entry of lib/acknowledgements/catalog.ts, got '${String(key)}'`);
  }
  const problem = reasonProblem(entry.reason);
  if (problem) {
    throw new AcknowledgementError(`acknowledge: '${key}.reason' ${problem}`);
  }
  const resource = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new AcknowledgementError(`acknowledge: the target of '${key}' must be a single CloudFormation resource (or an L2 construct wrapping one), got '${scope.node.path}'`);
  }
  if (!entry.resourceTypes.includes(resource.cfnResourceType)) {
    throw new AcknowledgementError(`acknowledge: '${key}' may only be attached to ${entry.resourceTypes.join(' or ')}, got ${resource.cfnResourceType} at '${resource.node.path}'`);
  }
  const stack = Stack.of(resource);
  const env = stackRuleIdEnvironment(stack);
  const logicalIds = Object.fromEntries(
    Object.entries(refs).map(([name, r]) => {
      if (CfnResource.isCfnResource(r)) {
        return [name, stack.resolve(r.logicalId) as string];
      }
      if ('region' in r) {
        if (!REGION_NAME.test(r.region)) {
          throw new AcknowledgementError(`acknowledge: '${key}' ref '${name}' must be a region name like eu-west-1, got '${r.region}'`);
        }
        return [name, r.region];
      }
      if (!/^\d{12}$/.test(r.account)) {
        throw new AcknowledgementError(`acknowledge: '${key}' ref '${name}' must be a 12-digit account id, got '${r.account}'`);
      }
      return [name, r.account];
    }),
  );
  const ids = entry.ruleIds.flatMap((ruleId) => ruleIdForms(ruleId, env, logicalIds));
  // aws-cdk-lib renders a stack trace into every acknowledgement's metadata, with no switch to turn it off (24,000
  // traces in a 156-tenant fleet, 15.5 MB of metadata with V8's ten frames; ~15 s of CPU over npm test, where jest
  // formats every frame). The first frames are the ones that say where it came from: aws-cdk-lib's acknowledge, this
  // function and the code that called it (the catalog key beside it names the reviewed entry). CDK's debug mode
  // (`cdk synth --debug-app`, CDK_DEBUG) keeps the full trace (Error.stackTraceLimit frames), as it keeps construct
  // creation traces.
  const limit = Error.stackTraceLimit;
  if (!cdkDebugMode()) {
    Error.stackTraceLimit = typeof limit === 'number' ? Math.min(limit, ACKNOWLEDGEMENT_TRACE_FRAMES) : ACKNOWLEDGEMENT_TRACE_FRAMES;
  }
  try {
    for (const id of ids) {
      Validations.of(resource).acknowledge({ id, reason: entry.reason });
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  resource.node.addMetadata(ACKNOWLEDGEMENT_KEY_METADATA, key);
}

/** How many frames an acknowledgement's trace keeps outside CDK's debug mode (see `acknowledge`). */
export const ACKNOWLEDGEMENT_TRACE_FRAMES = 3;

/** CDK's debug mode, as aws-cdk-lib reads it: CDK_DEBUG set to 1, on or true. */
function cdkDebugMode(): boolean {
  return ['1', 'on', 'true'].includes((process.env.CDK_DEBUG ?? '').toLowerCase());
}

/** The stack's region and partition where its environment fixes them (a pinned or placed stack). */
export function stackRuleIdEnvironment(stack: Stack): RuleIdEnvironment {
  return Token.isUnresolved(stack.region) ? {} : { region: stack.region, ...(Token.isUnresolved(stack.partition) ? {} : { partition: stack.partition }) };
}
