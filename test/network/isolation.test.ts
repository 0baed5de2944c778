import { Template } from 'aws-cdk-lib/assertions';
import { cidr, cidrContains } from '../../lib/config/cidr';
import { TENANT_ADDRESS_SPACE, tenantCidr } from '../../lib/config/platform-config';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { buildPlatform } from '../../lib/platform';
import { TEST_SUBSCRIPTIONS, testApp } from '../helpers/app';

/**
 * Tenant isolation, checked on what the templates will contain: two tenants' stacks never name each other's CIDR,
 * id, key or security groups, and every address a tenant stack mentions is its own, the control plane's, the
 * internet (egress only) or the tenant address space in a deny rule.
 */
const config = validatePlatformConfig({
  accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS },
  controlPlane: { cidr: '10.0.0.0/16' },
  tenants: [
    { id: 'acme', number: 0 },
    { id: 'globex', number: 1 },
    { id: 'initech', number: 155 },
  ],
});
const CIDR_LITERAL = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}\b/g;

describe('tenant isolation across stacks', () => {
  const stacks = buildPlatform(testApp(), config);
  const templates = new Map(stacks.tenants.map((s, i) => [config.tenants[i], Template.fromStack(s).toJSON()]));

  test.each(config.tenants.flatMap((a) => config.tenants.filter((b) => b !== a).map((b) => [a.id, b.id])))(
    "GIVEN tenants %s and %s THEN the first's template never names the second's id, CIDR, alias or log groups",
    (aId, bId) => {
      const a = config.tenants.find((t) => t.id === aId)!;
      const b = config.tenants.find((t) => t.id === bId)!;
      const text = JSON.stringify(templates.get(a));
      expect(text).not.toContain(bId);
      const theirs = cidr(tenantCidr(b.number));
      const inTheirVpc = (text.match(CIDR_LITERAL) ?? []).filter((literal) => cidrContains(theirs, cidr(literal)));
      expect(inTheirVpc).toEqual([]);
    },
  );

  test.each(config.tenants.map((t) => [t.id, t]))('GIVEN tenant %s THEN every CIDR it mentions is its own, the control plane, the internet, or the tenant space in a deny rule', (_, tenant) => {
    const template = templates.get(tenant)!;
    const own = cidr(tenantCidr(tenant.number));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
      const literals = JSON.stringify(resource.Properties ?? {}).match(CIDR_LITERAL) ?? [];
      for (const literal of literals) {
        const block = cidr(literal);
        if (cidrContains(own, block) || literal === config.controlPlane.cidr || literal === '255.255.255.255/32') continue;
        if (literal === '0.0.0.0/0') {
          // The internet appears only as an egress destination or in the ACL rules for return traffic and HTTPS.
          expect(['AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::Route']).toContain(resource.Type);
          if (resource.Type === 'AWS::EC2::SecurityGroup') {
            expect(JSON.stringify(resource.Properties.SecurityGroupIngress ?? [])).not.toContain('0.0.0.0/0');
          }
          continue;
        }
        expect({ logicalId, literal, inTenantSpace: TENANT_ADDRESS_SPACE.includes(literal), action: resource.Properties?.RuleAction }).toEqual({
          logicalId,
          literal,
          inTenantSpace: true,
          action: 'deny',
        });
      }
    }
  });

  test.each(config.tenants.map((t) => [t.id, t]))('GIVEN tenant %s THEN it has exactly one key and every encrypted resource refers to that key', (_, tenant) => {
    const template = templates.get(tenant)!;
    const keys = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key').map(([id]) => id);
    expect(keys).toHaveLength(1);
    // Every property that names a KMS key (KmsKeyId, KMSMasterKeyID, EncryptionKeyArn, TargetKeyId, ...), at any
    // depth, must point at this stack's own key: never another tenant's, never an AWS-managed alias.
    const keyRefs: unknown[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (/kms.*key|encryptionkey|targetkeyid/i.test(k)) keyRefs.push(v);
          else walk(v);
        }
      }
    };
    for (const resource of Object.values<any>(template.Resources)) walk(resource.Properties);
    expect(keyRefs.length).toBeGreaterThanOrEqual(4);
    for (const ref of keyRefs) {
      expect(ref).toEqual({ 'Fn::GetAtt': [keys[0], 'Arn'] });
    }
  });

  test('GIVEN the whole fleet THEN no two tenant stacks share a logical resource reference across stacks (no exports, no imports)', () => {
    for (const template of templates.values()) {
      const text = JSON.stringify(template);
      expect(text).not.toContain('Fn::ImportValue');
      expect(template.Outputs ?? {}).toEqual({});
    }
  });
});
