import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformKey } from '../../lib/kms/platform-key';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { DENY_GRANTS_SID } from '../../lib/kms/grant-guard';
import { exampleConfig, resourcesOfType, testApp, tenantStackProps } from '../helpers/app';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';

function keyPolicyStatements(template: Template): any[] {
  const keys = Object.values(resourcesOfType(template, 'AWS::KMS::Key'));
  expect(keys).toHaveLength(1);
  return keys[0].Properties!.KeyPolicy.Statement;
}

describe('PlatformKey (the tenant key)', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', tenantStackProps({ id: 'acme', number: 0 }, { cidr: '10.0.0.0/16' }));
  const template = Template.fromStack(stack);

  test('THEN it is a symmetric customer-managed key with yearly rotation, kept on stack delete', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', PendingWindowInDays: 30 });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('THEN it has the tenant alias', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tenant-baseline/tenants/acme' });
  });

  test('THEN only the account root gets kms:* (the KMS default that lets IAM delegate), nobody else', () => {
    const wildcard = keyPolicyStatements(template).filter((s) => [s.Action].flat().some((a: string) => a === 'kms:*' || a === '*'));
    expect(wildcard).toHaveLength(1);
    expect(JSON.stringify(wildcard[0].Principal)).toMatch(/:root"/);
  });

  test('THEN every service principal in the key policy is bound by an encryption-context or source condition', () => {
    const servicePrincipals = keyPolicyStatements(template).filter((s) => s.Principal?.Service);
    expect(servicePrincipals.length).toBeGreaterThan(0);
    for (const s of servicePrincipals) {
      const conditionKeys = Object.values(s.Condition ?? {}).flatMap((c: any) => Object.keys(c));
      expect(conditionKeys.some((k) => k.startsWith('kms:EncryptionContext:') || k.startsWith('aws:Source') || k === 'kms:ViaService')).toBe(true);
    }
  });

  test("THEN CloudWatch Logs may use it only for this tenant's log groups", () => {
    const logs = keyPolicyStatements(template).find((s) => JSON.stringify(s.Principal?.Service ?? '').includes('logs.'));
    const arn = (prefix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:log-group:${prefix}*`]] });
    expect(logs.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': [arn('/tenant-baseline/tenants/acme/'), arn('/aws/rds/instance/tenant-baseline-acme/')] },
    });
    expect(logs.Action).toEqual(['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']);
  });

  test('GIVEN no log group prefixes THEN the key policy gives CloudWatch Logs nothing', () => {
    const s = new Stack(testApp(), 'S');
    new PlatformKey(s, 'Key', { alias: 'alias/x', description: 'x', logGroupNamePrefixes: [] });
    const [key] = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key')) as any[];
    const principals = JSON.stringify(key.Properties.KeyPolicy.Statement.map((st: any) => st.Principal));
    expect(principals).not.toContain('logs.');
  });

  test.each([[['no-boundary']], [['/open-ended']], [['/wild/*/']]])('GIVEN log group prefixes %p THEN construction fails', (prefixes) => {
    const s = new Stack(testApp(), 'S');
    expect(() => new PlatformKey(s, 'Key', { alias: 'alias/x', description: 'x', logGroupNamePrefixes: prefixes })).toThrow("'logGroupNamePrefixes' must be prefixes without '*' that end in '/', '_' or '-'");
  });

  test('GIVEN a custom removal policy is not set THEN a second key in another stack does not share anything', () => {
    const other = new Stack(testApp(), 'Other');
    new PlatformKey(other, 'Key', { alias: 'alias/x', description: 'x', logGroupNamePrefixes: ['/x/'] });
    expect(JSON.stringify(Template.fromStack(other).toJSON())).not.toContain('tenants/acme');
  });
});

describe('grants (CT.KMS.PR.3)', () => {
  test('GIVEN the whole example platform THEN every key denies kms:CreateGrant unless it is for an AWS resource or made by an AWS service', () => {
    // The example platform's templates as the whole suite shares them (test/helpers/platform-templates-cache.ts).
    const keys = cachedPlatformTemplates(exampleConfig()).flatMap(({ stackName, template }) =>
      Object.entries(template.Resources ?? {})
        .filter(([, r]) => r.Type === 'AWS::KMS::Key')
        .map(([id, key]) => [`${stackName}/${id}`, key as { Properties?: Record<string, any> }] as const),
    );
    expect(keys.length).toBeGreaterThanOrEqual(7);
    for (const [where, key] of keys) {
      const deny = (key.Properties!.KeyPolicy.Statement as any[]).filter((s) => s.Sid === DENY_GRANTS_SID);
      expect({ where, deny }).toEqual({
        where,
        deny: [
          {
            Sid: DENY_GRANTS_SID,
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
          },
        ],
      });
    }
  });
});
