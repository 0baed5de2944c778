/** LogGroupsMaskPersonalData: every platform log group masks personal data and secrets (seed 004), overrides included. */
import { LOG_DATA_IDENTIFIERS } from '../../lib/config/log-data-protection-plan';
import { exampleConfig } from '../helpers/app';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';
import { cfn, findingsOf, shipped, tenantApp } from '../helpers/pack';

describe('LogGroupsMaskPersonalData', () => {
  test('GIVEN the whole example platform THEN every log group of every stack carries the policy with e-mail, phone, card and secret identifiers', () => {
    // The example platform's templates as the whole suite shares them (test/helpers/platform-templates-cache.ts).
    let groups = 0;
    for (const { template } of cachedPlatformTemplates(exampleConfig())) {
      for (const group of Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::Logs::LogGroup') as { Properties: Record<string, any> }[]) {
        groups++;
        const policy = group.Properties!.DataProtectionPolicy;
        expect(policy.Statement.map((s: any) => Object.keys(s.Operation)[0])).toEqual(['Audit', 'Deidentify']);
        const names = policy.Statement[1].DataIdentifier.map((d: any) => d['Fn::Sub'].split('/').pop());
        expect(names).toEqual([...LOG_DATA_IDENTIFIERS]);
      }
    }
    expect(groups).toBeGreaterThan(10);
    expect(LOG_DATA_IDENTIFIERS).toEqual(expect.arrayContaining(['EmailAddress', 'PhoneNumber-US', 'CreditCardNumber', 'AwsSecretKey']));
  });

  test('GIVEN the shipped tenant THEN compliant', () => shipped('LogGroupsMaskPersonalData', () => tenantApp().app));

  test('GIVEN the policy removed from the flow logs and an identifier dropped from the database logs (overrides) THEN both are reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Network/FlowLog/LogGroup/Resource').addPropertyDeletionOverride('DataProtectionPolicy');
    cfn(app, 'Tenant-acme/Database/PostgresqlLogs/Resource').addPropertyDeletionOverride('DataProtectionPolicy.Statement.1.DataIdentifier.0');
    expect(findingsOf(app, 'LogGroupsMaskPersonalData').sort()).toEqual([
      'TenantBaseline-LogGroupsMaskPersonalData[DataProtectionPolicy::not-as-planned] @ Tenant-acme/Database/PostgresqlLogs/Resource',
      'TenantBaseline-LogGroupsMaskPersonalData[DataProtectionPolicy::unset] @ Tenant-acme/Network/FlowLog/LogGroup/Resource',
    ]);
  });

  test('GIVEN the masking statement left without its Deidentify operation (override: audit only) THEN it is reported', () => {
    const { app } = tenantApp();
    // (An override of the operation to `{ Audit: {...} }` merges with it and renders nothing new: the CDK drops empty objects.)
    cfn(app, 'Tenant-acme/Network/FlowLog/LogGroup/Resource').addPropertyDeletionOverride('DataProtectionPolicy.Statement.1.Operation.Deidentify');
    expect(findingsOf(app, 'LogGroupsMaskPersonalData')).toEqual(['TenantBaseline-LogGroupsMaskPersonalData[DataProtectionPolicy::not-as-planned] @ Tenant-acme/Network/FlowLog/LogGroup/Resource']);
  });
});
