/**
 * The tag-protection service control policies: nobody but the platform's deploy roles (exact ARNs) may change, delete
 * or re-tag a resource tagged `tenant-baseline:protected = true`, add or remove that tag anywhere, or change the deploy
 * roles themselves. The actions come from the AWS Service Authorization Reference (protected-actions.ts); the
 * statements are packed into as many documents as the 5,120-character SCP limit needs.
 */
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';
import { compactPatterns, deployRoleActions, protectedActions } from './protected-actions';
import { HUB_ROUTING_ACTIONS } from '../config/attachment-acceptor-plan';

/** The SCP size limit AWS Organizations enforces (characters, whitespace included). */
export const SCP_MAX_CHARACTERS = 5120;

/** An exact IAM role ARN: no wildcard anywhere, so no other role (a look-alike name, another account) can match. */
export const EXACT_ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export interface TagProtectionPolicyOptions {
  /** The roles allowed to change protected resources (the platform's CloudFormation execution roles): exact ARNs. */
  readonly deployRoleArns: readonly string[];
  /**
   * Roles that may, besides the deploy roles, accept, reject, associate and propagate transit gateway attachments on
   * the protected hub (the attachment acceptor, for tenants in other accounts): exact ARNs, these actions only.
   * @default [] (none)
   */
  readonly hubRoutingRoleArns?: readonly string[];
}

interface Statement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition: Record<string, Record<string, unknown>>;
}

/** The statements, before packing: each action list as long as the reference makes it. */
export function tagProtectionStatements(options: TagProtectionPolicyOptions): Statement[] {
  const bad = options.deployRoleArns.filter((arn) => !EXACT_ROLE_ARN.test(arn));
  if (options.deployRoleArns.length === 0 || bad.length > 0) {
    throw new Error(`tagProtectionPolicy: 'deployRoleArns' must be exact IAM role ARNs (no wildcards), got ${JSON.stringify(options.deployRoleArns)}`);
  }
  const routers = options.hubRoutingRoleArns ?? [];
  if (routers.some((arn) => !EXACT_ROLE_ARN.test(arn))) {
    throw new Error(`tagProtectionPolicy: 'hubRoutingRoleArns' must be exact IAM role ARNs (no wildcards), got ${JSON.stringify(routers)}`);
  }
  const exceptDeployRoles = { ArnNotEquals: { 'aws:PrincipalArn': [...options.deployRoleArns] } };
  const protectedTag = { StringEquals: { [`aws:ResourceTag/${TAG_KEYS.protection}`]: PROTECTION_TAG_VALUE } };
  const actions = protectedActions();
  const tagging = actions.filter((a) => a.levels.includes('Tagging'));
  const routing = (a: { action: string }) => routers.length > 0 && (HUB_ROUTING_ACTIONS as readonly string[]).includes(a.action);
  const changes = actions.filter((a) => !a.levels.includes('Tagging') && !routing(a));
  const exceptRouters = { ArnNotEquals: { 'aws:PrincipalArn': [...options.deployRoleArns, ...routers] } };
  return [
    { Sid: 'DenyChangesToProtectedResources', Effect: 'Deny', Action: compactPatterns(changes), Resource: '*', Condition: { ...protectedTag, ...exceptDeployRoles } },
    { Sid: 'DenyHubRoutingToOthers', Effect: 'Deny', Action: compactPatterns(actions.filter(routing)), Resource: '*', Condition: { ...protectedTag, ...exceptRouters } },
    {
      Sid: 'DenyProtectionTagChanges',
      Effect: 'Deny',
      Action: compactPatterns(tagging.filter((a) => a.tagKeysCondition)),
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': [TAG_KEYS.protection] }, ...exceptDeployRoles },
    },
    { Sid: 'DenyRetaggingProtectedResources', Effect: 'Deny', Action: compactPatterns(tagging), Resource: '*', Condition: { ...protectedTag, ...exceptDeployRoles } },
    // A tagging API that does not say which tags it writes (s3:PutBucketTagging replaces the whole set) could add the
    // protection tag to any resource or drop it: only the deploy roles may call it at all.
    { Sid: 'DenyTaggingWithoutTagKeys', Effect: 'Deny', Action: compactPatterns(tagging.filter((a) => !a.tagKeysCondition)), Resource: '*', Condition: { ...exceptDeployRoles } },
    // The deploy roles themselves: nobody else may create (re-create after a deletion), re-trust, re-permission or
    // re-tag them. With exact ARNs in the exemption, this is what keeps a look-alike from ever matching it.
    { Sid: 'DenyChangesToDeployRoles', Effect: 'Deny', Action: compactPatterns(deployRoleActions()), Resource: [...options.deployRoleArns], Condition: { ...exceptDeployRoles } },
  ].filter((s) => s.Action.length > 0) as Statement[];
}

/** The statements packed into documents of at most SCP_MAX_CHARACTERS (minified), splitting long action lists. */
export function tagProtectionPolicies(options: TagProtectionPolicyOptions): Record<string, unknown>[] {
  const documents: Statement[][] = [[]];
  const size = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }).length;
  const add = (statement: Statement) => {
    const current = documents[documents.length - 1];
    if (size([...current, statement]) <= SCP_MAX_CHARACTERS) {
      current.push(statement);
    } else if (size([statement]) <= SCP_MAX_CHARACTERS) {
      documents.push([statement]);
    } else {
      // Too long for any one document: split its actions in half, each half keeping the statement's conditions.
      const half = Math.ceil(statement.Action.length / 2);
      add({ ...statement, Sid: `${statement.Sid}1`, Action: statement.Action.slice(0, half) });
      add({ ...statement, Sid: `${statement.Sid}2`, Action: statement.Action.slice(half) });
    }
  };
  tagProtectionStatements(options).forEach(add);
  return documents.filter((d) => d.length > 0).map((Statement) => ({ Version: '2012-10-17', Statement }));
}
