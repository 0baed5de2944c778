/**
 * When the TenantBaseline pack cannot judge, the gate fails with an error that names what could not be judged, and no
 * acknowledgement can make it pass: a rule that throws, and a platform stack the plan does not know as what it is.
 */
import { Validations } from 'aws-cdk-lib';
import { NagMessageLevel } from 'cdk-nag';
import { GATE_ERRORS, TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { TemplateRule } from '../../lib/compliance/rules';
import { platformTopology } from '../../lib/compliance/topology';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from '../helpers/app';

const CONFIG = exampleConfig();
const TOPOLOGY = platformTopology(CONFIG);
const [ACME, GLOBEX] = CONFIG.tenants;

const throwing: TemplateRule = {
  id: 'AlwaysThrows',
  resourceTypes: ['AWS::EC2::VPC'],
  info: 'test rule',
  explanation: 'test rule',
  level: NagMessageLevel.ERROR,
  controls: [],
  check: () => {
    throw new Error('cannot read CidrBlock');
  },
};

describe('a rule that throws', () => {
  test('GIVEN a rule that throws on a resource THEN the gate fails with an error naming the rule, the stack and the resource, even when acknowledged', () => {
    const app = testApp();
    const stack = new TenantStack(app, 'Tenant-acme', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    Validations.of(stack.network.vpc).acknowledge({ id: 'TenantBaseline-AlwaysThrows', reason: 'an acknowledgement must not hide a rule that could not judge' });
    const pack = new TenantBaselineChecks(TOPOLOGY, undefined, [throwing]);
    const report = pack.validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [GATE_ERRORS.ruleThrew, expect.stringMatching(/^TenantBaseline-AlwaysThrows threw on Tenant-acme\/NetworkVpc\w+ \(AWS::EC2::VPC\): cannot read CidrBlock$/)],
    ]);
    expect(pack.evaluations).toEqual([expect.objectContaining({ ruleId: 'TenantBaseline-AlwaysThrows', status: 'non-compliant', findings: ['TenantBaseline-AlwaysThrows[rule threw: cannot read CidrBlock]'] })]);
  });
});

describe('stacks and the platform plan', () => {
  test("GIVEN a tenant stack under another tenant's stack name THEN the gate fails naming both, and the stack is not judged", () => {
    const app = testApp();
    new TenantStack(app, 'Tenant-acme', { tenant: GLOBEX, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    const pack = new TenantBaselineChecks(TOPOLOGY);
    const report = pack.validateScope(app);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [
        GATE_ERRORS.stackNotInPlan,
        "Tenant-acme: is tenant 'globex' (10.101.0.0/16, alias/tenant-baseline/tenants/globex), but the platform plan has tenant 'acme' (10.100.0.0/16, alias/tenant-baseline/tenants/acme) under this name",
      ],
    ]);
    expect(pack.evaluations).toEqual([]);
  });

  test('GIVEN a tenant stack under a name the plan does not have THEN the gate fails instead of judging it as "other"', () => {
    const app = testApp();
    new TenantStack(app, 'Tenant-renamed', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
    const report = new TenantBaselineChecks(TOPOLOGY).validateScope(app);
    expect(report.violations.map((v) => [v.ruleName, v.description])).toEqual([
      [GATE_ERRORS.stackNotInPlan, 'Tenant-renamed: is a tenant stack, but the platform plan has it as other: check its name against the configuration'],
    ]);
  });
});
