/** The tenant plan: one function derives everything about a tenant from its id and number, and everyone uses it. */
import { Template } from 'aws-cdk-lib/assertions';
import { TENANT_SUBNET_PLAN, tenantPlan } from '../../lib/config/platform-config';
import { platformTopology, roleOf } from '../../lib/compliance/topology';
import { buildPlatform } from '../../lib/platform';
import { exampleConfig, testApp } from '../helpers/app';

describe('tenantPlan', () => {
  test.each([
    [0, '10.100.0.0/16'],
    [155, '10.255.0.0/16'],
  ])('GIVEN tenant number %p THEN its plan has the CIDR %s, its stack, key alias and log prefixes', (number, cidr) => {
    expect(tenantPlan({ id: 'acme', number })).toEqual({
      id: 'acme',
      number,
      cidr,
      stackName: 'Tenant-acme',
      keyAlias: 'alias/tenant-baseline/tenants/acme',
      logGroupPrefix: '/tenant-baseline/tenants/acme/',
      databaseLogGroupPrefix: '/aws/rds/instance/tenant-baseline-acme/',
      subnets: TENANT_SUBNET_PLAN,
    });
  });

  test('GIVEN the example platform THEN its stacks, its VPCs, its keys and the gate topology all agree with the plan', () => {
    const config = exampleConfig();
    const app = testApp();
    const { tenants } = buildPlatform(app, config);
    const topology = platformTopology(config);
    expect(tenants.map((s) => s.stackName)).toEqual(config.tenants.map((t) => tenantPlan(t).stackName));
    for (const stack of tenants) {
      const plan = tenantPlan(stack.plan);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: plan.cidr });
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: plan.keyAlias });
      expect(roleOf(topology, stack.stackName)).toEqual({ kind: 'tenant', tenantId: plan.id, tenantNumber: plan.number, cidr: plan.cidr, keyAlias: plan.keyAlias });
      const subnetNames = Object.values(template.findResources('AWS::EC2::Subnet')).map((r) => (r.Properties.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'aws-cdk:subnet-name')?.Value);
      expect(new Set(subnetNames)).toEqual(new Set(plan.subnets.map((s) => s.name)));
    }
  });
});
