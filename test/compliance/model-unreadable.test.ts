/**
 * Bad input to the model: a value the rules cannot read (an intrinsic they do not render, such as Fn::ImportValue or
 * Fn::If, where a CIDR, a key, a principal or a target must be) is a finding that names the resource and the property,
 * never a pass. Judged on the example platform's real templates with one value replaced.
 */
import { judgeTemplates } from '../../lib/compliance/gate/judge';
import { StackTemplate } from '../../lib/compliance/rules';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

// platformTemplates(PACK.CONFIG, cdk.json), synthesized once per run for every file that reads it.
const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);
const IMPORTED = { 'Fn::ImportValue': 'somebody-elses-export' };
const CONDITIONAL = { 'Fn::If': ['IsProd', 'arn:aws:iam::111122223333:root', { Ref: 'AWS::NoValue' }] };

/** The findings a change adds to one stack of the example platform. */
function added(stackName: string, change: (template: StackTemplate) => string): string[] {
  const named = TEMPLATES.find((t) => t.stackName === stackName)!;
  const before = new Set(judgeTemplates([named], PACK.TOPOLOGY));
  const template = structuredClone(named.template);
  const logicalId = change(template);
  return judgeTemplates([{ stackName, template }], PACK.TOPOLOGY).filter((f) => !before.has(f) && f.startsWith(`${stackName}/${logicalId} `));
}

function first(template: StackTemplate, type: string, where: (p: Record<string, any>) => boolean = () => true): [string, Record<string, any>] {
  const found = Object.entries(template.Resources ?? {}).find(([, r]) => r.Type === type && where(r.Properties ?? {}));
  if (!found) {
    throw new Error(`no ${type}`);
  }
  return [found[0], found[1].Properties as Record<string, any>];
}

test.each([
  ['a NACL entry CIDR imported from another stack', 'Tenant-acme', 'NetworkAclAsPlanned', (t: StackTemplate) => {
    const [id, p] = first(t, 'AWS::EC2::NetworkAclEntry');
    p.CidrBlock = IMPORTED;
    return referenced(t, p.NetworkAclId) ?? id;
  }],
  ['a key policy principal behind Fn::If', 'Tenant-acme', 'PolicyPrincipalsAsPlanned', (t: StackTemplate) => {
    const [id, p] = first(t, 'AWS::KMS::Key');
    p.KeyPolicy.Statement.push({ Effect: 'Allow', Principal: { AWS: CONDITIONAL }, Action: 'kms:Decrypt', Resource: '*' });
    return id;
  }],
  ['a table key imported from another stack', 'Tenant-acme', 'TenantDataUnderTenantKey', (t: StackTemplate) => {
    const [id, p] = first(t, 'AWS::DynamoDB::Table');
    p.SSESpecification.KMSMasterKeyId = IMPORTED;
    return id;
  }],
  ['a route target imported from another stack', 'Tenant-acme', 'RoutesAsPlanned', (t: StackTemplate) => {
    const [id, p] = first(t, 'AWS::EC2::Route', (q) => q.TransitGatewayId !== undefined);
    p.TransitGatewayId = IMPORTED;
    return id;
  }],
  ['a security group egress CIDR behind Fn::If', 'ControlPlane', 'ControlPlaneGroupsAsPlanned', (t: StackTemplate) => {
    const [id, p] = first(t, 'AWS::EC2::SecurityGroup', (q) => Array.isArray(q.SecurityGroupEgress));
    p.SecurityGroupEgress[0].CidrIp = CONDITIONAL;
    return id;
  }],
])('GIVEN %s THEN it is a finding of %s on that resource', (_, stack, rule, change) => {
  const found = added(stack, change);
  expect(found.filter((f) => f.includes(` ${rule}`))).not.toEqual([]);
});

function referenced(template: StackTemplate, value: unknown): string | undefined {
  const id = (value as { Ref?: string } | undefined)?.Ref;
  return id && template.Resources?.[id] ? id : undefined;
}
