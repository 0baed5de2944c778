/**
 * DatabaseAccessAsPlanned on the real tenant stack: the shipped grants pass; the master secret granted to the hosts,
 * a wildcard or foreign connect, a connect granted to another role, and a widened migration trust each fail, through
 * the L2 and through escape hatches.
 */
import { CfnResource } from 'aws-cdk-lib';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { testApp } from '../helpers/app';
import { PACK } from '../helpers/pack';

const MIGRATOR = 'arn:aws:iam::111122223333:role/platform-deploy';
const CONFIG = { ...PACK.CONFIG, tenants: PACK.CONFIG.tenants.map((t) => (t.id === 'acme' ? { ...t, database: { ...t.database, migrationPrincipalArns: [MIGRATOR] } } : t)) };
const ACME = CONFIG.tenants.find((t) => t.id === 'acme')!;

function tenant() {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  const findings = () => {
    const pack = new TenantBaselineChecks(platformTopology(CONFIG));
    pack.validateScope(app);
    const judged = pack.evaluations.filter((e) => e.ruleId === 'TenantBaseline-DatabaseAccessAsPlanned');
    return { compliant: judged.filter((e) => e.status === 'compliant').length, found: judged.filter((e) => e.status === 'non-compliant').flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath.split('/').slice(1, 3).join('/')}`)) };
  };
  return { stack, findings };
}
const runtimePolicy = (stack: TenantStack) => stack.runtime.role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
const idOf = (stack: TenantStack, c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as CfnResource).logicalId) as string;

describe('DatabaseAccessAsPlanned', () => {
  test('GIVEN the shipped tenant (with a migration role) THEN the runtime, provisioning and migration policies are judged and compliant', () => {
    const { findings } = tenant();
    const { compliant, found } = findings();
    expect(found).toEqual([]);
    expect(compliant).toBeGreaterThanOrEqual(3);
  });

  test('GIVEN the master secret granted to the runtime hosts (L2) THEN it is reported', () => {
    const { stack, findings } = tenant();
    stack.database.secret.grantRead(stack.runtime.role);
    expect(findings().found).toEqual([`TenantBaseline-DatabaseAccessAsPlanned[MasterSecretReader::${idOf(stack, stack.runtime.role as never)}] @ Runtime/Role`]);
  });

  test('GIVEN secretsmanager:* on * added to the plan verifier by override THEN it is reported', () => {
    const { stack, findings } = tenant();
    (stack.planVerifier.platformFunction.policy.node.defaultChild as CfnResource).addPropertyOverride('PolicyDocument.Statement.9', { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' });
    expect(findings().found).toEqual([expect.stringMatching(/^TenantBaseline-DatabaseAccessAsPlanned\[MasterSecretReader::PlanVerifier/)]);
  });

  test('GIVEN the connect widened to dbuser:*/* and the user renamed to the master user (overrides) THEN both are reported', () => {
    const { stack, findings } = tenant();
    runtimePolicy(stack).addPropertyOverride('PolicyDocument.Statement.3.Resource', 'arn:aws:rds-db:*:*:dbuser:*/*');
    expect(findings().found).toEqual(['TenantBaseline-DatabaseAccessAsPlanned[ConnectResource::arn:aws:rds-db:*:*:dbuser:*/*] @ Runtime/Role']);
  });

  test('GIVEN rds-db:connect granted to the plan verifier through the L2 THEN the grantee is reported', () => {
    const { stack, findings } = tenant();
    stack.databaseUser.grantConnect(stack.planVerifier.platformFunction.role);
    expect(findings().found).toEqual([expect.stringMatching(/^TenantBaseline-DatabaseAccessAsPlanned\[ConnectGrantedTo::PlanVerifierRole.*\] @ PlanVerification\//)]);
  });

  test('GIVEN the migration role trust widened to another role (override) THEN its master-secret policy is reported', () => {
    const { stack, findings } = tenant();
    (stack.databaseUser.migrationRole!.node.defaultChild as CfnResource).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Principal.AWS', 'arn:aws:iam::111122223333:role/anyone');
    expect(findings().found).toEqual([`TenantBaseline-DatabaseAccessAsPlanned[MasterSecretReader::${idOf(stack, stack.databaseUser.migrationRole as never)}] @ DatabaseUser/MigrationPolicy`]);
  });
});
