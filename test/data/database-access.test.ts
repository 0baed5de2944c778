/**
 * Who may reach a tenant's database, decided by a real IAM engine over the synthesized template (not by reading the
 * policy text): the runtime hosts connect only as the configured app user of their own tenant's instance
 * (`rds-db:connect` on `dbuser:<DbiResourceId>/<user>`) and cannot read the master secret; the master secret is read by
 * the provisioning function and the migration role, which only the configured principals may assume. Each property is
 * also shown to fail when it is broken through the L2 and through an escape hatch.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { testApp } from '../helpers/app';
import { ACCOUNT, decideAssumeRole, decideForRole, REGION } from '../helpers/iam-evaluator';
import { PACK } from '../helpers/pack';

const { CONFIG, ACME } = PACK;
const MIGRATOR = `arn:aws:iam::${ACCOUNT}:role/platform-deploy`;

function tenant(database: Partial<typeof ACME.database> = {}, id = 'acme') {
  const app = testApp();
  const config = { ...ACME, id, database: { ...ACME.database, migrationPrincipalArns: [MIGRATOR], ...database } };
  const stack = new TenantStack(app, `Tenant-${id}`, { tenant: config, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  return { stack, resources: () => Template.fromStack(stack).toJSON().Resources };
}
const idOf = (stack: TenantStack, c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as CfnResource).logicalId) as string;
const dbuser = (resourceId: string, user: string, region = REGION, account = ACCOUNT) => `arn:aws:rds-db:${region}:${account}:dbuser:${resourceId}/${user}`;

/** The checks, as functions of a built stack, so the break tests run exactly what the property tests run. */
async function runtimeReadsMasterSecret(stack: TenantStack, resources: any): Promise<boolean> {
  const secretId = idOf(stack, stack.database.secret as never);
  const policy = Object.values(resources).find((r: any) => r.Type === 'AWS::SecretsManager::ResourcePolicy' && r.Properties.SecretId?.Ref === secretId) as any;
  const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${secretId}-AbCdEf`;
  const decisions = await Promise.all(
    ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'].map((action) => decideForRole(resources, idOf(stack, stack.runtime.role as never), action, secretArn, policy?.Properties.ResourcePolicy)),
  );
  return decisions.includes('Allowed');
}
async function runtimeConnects(stack: TenantStack, resources: any, arn: string): Promise<boolean> {
  return (await decideForRole(resources, idOf(stack, stack.runtime.role as never), 'rds-db:connect', arn)) === 'Allowed';
}
const ownInstance = (stack: TenantStack) => `db-${idOf(stack, stack.database.instance as never).toUpperCase()}`;

describe('the runtime hosts and the database (evaluated by @cloud-copilot/iam-simulate)', () => {
  test('GIVEN a tenant THEN the runtime role cannot read the master secret (GetSecretValue, DescribeSecret)', async () => {
    const { stack, resources } = tenant();
    expect(await runtimeReadsMasterSecret(stack, resources())).toBe(false);
  });

  test('GIVEN a tenant THEN the runtime role may rds-db:connect as the app user of its own instance, and as nobody else anywhere', async () => {
    const { stack, resources } = tenant();
    const r = resources();
    const own = ownInstance(stack);
    expect(await runtimeConnects(stack, r, dbuser(own, 'app'))).toBe(true);
    for (const other of [dbuser(own, 'tenant_admin'), dbuser(own, 'postgres'), dbuser(own, 'rdsadmin'), dbuser(own, 'app2'), dbuser('db-GLOBEXINSTANCE', 'app'), dbuser(own, 'app', 'eu-central-1'), dbuser(own, 'app', REGION, '444455556666')]) {
      expect([other, await runtimeConnects(stack, r, other)]).toEqual([other, false]);
    }
  });

  test('GIVEN another app user name in config THEN the grant follows it, and the default name is no longer allowed', async () => {
    const { stack, resources } = tenant({ appUser: 'workflow' });
    const own = ownInstance(stack);
    expect(await runtimeConnects(stack, resources(), dbuser(own, 'workflow'))).toBe(true);
    expect(await runtimeConnects(stack, resources(), dbuser(own, 'app'))).toBe(false);
  });

  test('GIVEN the master secret granted to the runtime again (L2) THEN the check reports it readable', async () => {
    const { stack, resources } = tenant();
    stack.database.secret.grantRead(stack.runtime.role);
    expect(await runtimeReadsMasterSecret(stack, resources())).toBe(true);
  });

  test('GIVEN an escape hatch that adds secretsmanager:GetSecretValue on * to the runtime policy THEN the check reports it readable', async () => {
    const { stack, resources } = tenant();
    const policy = stack.runtime.role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
    policy.addPropertyOverride('PolicyDocument.Statement.99', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(await runtimeReadsMasterSecret(stack, resources())).toBe(true);
  });

  test('GIVEN an escape hatch that widens the connect grant to dbuser:*/* THEN the check sees the runtime connect as the master user', async () => {
    const { stack, resources } = tenant();
    const policy = stack.runtime.role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
    policy.addPropertyOverride('PolicyDocument.Statement.99', { Effect: 'Allow', Action: 'rds-db:connect', Resource: 'arn:aws:rds-db:*:*:dbuser:*/*' });
    expect(await runtimeConnects(stack, resources(), dbuser(ownInstance(stack), 'tenant_admin'))).toBe(true);
  });

  test('GIVEN a connect grant added through the L2 for another instance THEN the check sees it', async () => {
    const { stack, resources } = tenant();
    stack.runtime.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['rds-db:connect'], resources: [dbuser('db-GLOBEXINSTANCE', 'app')] }));
    expect(await runtimeConnects(stack, resources(), dbuser('db-GLOBEXINSTANCE', 'app'))).toBe(true);
  });
});

describe('who holds the master secret', () => {
  test('GIVEN a tenant THEN the provisioning function and the migration role read the master secret', async () => {
    const { stack, resources } = tenant();
    const r = resources();
    const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${idOf(stack, stack.database.secret as never)}-AbCdEf`;
    expect(await decideForRole(r, idOf(stack, stack.databaseUser.provisioner.role as never), 'secretsmanager:GetSecretValue', secretArn)).toBe('Allowed');
    expect(await decideForRole(r, idOf(stack, stack.databaseUser.migrationRole as never), 'secretsmanager:GetSecretValue', secretArn)).toBe('Allowed');
    expect(await decideForRole(r, idOf(stack, stack.databaseUser.migrationRole as never), 'lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${idOf(stack, stack.databaseUser.provisioner.function as never)}`)).toBe('Allowed');
  });

  test('GIVEN a tenant THEN only the configured principal may assume the migration role: not the runtime hosts, not another role, not another account', async () => {
    const { stack, resources } = tenant();
    const r = resources();
    const migration = idOf(stack, stack.databaseUser.migrationRole as never);
    expect(await decideAssumeRole(r, migration, MIGRATOR)).toBe('Allowed');
    for (const other of [`arn:aws:iam::${ACCOUNT}:role/${idOf(stack, stack.runtime.role as never)}`, `arn:aws:iam::${ACCOUNT}:role/platform-deploy-2`, 'arn:aws:iam::444455556666:role/platform-deploy']) {
      expect([other, await decideAssumeRole(r, migration, other)]).toEqual([other, 'ImplicitlyDenied']);
    }
  });

  test('GIVEN no migration principals THEN there is no migration role', () => {
    expect(tenant({ migrationPrincipalArns: [] }).stack.databaseUser.migrationRole).toBeUndefined();
  });
});
