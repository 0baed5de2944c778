import { NagMessageLevel } from 'cdk-nag';
import { principals, statements } from './kms-policy';
import { findings, RuleContext, TemplateResource, TemplateRule } from './rule';
import { ACCOUNT_ROOT, text } from './template';
import { hubSharePrincipals } from '../../config/account-plan';

/** Where each resource-policy type keeps its document. */
const DOCUMENTS: Readonly<Record<string, string>> = {
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
};

const PARTITION = '(\\$\\{AWS::Partition\\}|aws|aws-cn|aws-us-gov)';
/** A service-linked role of this account (AWS services acting for it, e.g. Auto Scaling on the hosts' volumes). */
const OWN_SERVICE_LINKED_ROLE = new RegExp(`^arn:${PARTITION}:iam::\\$\\{AWS::AccountId\\}:role/aws-service-role/[a-z0-9.-]+\\.amazonaws\\.com/[A-Za-z0-9_+=,.@-]+$`);
/**
 * The CDK bootstrap's deploy role of this account (any qualifier, any region): the delivery pipeline's deploy actions
 * run as it, so the pipeline's artifact bucket and key admit it, and only in the delivery stack.
 */
const OWN_CDK_DEPLOY_ROLE = new RegExp(`^arn:${PARTITION}:iam::\\$\\{AWS::AccountId\\}:role/cdk-[a-z0-9]{1,10}-deploy-role-\\$\\{AWS::AccountId\\}-(\\$\\{AWS::Region\\}|[a-z]{2}(-[a-z]+)+-\\d)$`);
/**
 * The CDK bootstrap's deploy role of another account that hosts tenants (and only those): the pipeline deploys their
 * stages through it (crossAccountKeys), so its artifact bucket and key admit it, and only in the delivery stack.
 */
function tenantAccountDeployRole(arn: string, context: RuleContext): boolean {
  // Groups: 1 partition, 2 the role's account, 3 the account in its name.
  const match = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):role/cdk-[a-z0-9]{1,10}-deploy-role-(\\d{12})-(?:\\$\\{AWS::Region\\}|[a-z]{2}(?:-[a-z]+)+-\\d)$`).exec(arn);
  return match !== null && match[2] === match[3] && hubSharePrincipals(context.topology.config).includes(match[2]);
}
/** An AWS service principal: `<name>.amazonaws.com`, possibly regional. */
const SERVICE = /^([a-z0-9-]+\.)+amazonaws\.com(\.cn)?$|^([a-z0-9-]+\.)*\$\{AWS::Region\}\.amazonaws\.com$/;

/** Whether one principal (as kms-policy.ts renders it) is one the platform plans to trust. */
function planned(principal: string, context: RuleContext): boolean {
  if (principal.startsWith('Service:')) {
    return SERVICE.test(principal.slice('Service:'.length));
  }
  if (!principal.startsWith('AWS:')) {
    return false; // *, NotPrincipal, Federated, CanonicalUser
  }
  const arn = principal.slice('AWS:'.length);
  if (ACCOUNT_ROOT.test(arn) || OWN_SERVICE_LINKED_ROLE.test(arn)) {
    return true;
  }
  // The replication store of an additional region admits the deploy roles of that region's tenant accounts likewise.
  if ((context.role.kind === 'delivery' || context.role.kind === 'delivery-replication') && (OWN_CDK_DEPLOY_ROLE.test(arn) || tenantAccountDeployRole(arn, context))) {
    return true;
  }
  // A role of this very stack, by reference (`${Role.Arn}`): its trust and permissions are judged with the stack.
  const match = /^\$\{([A-Za-z0-9]+)\.Arn\}$/.exec(arn);
  return match !== null && context.template.Resources?.[match[1]]?.Type === 'AWS::IAM::Role';
}

/**
 * Every statement of every key policy and resource policy (buckets, topics, queues, secrets) names only principals
 * the platform plans: this account's root (which delegates to IAM in this account), a role of the same stack, a
 * service-linked role of this account, or an AWS service principal. Everyone (`*`), another account, a role of
 * another stack, NotPrincipal or a federated principal is a finding, whatever conditions come with it: a condition
 * narrows a grant the model does not plan, it does not make it planned. A Deny may also name everyone; a statement
 * without a readable principal or effect is a finding (a malformed guard is no guard).
 */
export const PolicyPrincipalsAsPlanned: TemplateRule = {
  id: 'PolicyPrincipalsAsPlanned',
  resourceTypes: Object.keys(DOCUMENTS),
  judges: {
    'AWS::KMS::Key': ['KeyPolicy.Statement|allow-everyone,allow-foreign-account', 'KeyPolicy.Statement.*.Principal', 'KeyPolicy.Statement.*.Effect|other-text', 'KeyPolicy.Statement.*.Principal.AWS', 'KeyPolicy.Statement.*.Principal.Service|other-text,foreign-literal,empty-object'],
    'AWS::S3::BucketPolicy': ['PolicyDocument.Statement|allow-everyone,allow-foreign-account', 'PolicyDocument.Statement.*.Principal.Service|other-text,foreign-literal,empty-object'],
    'AWS::SNS::TopicPolicy': ['PolicyDocument.Statement|allow-everyone,allow-foreign-account', 'PolicyDocument.Statement.*.Principal.Service|other-text,foreign-literal,empty-object'],
    'AWS::SQS::QueuePolicy': ['PolicyDocument.Statement|allow-everyone,allow-foreign-account', 'PolicyDocument.Statement.*.Principal.Service|other-text,foreign-literal,empty-object'],
    'AWS::SecretsManager::ResourcePolicy': ['ResourcePolicy.Statement|allow-everyone,allow-foreign-account'],
  },
  info: 'A key or resource policy allows a principal the platform does not plan: everyone, another account, a role of another stack.',
  explanation: 'DESIGN.md: per-tenant isolation; a tenant key or bucket that trusts another account or everyone is readable by them, whatever IAM in this account says.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-1', 'SOC2-CC6.1', 'HIPAA-164.312(a)(1)', 'GDPR-Art.32'],
  tenantIsolation: 'counts',
  check(resource: TemplateResource, context) {
    const document = resource.Properties?.[DOCUMENTS[resource.Type]];
    const problems: string[] = [];
    for (const { label, statement } of statements(document)) {
      if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
        problems.push(`${label}::Effect::${text(statement.Effect ?? 'unset')}`);
        continue;
      }
      // A Deny may name everyone (that is what a guard statement does) or a planned principal; a principal nobody can
      // read makes the statement malformed, and a malformed guard is a missing guard.
      const everyone = (p: string) => statement.Effect === 'Deny' && (p === '*' || p === 'AWS:*');
      if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
        problems.push(`${label}::Principal::unset`);
        continue;
      }
      for (const principal of principals(statement)) {
        if (!everyone(principal) && !planned(principal, context)) {
          problems.push(`${label}::${statement.Effect}::${principal === '*' ? '*' : text(principal)}`);
        }
      }
    }
    return findings(problems);
  },
};
