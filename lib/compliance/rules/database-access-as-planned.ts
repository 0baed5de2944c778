import { NagMessageLevel } from 'cdk-nag';
import { DATABASE_USER_ENV } from '../../../contracts/environment';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { remembered, resourcesOfType } from './memo';
import { asList, referencedId, referencedResource, text } from './template';

const json = (v: unknown) => JSON.stringify(v ?? null);
/** What a reference to the master secret names: the secret, or its attachment to the instance (whose Ref is the secret's ARN). */
const SECRET_TYPES = ['AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment'];
const isSecretRef = (context: RuleContext, value: unknown) => SECRET_TYPES.includes(referencedResource(context.template, value)?.resource.Type ?? '') && !isApiKeySecret(context, value);

/**
 * A tenant API key's secret (the runtime hosts read the active one): a secret that the value of an API key of this
 * template resolves, and that neither the database instance nor a secret attachment uses. Anything else that is a
 * secret is treated as the master secret.
 */
function isApiKeySecret(context: RuleContext, value: unknown): boolean {
  const id = referencedId(value);
  return remembered(context, `api key secret ${id}`, () => {
    const mark = `{{resolve:secretsmanager:\${${id}}:`;
    const resolvedByKey = resourcesOfType(context, 'AWS::ApiGateway::ApiKey').some(([, r]) => text(r.Properties?.Value).startsWith(mark));
    const usedByDatabase =
      resourcesOfType(context, 'AWS::SecretsManager::SecretTargetAttachment').some(([, r]) => referencedId(r.Properties?.SecretId) === id) ||
      resourcesOfType(context, 'AWS::RDS::DBInstance').some(([, r]) => JSON.stringify(r.Properties ?? {}).includes(`"${id}"`));
    return id !== undefined && context.template.Resources?.[id]?.Type === 'AWS::SecretsManager::Secret' && resolvedByKey && !usedByDatabase;
  });
}

/** Compiled action patterns, by their text (the same few hundred actions recur in every tenant stack). */
const PATTERNS = new Map<string, RegExp>();

/** Whether an IAM action pattern (`*`, `?` wildcards, case-insensitive) matches `action`. */
function matches(pattern: unknown, action: string): boolean {
  const source = text(pattern);
  let re = PATTERNS.get(source);
  if (re === undefined) {
    re = new RegExp(`^${source.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (PATTERNS.size > 10_000) PATTERNS.clear(); // mutation runs write many patterns; keep the cache bounded
    PATTERNS.set(source, re);
  }
  return re.test(action);
}


/** Whether an Allow statement can grant `action` (NotAction grants everything it does not list). */
function grants(statement: any, action: string): boolean {
  if (statement?.Effect !== 'Allow') return false;
  if (statement.NotAction !== undefined) return !asList(statement.NotAction).some((a) => matches(a, action));
  return asList(statement.Action).some((a) => matches(a, action));
}

/** The roles a policy resource is attached to (its own logical id for a role's inline policies). */
function rolesOf(resource: TemplateResource, context: RuleContext): string[] {
  return resource.Type === 'AWS::IAM::Role' ? [context.logicalId] : asList(resource.Properties?.Roles).map((r) => referencedId(r) ?? text(r));
}

/** The trust principals of a template role, as `Service:x` / `AWS:arn` strings. */
function trusted(context: RuleContext, roleId: string): string[] {
  const statements = asList<any>(context.template.Resources?.[roleId]?.Properties?.AssumeRolePolicyDocument?.Statement);
  return statements.flatMap((s) => Object.entries(s?.Principal ?? { '*': '*' }).flatMap(([kind, v]) => asList(v).map((p) => `${kind}:${text(p)}`)));
}

/** The provisioning function's role: the role of a function whose MASTER_SECRET_ARN names a secret of this template. */
function isProvisionerRole(context: RuleContext, roleId: string): boolean {
  return remembered(context, `provisioner role ${roleId}`, () =>
    resourcesOfType(context, 'AWS::Lambda::Function').some(
      ([, r]) => referencedId(r.Properties?.Role) === roleId && isSecretRef(context, r.Properties?.Environment?.Variables?.[DATABASE_USER_ENV.masterSecretArn]),
    ),
  );
}

/**
 * Who may use a tenant's database, judged on every IAM policy of a tenant stack as it will be deployed: the master
 * secret is readable only by the app user's provisioning function and by a role that only the configured migration
 * principals may assume; `rds-db:connect` names exactly the planned user of this stack's instance
 * (`dbuser:<DbiResourceId>/<appUser>`) and is granted only to a role EC2 alone assumes (the runtime hosts). A grant of
 * the master secret to the hosts, a wildcard connect, or a widened migration trust fails, however it was written.
 */
export const DatabaseAccessAsPlanned: TemplateRule = {
  id: 'DatabaseAccessAsPlanned',
  resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'],
  info: 'A tenant IAM policy lets someone other than the provisioning and migration roles read the master secret, or grants rds-db:connect other than as the planned app user to the runtime hosts.',
  explanation: 'Seed 002: the gateway application only, separate admin credentials for migrations. Whoever reads the master secret is the database owner; a wildcard connect is every user of every instance.',
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC6.1', 'HIPAA-164.312(a)(1)', 'HIPAA-164.312(d)'],
  check(resource, context) {
    if (context.role.kind !== 'tenant') {
      return NOT_APPLICABLE;
    }
    const { appUser, migrationPrincipalArns } = tenantConfig(context.topology, context.role.tenantId).database;
    const documents = resource.Type === 'AWS::IAM::Role' ? asList<any>(resource.Properties?.Policies).map((p) => p?.PolicyDocument) : [resource.Properties?.PolicyDocument];
    const statements = documents.flatMap((d) => asList<any>(d?.Statement));
    if (statements.length === 0) {
      return NOT_APPLICABLE;
    }
    const roles = rolesOf(resource, context);
    const problems: string[] = [];
    const instance = Object.entries(context.template.Resources ?? {}).find(([, r]) => r.Type === 'AWS::RDS::DBInstance')?.[0];
    const plannedConnect = json({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':dbuser:', { 'Fn::GetAtt': [instance, 'DbiResourceId'] }, `/${appUser}`]] });
    for (const statement of statements) {
      if (grants(statement, 'secretsmanager:GetSecretValue') && asList(statement.Resource ?? '*').some((r) => text(r) === '*' || /secretsmanager|\*/.test(text(r)) || isSecretRef(context, r))) {
        for (const role of roles) {
          const principals = trusted(context, role);
          const migration = migrationPrincipalArns.length > 0 && principals.length > 0 && principals.every((p) => migrationPrincipalArns.some((arn) => p === `AWS:${arn}`));
          if (!isProvisionerRole(context, role) && !migration) problems.push(`MasterSecretReader::${role}`);
        }
      }
      if (grants(statement, 'rds-db:connect')) {
        for (const r of asList(statement.Resource ?? '*')) {
          if (json(r) !== plannedConnect) problems.push(`ConnectResource::${text(r)}`);
        }
        for (const role of roles) {
          if (json(trusted(context, role)) !== json(['Service:ec2.amazonaws.com'])) problems.push(`ConnectGrantedTo::${role}`);
        }
      }
    }
    return findings([...new Set(problems)]);
  },
};
