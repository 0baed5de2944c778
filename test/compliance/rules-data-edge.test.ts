/**
 * The TenantBaseline pack's data, key, edge and detection rules on real constructs (the pack itself and the network
 * rules: rules.test.ts): the shipped stacks are compliant (and the rule judged something there), and a deliberate
 * break, mostly through a CloudFormation escape hatch, is reported on exactly the broken resource.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { testApp } from '../helpers/app';
import { cfn, compliantCount, findingsOf, PACK, shipped, tenantApp } from '../helpers/pack';

const { CONFIG } = PACK;

describe('TenantDataUnderTenantKey', () => {
  test("GIVEN the shipped tenant THEN every data resource is under the tenant's key", () => shipped('TenantDataUnderTenantKey', () => tenantApp().app));

  test('GIVEN the table switched to another key of the same stack THEN it is reported', () => {
    const { app, stack } = tenantApp();
    const other = new kms.Key(stack, 'OtherKey', { enableKeyRotation: true });
    cfn(app, 'Tenant-acme/Table/Resource/Resource').addPropertyOverride('SSESpecification.KMSMasterKeyId', other.keyArn);
    const otherId = stack.resolve((other.node.defaultChild as CfnResource).logicalId);
    expect(findingsOf(app, 'TenantDataUnderTenantKey')).toEqual([`TenantBaseline-TenantDataUnderTenantKey[SSESpecification::\${${otherId}.Arn}] @ Tenant-acme/Table/Resource/Resource`]);
  });

  test('GIVEN the data bucket switched to SSE-S3 THEN it is reported (crypto-shredding could not erase it)', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Bucket/Resource/Resource').addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration', [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(findingsOf(app, 'TenantDataUnderTenantKey')).toEqual(['TenantBaseline-TenantDataUnderTenantKey[BucketEncryption0::AES256] @ Tenant-acme/Bucket/Resource/Resource']);
  });

  test('GIVEN the launch template volume unencrypted THEN it is reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Runtime/LaunchTemplate/Resource').addPropertyOverride('LaunchTemplateData.BlockDeviceMappings.0.Ebs.Encrypted', false);
    expect(findingsOf(app, 'TenantDataUnderTenantKey')).toEqual(['TenantBaseline-TenantDataUnderTenantKey[Ebs:/dev/xvda::unencrypted-or-unset] @ Tenant-acme/Runtime/LaunchTemplate/Resource']);
  });
});

describe('KmsServicePrincipalConditioned', () => {
  test('GIVEN the shipped tenant key THEN every service statement is conditioned', () => shipped('KmsServicePrincipalConditioned', () => tenantApp().app));

  test('GIVEN a service principal allowed without a source or encryption-context condition THEN it is reported', () => {
    const { app, stack } = tenantApp();
    stack.key.key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'LetS3Decrypt', principals: [new iam.ServicePrincipal('s3.amazonaws.com')], actions: ['kms:Decrypt'], resources: ['*'] }));
    expect(findingsOf(app, 'KmsServicePrincipalConditioned')).toEqual(['TenantBaseline-KmsServicePrincipalConditioned[LetS3Decrypt::Service:s3.amazonaws.com] @ Tenant-acme/Key/Resource/Resource']);
  });

  test('GIVEN the CloudWatch Logs condition deleted by an override THEN it is reported', () => {
    const { app, stack } = tenantApp();
    const key = cfn(app, 'Tenant-acme/Key/Resource/Resource') as kms.CfnKey;
    const index = (stack.resolve(key.keyPolicy).Statement as { Sid?: string }[]).findIndex((st) => st.Sid === 'AllowCloudWatchLogsForOwnLogGroups');
    key.addPropertyDeletionOverride(`KeyPolicy.Statement.${index}.Condition`);
    expect(findingsOf(app, 'KmsServicePrincipalConditioned')).toEqual([
      'TenantBaseline-KmsServicePrincipalConditioned[AllowCloudWatchLogsForOwnLogGroups::Service:logs.${AWS::Region}.amazonaws.com] @ Tenant-acme/Key/Resource/Resource',
    ]);
  });
});

describe('KmsFullAccessOnlyRoot', () => {
  test('GIVEN the shipped tenant key THEN only the account root has kms:*', () => shipped('KmsFullAccessOnlyRoot', () => tenantApp().app));

  test('GIVEN kms:* granted to a role THEN it is reported', () => {
    const { app, stack } = tenantApp();
    const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    stack.key.key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'AdminEverything', principals: [role], actions: ['kms:*'], resources: ['*'] }));
    const roleId = stack.resolve((role.node.defaultChild as CfnResource).logicalId);
    expect(findingsOf(app, 'KmsFullAccessOnlyRoot')).toEqual([`TenantBaseline-KmsFullAccessOnlyRoot[AdminEverything::AWS:\${${roleId}.Arn}] @ Tenant-acme/Key/Resource/Resource`]);
  });
});

describe('LogGroupCmkFiniteRetention', () => {
  test('GIVEN the shipped tenant THEN every log group has a customer key and a retention', () => shipped('LogGroupCmkFiniteRetention', () => tenantApp().app));

  test('GIVEN a log group kept forever THEN it is reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Database/PostgresqlLogs/Resource').addPropertyDeletionOverride('RetentionInDays');
    expect(findingsOf(app, 'LogGroupCmkFiniteRetention')).toEqual(['TenantBaseline-LogGroupCmkFiniteRetention[RetentionInDays::unset] @ Tenant-acme/Database/PostgresqlLogs/Resource']);
  });
});

describe('RdsForceSsl', () => {
  test('GIVEN the shipped tenant database THEN its parameter group forces TLS', () => shipped('RdsForceSsl', () => tenantApp().app));

  test('GIVEN rds.force_ssl overridden to 0 THEN the instance is reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Database/Parameters/Resource').addPropertyOverride('Parameters', { 'rds.force_ssl': '0' });
    expect(findingsOf(app, 'RdsForceSsl')).toEqual(['TenantBaseline-RdsForceSsl @ Tenant-acme/Database/Resource/Resource']);
  });

  test('GIVEN the instance moved to the default parameter group THEN it is reported', () => {
    const { app } = tenantApp();
    cfn(app, 'Tenant-acme/Database/Resource/Resource').addPropertyOverride('DBParameterGroupName', 'default.postgres18');
    expect(findingsOf(app, 'RdsForceSsl')).toEqual(['TenantBaseline-RdsForceSsl @ Tenant-acme/Database/Resource/Resource']);
  });
});

describe('ApiGatewayTls13Strict', () => {
  const controlPlane = () => {
    const app = testApp();
    new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
    return app;
  };

  test('GIVEN the shipped API THEN TLS 1.3 with STRICT access, and WHEN overridden to TLS 1.2 and BASIC THEN both are reported', () => {
    const app = controlPlane();
    expect(findingsOf(app, 'ApiGatewayTls13Strict')).toEqual([]);
    expect(compliantCount(app, 'ApiGatewayTls13Strict')).toBe(1);
    const api = cfn(app, 'ControlPlane/Edge/Api/Resource/Resource');
    api.addPropertyOverride('SecurityPolicy', 'TLS_1_2');
    api.addPropertyOverride('EndpointAccessMode', 'BASIC');
    expect(findingsOf(app, 'ApiGatewayTls13Strict')).toEqual([
      'TenantBaseline-ApiGatewayTls13Strict[EndpointAccessMode::BASIC] @ ControlPlane/Edge/Api/Resource/Resource',
      'TenantBaseline-ApiGatewayTls13Strict[SecurityPolicy::TLS_1_2] @ ControlPlane/Edge/Api/Resource/Resource',
    ]);
  });
});

describe('ApiStageBehindWaf and ApiMethodsAuthorized', () => {
  const controlPlane = () => {
    const app = testApp();
    new ControlPlaneStack(app, 'ControlPlane', { controlPlane: CONFIG.controlPlane, tenantIds: ['acme'], sidecar: CONFIG.sidecar });
    return app;
  };

  test('GIVEN the shipped stage THEN it is behind the full web ACL, and WHEN the ACL is weakened THEN each gap is reported', () => {
    const app = controlPlane();
    expect(findingsOf(app, 'ApiStageBehindWaf')).toEqual([]);
    expect(compliantCount(app, 'ApiStageBehindWaf')).toBe(1);
    const acl = cfn(app, 'ControlPlane/Edge/WebAcl/Resource') as wafv2.CfnWebACL;
    // The L1 holds the rules with its own (camelCase) property names; the overrides address the template's.
    const names = (Stack.of(acl).resolve(acl.rules) as { name: string }[]).map((r) => r.name);
    const sqli = names.indexOf('AWSManagedRulesSQLiRuleSet');
    const rate = names.indexOf('RateLimitPerClientIp');
    acl.addPropertyDeletionOverride(`Rules.${sqli}.OverrideAction.None`);
    acl.addPropertyOverride(`Rules.${sqli}.OverrideAction.Count`, {});
    acl.addPropertyDeletionOverride(`Rules.${rate}.Action.Block`);
    acl.addPropertyOverride(`Rules.${rate}.Action.Count`, {});
    cfn(app, 'ControlPlane/Edge/WebAcl/Logging').addPropertyOverride('RedactedFields', [{ SingleHeader: { Name: 'authorization' } }]);
    expect(findingsOf(app, 'ApiStageBehindWaf')).toEqual([
      'TenantBaseline-ApiStageBehindWaf[LogRedaction::cookie] @ ControlPlane/Edge/Api/Resource/DeploymentStage.prod/Resource',
      'TenantBaseline-ApiStageBehindWaf[ManagedGroup::AWSManagedRulesSQLiRuleSet] @ ControlPlane/Edge/Api/Resource/DeploymentStage.prod/Resource',
      'TenantBaseline-ApiStageBehindWaf[RateLimitPerIp] @ ControlPlane/Edge/Api/Resource/DeploymentStage.prod/Resource',
    ]);
  });

  test('GIVEN the shipped API THEN admin routes require the authorizer, and WHEN one is opened THEN it is reported', () => {
    const app = controlPlane();
    expect(findingsOf(app, 'ApiMethodsAuthorized')).toEqual([]);
    // the six admin routes with the authorizer (GET /tenants, plans, the GDPR erasure request and its confirmation,
    // the GDPR export request and its status), the three planned public routes, and the two CORS preflights the
    // example's allowed origin plans (OPTIONS /tenants, OPTIONS /tenants/{tenantId}/plans)
    expect(compliantCount(app, 'ApiMethodsAuthorized')).toBe(11);
    const method = cfn(app, 'ControlPlane/Edge/Api/Resource/Default/tenants/GET/Resource');
    method.addPropertyOverride('AuthorizationType', 'NONE');
    method.addPropertyDeletionOverride('AuthorizerId');
    expect(findingsOf(app, 'ApiMethodsAuthorized')).toEqual(['TenantBaseline-ApiMethodsAuthorized[Public::GET /tenants] @ ControlPlane/Edge/Api/Resource/Default/tenants/GET/Resource']);
  });
});

describe('AuditTrailObjectLock', () => {
  const baseline = () => {
    const app = testApp();
    new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
    return app;
  };

  test('GIVEN the shipped trail THEN its bucket is locked in COMPLIANCE mode and log files are validated', () => shipped('AuditTrailObjectLock', baseline));

  test('GIVEN the lock mode overridden to GOVERNANCE and validation off THEN both are reported', () => {
    const app = baseline();
    const bucket = cfn(app, 'AccountBaseline/AuditTrail/Bucket/Resource');
    bucket.addPropertyOverride('ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'GOVERNANCE');
    cfn(app, 'AccountBaseline/AuditTrail/Resource/Resource').addPropertyOverride('EnableLogFileValidation', false);
    const bucketId = Stack.of(bucket).resolve(bucket.logicalId);
    expect(findingsOf(app, 'AuditTrailObjectLock')).toEqual([
      'TenantBaseline-AuditTrailObjectLock[EnableLogFileValidation] @ AccountBaseline/AuditTrail/Resource/Resource',
      `TenantBaseline-AuditTrailObjectLock[ObjectLockRetention::${bucketId}] @ AccountBaseline/AuditTrail/Resource/Resource`,
    ]);
  });
});

describe('GuardDutyOnlyInAccountBaseline', () => {
  test('GIVEN the shipped account baseline THEN its detector is the only one', () =>
    shipped('GuardDutyOnlyInAccountBaseline', () => {
      const app = testApp();
      new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
      return app;
    }));

  test('GIVEN a detector declared in a tenant stack THEN it is reported', () => {
    const { app, stack } = tenantApp();
    new guardduty.CfnDetector(stack, 'Rogue', { enable: true });
    expect(findingsOf(app, 'GuardDutyOnlyInAccountBaseline')).toEqual(['TenantBaseline-GuardDutyOnlyInAccountBaseline @ Tenant-acme/Rogue']);
  });
});

describe('GuardDutyFindingsReachTheirTier and AlarmsNotifyAlertTopics', () => {
  const baseline = () => {
    const app = testApp();
    new AccountBaselineStack(app, 'AccountBaseline', { baseline: CONFIG.accountBaseline, deployTimeGate: CONFIG });
    return app;
  };

  test('GIVEN the shipped account baseline THEN GuardDuty findings reach their tiers and every alarm notifies an alert topic', () => {
    shipped('GuardDutyFindingsReachTheirTier', baseline);
    shipped('AlarmsNotifyAlertTopics', baseline);
  });

  test('GIVEN the high-findings rule narrowed to severity >= 8 THEN the high topic is reported', () => {
    const app = baseline();
    cfn(app, 'AccountBaseline/ThreatDetection/HighFindings/Resource').addPropertyOverride('EventPattern.detail.severity', [{ numeric: ['>=', 8] }]);
    expect(findingsOf(app, 'GuardDutyFindingsReachTheirTier')).toEqual(['TenantBaseline-GuardDutyFindingsReachTheirTier[Severity::from-7-not-routed] @ AccountBaseline/Alerts/HighTopic/Resource']);
  });

  test('GIVEN the high-findings rule disabled THEN the high topic is reported', () => {
    const app = baseline();
    cfn(app, 'AccountBaseline/ThreatDetection/HighFindings/Resource').addPropertyOverride('State', 'DISABLED');
    expect(findingsOf(app, 'GuardDutyFindingsReachTheirTier')).toEqual(['TenantBaseline-GuardDutyFindingsReachTheirTier[Severity::from-7-not-routed] @ AccountBaseline/Alerts/HighTopic/Resource']);
  });

  test('GIVEN the attack sequences rule narrowed to critical severities, or the critical rule sent to the high topic THEN the critical topic is reported', () => {
    const narrowed = baseline();
    cfn(narrowed, 'AccountBaseline/ThreatDetection/AttackSequences/Resource').addPropertyOverride('EventPattern.detail.severity', [{ numeric: ['>=', 9] }]);
    expect(findingsOf(narrowed, 'GuardDutyFindingsReachTheirTier')).toEqual(['TenantBaseline-GuardDutyFindingsReachTheirTier[AttackSequences::not-routed] @ AccountBaseline/Alerts/CriticalTopic/Resource']);
    const demoted = baseline();
    const high = cfn(demoted, 'AccountBaseline/Alerts/HighTopic/Resource');
    cfn(demoted, 'AccountBaseline/ThreatDetection/CriticalFindings/Resource').addPropertyOverride('Targets.0.Arn', { Ref: high.stack.resolve(high.logicalId) });
    expect(findingsOf(demoted, 'GuardDutyFindingsReachTheirTier')).toEqual(['TenantBaseline-GuardDutyFindingsReachTheirTier[Severity::from-9-not-routed] @ AccountBaseline/Alerts/CriticalTopic/Resource']);
  });

  test('GIVEN an alarm whose actions are disabled and removed THEN both are reported', () => {
    const app = baseline();
    const alarm = cfn(app, 'AccountBaseline/Alarms/RootAccountUse/Resource');
    alarm.addPropertyOverride('ActionsEnabled', false);
    alarm.addPropertyDeletionOverride('AlarmActions');
    expect(findingsOf(app, 'AlarmsNotifyAlertTopics')).toEqual([
      'TenantBaseline-AlarmsNotifyAlertTopics[ActionsDisabled] @ AccountBaseline/Alarms/RootAccountUse/Resource',
      'TenantBaseline-AlarmsNotifyAlertTopics[NoAlertTopicAction] @ AccountBaseline/Alarms/RootAccountUse/Resource',
    ]);
  });

  test('GIVEN an alarm that notifies some other topic THEN it is reported', () => {
    const app = baseline();
    cfn(app, 'AccountBaseline/Alarms/RootAccountUse/Resource').addPropertyOverride('AlarmActions', ['arn:aws:sns:eu-west-1:111122223333:somewhere-else']);
    expect(findingsOf(app, 'AlarmsNotifyAlertTopics')).toEqual(['TenantBaseline-AlarmsNotifyAlertTopics[NoAlertTopicAction] @ AccountBaseline/Alarms/RootAccountUse/Resource']);
  });
});
