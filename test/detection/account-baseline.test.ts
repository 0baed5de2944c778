import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { AUDIT_ALARMS, AUDIT_METRIC_NAMESPACE } from '../../lib/config/alarm-plan';
import { AlertTopics } from '../../lib/detection/alert-topics';
import { ALERT_TOPIC_NAMES } from '../../lib/naming';
import { PlatformAlarms } from '../../lib/detection/platform-alarms';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { PLATFORM_ALARMS, SIDECAR_KEY_EXPIRY_ALARM } from '../../lib/config/alarm-plan';
import { PLATFORM_PREFIX } from '../../lib/naming';
import { ALERT_PARAMETERS } from '../../contracts/ssm-parameters';
import { buildPlatform } from '../../lib/platform';
import { REPO_ROOT, resourcesOfType, testApp, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { accountBaselineOf } from '../helpers/platform-parts';

/** EventBridge's matching of the filters these rules use (numeric, prefix, anything-but prefix) on `detail`. */
function matches(pattern: any, event: any): boolean {
  if (!pattern.source.includes(event.source) || !pattern['detail-type'].includes(event['detail-type'])) return false;
  const numeric = (m: any, v: number) => {
    const ops: any[] = m.numeric;
    for (let i = 0; i < ops.length; i += 2) {
      const [op, bound] = [ops[i], ops[i + 1]];
      const ok = op === '>=' ? v >= bound : op === '>' ? v > bound : op === '<' ? v < bound : op === '<=' ? v <= bound : v === bound;
      if (!ok) return false;
    }
    return true;
  };
  const field = (filters: any[] | undefined, v: any) =>
    filters === undefined ||
    filters.some((m: any) => (m.numeric ? numeric(m, v) : m.prefix !== undefined ? String(v).startsWith(m.prefix) : m['anything-but']?.prefix !== undefined ? !String(v).startsWith(m['anything-but'].prefix) : m === v));
  return field(pattern.detail.severity, event.detail.severity) && field(pattern.detail.type, event.detail.type);
}
const finding = (severity: number, type = 'Recon:EC2/PortProbeUnprotectedPort') => ({ source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: { severity, type } });

const configOf = (baseline?: Record<string, unknown>) => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS, ...baseline }, controlPlane: { cidr: '10.0.0.0/16' }, tenants: [{ id: 'acme', number: 0 }] });

/** The whole platform, for the tests that look at its other stacks too. */
function platform(baseline?: Record<string, unknown>) {
  const stacks = buildPlatform(testApp(), configOf(baseline));
  return { stacks, baseline: Template.fromStack(stacks.accountBaseline!) };
}

/** The account baseline alone (test/helpers/platform-parts.ts), for the tests that read only it. */
const baselineOf = (baseline?: Record<string, unknown>) => ({ baseline: Template.fromStack(accountBaselineOf(configOf(baseline))) });

describe('account baseline: threat detection', () => {
  const { stacks, baseline } = platform();
  const rules = Object.values(resourcesOfType(baseline, 'AWS::Events::Rule'));
  const byDescription = (start: string) => rules.find((r) => r.Properties!.Description.startsWith(start))!;
  const ROUTES = {
    critical: [byDescription('GuardDuty findings of severity >= 9'), byDescription('GuardDuty attack sequences')],
    high: [byDescription('GuardDuty findings of severity 7')],
    medium: [byDescription('GuardDuty findings of severity 4')],
  };
  const topicOf = (rule: any) => (baseline.toJSON().Resources[rule.Properties.Targets[0].Arn.Ref] as any).Properties.TopicName;

  test('THEN exactly one GuardDuty detector exists, in the account baseline, and none in any other stack', () => {
    baseline.resourceCountIs('AWS::GuardDuty::Detector', 1);
    for (const other of [stacks.networkHub!, stacks.controlPlane!, ...stacks.tenants]) {
      Template.fromStack(other).resourceCountIs('AWS::GuardDuty::Detector', 0);
    }
  });

  test('THEN the detector publishes every 15 minutes with S3, EKS, malware, RDS login, Lambda network and runtime monitoring', () => {
    const detector = Object.values(resourcesOfType(baseline, 'AWS::GuardDuty::Detector'))[0].Properties!;
    expect(detector.Enable).toBe(true);
    expect(detector.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');
    expect(detector.Features.map((f: any) => [f.Name, f.Status])).toEqual(
      ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING'].map((n) => [n, 'ENABLED']),
    );
  });

  test.each([
    [10, undefined, 'critical'],
    [9, undefined, 'critical'],
    [8.9, undefined, 'high'],
    [7, undefined, 'high'],
    [6.9, undefined, 'medium'],
    [4, undefined, 'medium'],
    [3.9, undefined, 'none'],
    [1, undefined, 'none'],
    [5, 'AttackSequence:IAM/CompromisedCredentials', 'critical'],
    [9.5, 'AttackSequence:S3/CompromisedData', 'critical'],
  ])('GIVEN a finding of severity %p (type %s) THEN it reaches exactly the %s tier, once', (severity, type, expected) => {
    const routed = Object.entries(ROUTES).flatMap(([tier, rs]) => rs.filter((r) => matches(r.Properties!.EventPattern, finding(severity, type))).map(() => tier));
    expect(routed).toEqual(expected === 'none' ? [] : [expected]);
  });

  test('THEN each rule targets its tier\'s topic with a role, retries and a dead-letter queue', () => {
    for (const [tier, rs] of Object.entries(ROUTES)) {
      for (const rule of rs) {
        expect(rule.Properties!.Targets).toEqual([expect.objectContaining({ RoleArn: expect.anything(), DeadLetterConfig: expect.anything(), RetryPolicy: expect.anything() })]);
        expect(topicOf(rule)).toBe(ALERT_TOPIC_NAMES[tier as keyof typeof ALERT_TOPIC_NAMES]);
      }
    }
  });

  test('GIVEN adopt mode THEN no detector is created and findings are still routed', () => {
    const adopted = baselineOf({ guardDutyDetector: 'adopt' }).baseline;
    adopted.resourceCountIs('AWS::GuardDuty::Detector', 0);
    // The four finding routes, the drift route (test/detection/drift-detection.test.ts), the Config rules' route and
    // the three Access Analyzer routes (test/detection/access-analysis.test.ts), the network proofs' schedule and
    // failure route (test/detection/network-proofs.test.ts) and the three restore test routes
    // (test/data/restore-testing.test.ts).
    adopted.resourceCountIs('AWS::Events::Rule', 14);
    adopted.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.guardduty'] }) });
  });
});

describe('account baseline: alert topics', () => {
  const { baseline } = baselineOf({ subscriptions: { ...TEST_SUBSCRIPTIONS, critical: [{ protocol: 'email', endpoint: 'secops@example.com' }, { protocol: 'https', endpoint: 'https://pager.example.com/critical' }], low: { optOut: 'the platform team reads the low tier in the console every morning' } } });

  test('THEN the four tier topics are under a customer-managed key with rotation', () => {
    const keyId = Object.keys(resourcesOfType(baseline, 'AWS::KMS::Key'))[0];
    for (const name of Object.values(ALERT_TOPIC_NAMES)) {
      baseline.hasResourceProperties('AWS::SNS::Topic', { TopicName: name, KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    }
    baseline.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('THEN the key admits exactly CloudWatch (through SNS, for these topics), and EventBridge and SNS (through SQS, for the dead letters)', () => {
    const statements = Object.values(resourcesOfType(baseline, 'AWS::KMS::Key'))[0].Properties!.KeyPolicy.Statement;
    const services = statements.filter((s: any) => s.Principal?.Service).map((s: any) => [s.Principal.Service, s.Condition.StringEquals['kms:ViaService']['Fn::Join'][1][0]]);
    expect(services).toEqual([
      ['cloudwatch.amazonaws.com', 'sns.'],
      ['events.amazonaws.com', 'sqs.'],
      ['sns.amazonaws.com', 'sqs.'],
    ]);
    for (const s of statements.filter((x: any) => x.Principal?.Service)) {
      expect(Object.keys(s.Condition.ArnLike)[0]).toMatch(/^kms:EncryptionContext:aws:(sns:topicArn|sqs:arn)$/);
    }
  });

  test('THEN every topic denies publishing without TLS and lets CloudWatch publish only from this account', () => {
    for (const policy of Object.values(resourcesOfType(baseline, 'AWS::SNS::TopicPolicy'))) {
      const statements = policy.Properties!.PolicyDocument.Statement;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
        ]),
      );
      expect(statements.filter((s: any) => s.Effect === 'Allow')).toHaveLength(1);
    }
  });

  test('THEN each tier\'s configured subscribers are subscribed to its topic, each with the dead-letter queue; an opted-out tier has none', () => {
    const json = baseline.toJSON();
    const subscriptions = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription');
    const topicName = (ref: any) => json.Resources[ref.Ref].Properties.TopicName;
    expect(subscriptions.map((r) => [topicName(r.Properties.TopicArn), r.Properties.Protocol, r.Properties.Endpoint]).sort()).toEqual(
      [
        [ALERT_TOPIC_NAMES.critical, 'email', 'secops@example.com'],
        [ALERT_TOPIC_NAMES.critical, 'https', 'https://pager.example.com/critical'],
        [ALERT_TOPIC_NAMES.high, 'email', 'high@example.com'],
        [ALERT_TOPIC_NAMES.medium, 'email', 'medium@example.com'],
      ].sort(),
    );
    for (const s of subscriptions) {
      expect(json.Resources[s.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]].Properties.QueueName).toBe(`${PLATFORM_PREFIX}-undelivered-alerts`);
    }
  });
});

describe('account baseline configuration', () => {
  const bad = (accountBaseline: unknown) => () => validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [], accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS, ...(accountBaseline as object) } }, 'c.json');

  test.each([
    [{ guardDutyDetector: 'maybe' }, `c.json: 'accountBaseline.guardDutyDetector' must be "create" or "adopt" (one detector per account and region), got "maybe"`],
    [{ subscriptions: { ...TEST_SUBSCRIPTIONS, critical: [{ protocol: 'email', endpoint: 'not-an-address' }] } }, `c.json: 'accountBaseline.subscriptions.critical[0].endpoint' must be an e-mail address, got "not-an-address"`],
    [{ subscriptions: { ...TEST_SUBSCRIPTIONS, medium: [{ protocol: 'https', endpoint: 'http://plain.example.com' }] } }, `c.json: 'accountBaseline.subscriptions.medium[0].endpoint' must be an https:// URL, got "http://plain.example.com"`],
    [{ subscriptions: { ...TEST_SUBSCRIPTIONS, medium: [{ protocol: 'sms', endpoint: '+1555' }] } }, `c.json: 'accountBaseline.subscriptions.medium[0].protocol' must be "email" or "https", got "sms"`],
    // Every tier must reach someone, or say why it does not.
    [{ subscriptions: { ...TEST_SUBSCRIPTIONS, high: [] } }, `c.json: 'accountBaseline.subscriptions.high' must be a non-empty list of { protocol, endpoint } (respond within 60 minutes), or { "optOut": "<reason>" }, got []`],
    [{ subscriptions: { critical: TEST_SUBSCRIPTIONS.critical, high: TEST_SUBSCRIPTIONS.high, medium: TEST_SUBSCRIPTIONS.medium } }, `c.json: 'accountBaseline.subscriptions.low' must be a non-empty list of { protocol, endpoint } (respond within 1440 minutes), or { "optOut": "<reason>" }, got nothing`],
    [{ subscriptions: { ...TEST_SUBSCRIPTIONS, low: { optOut: 'nobody' } } }, `c.json: 'accountBaseline.subscriptions.low.optOut' must be the reason nobody is alerted for low (at least 20 characters), got "nobody"`],
    [{ subscriptions: { ...TEST_SUBSCRIPTIONS, security: TEST_SUBSCRIPTIONS.high } }, `c.json: 'accountBaseline.subscriptions.security' must not be present: unknown key (allowed here: critical, high, medium, low)`],
    [{ subscriptions: 'ops@example.com' }, `c.json: 'accountBaseline.subscriptions' must be an object with one entry per tier (critical, high, medium, low)`],
    [{ detector: 'create' }, `c.json: 'accountBaseline.detector' must not be present: unknown key (allowed here: guardDutyDetector, subscriptions, auditRetentionDays, securityHub, configRecorder, deployTimeGate, configRules, accessAnalysis, networkProofs), got "create"`],
  ])('GIVEN %p THEN it is refused with one clear message', (accountBaseline, message) => {
    expect(bad(accountBaseline)).toThrow(message);
  });
});

describe('account baseline: audit trail', () => {
  const { baseline } = baselineOf({ auditRetentionDays: 400 });
  const trail = Object.values(resourcesOfType(baseline, 'AWS::CloudTrail::Trail'))[0].Properties!;
  const buckets = resourcesOfType(baseline, 'AWS::S3::Bucket');
  const auditBucketId = trail.S3BucketName.Ref;
  const keyId = trail.KMSKeyId['Fn::GetAtt'][0];

  test('THEN the trail is multi-region, validates log files, records all management events and is encrypted with a CMK', () => {
    expect(trail).toEqual(
      expect.objectContaining({ IsMultiRegionTrail: true, EnableLogFileValidation: true, IncludeGlobalServiceEvents: true, IsLogging: true, EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }] }),
    );
    expect(resourcesOfType(baseline, 'AWS::KMS::Key')[keyId].Properties!.EnableKeyRotation).toBe(true);
  });

  test('THEN its bucket has Object Lock in compliance mode with the configured retention, versioning, SSE-KMS and no public access', () => {
    const props = buckets[auditBucketId].Properties!;
    expect(props.ObjectLockEnabled).toBe(true);
    expect(props.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Days: 400, Mode: 'COMPLIANCE' } } });
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  test('THEN server access logs go to a separate bucket without Object Lock (an Object Lock bucket cannot receive them)', () => {
    const target = buckets[auditBucketId].Properties!.LoggingConfiguration.DestinationBucketName.Ref;
    expect(target).not.toBe(auditBucketId);
    expect(buckets[target].Properties!.ObjectLockEnabled).toBeUndefined();
  });

  test('THEN the bucket policy requires TLS 1.2 and refuses writes from any trail but this one', () => {
    const policy = Object.values(resourcesOfType(baseline, 'AWS::S3::BucketPolicy')).find((p) => p.Properties!.Bucket.Ref === auditBucketId)!;
    const statements = policy.Properties!.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        expect.objectContaining({ Sid: 'DenyOtherTrails', Effect: 'Deny', Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringNotEquals: { 'aws:SourceArn': expect.anything() } } }),
      ]),
    );
  });

  test('THEN the trail also feeds an encrypted log group with a finite retention, and the key admits CloudTrail only for this trail', () => {
    baseline.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/tenant-baseline/audit/cloudtrail', KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 365 });
    const statements = resourcesOfType(baseline, 'AWS::KMS::Key')[keyId].Properties!.KeyPolicy.Statement;
    for (const s of statements.filter((x: any) => x.Principal?.Service === 'cloudtrail.amazonaws.com')) {
      expect(s.Condition.StringEquals['aws:SourceArn']).toBeDefined();
    }
  });

  test.each([0, 36501, 1.5])('GIVEN auditRetentionDays %p THEN the configuration is refused', (days) => {
    expect(() => validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [], accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS, auditRetentionDays: days } }, 'c.json')).toThrow(
      `c.json: 'accountBaseline.auditRetentionDays' must be an integer in 1..36500 (what S3 Object Lock accepts, in days), got ${days}`,
    );
  });
});

describe('account baseline: audit alarms', () => {
  const { baseline } = baselineOf();
  const alarms = Object.values(resourcesOfType(baseline, 'AWS::CloudWatch::Alarm'));
  const filters = Object.values(resourcesOfType(baseline, 'AWS::Logs::MetricFilter'));
  const topicRef = (name: string) => ({ Ref: expect.stringMatching(new RegExp(`^Alerts${name}Topic`)) });

  test('THEN there is one filter and one alarm per audit alarm spec, all on the audit log group', () => {
    expect(filters).toHaveLength(AUDIT_ALARMS.length);
    expect(alarms).toHaveLength(AUDIT_ALARMS.length);
    for (const f of filters) {
      expect(f.Properties!.LogGroupName).toEqual({ Ref: expect.stringMatching(/^AuditTrailLogGroup/) });
    }
  });

  test.each(AUDIT_ALARMS.map((a) => [a.id, a]))('THEN alarm %s has its pattern, threshold, 5-minute sum, not-breaching on silence and an action on its topic', (id, spec) => {
    const filter = filters.find((f) => f.Properties!.MetricTransformations[0].MetricName === id)!;
    expect(filter.Properties!.FilterPattern).toBe(spec.pattern);
    const alarm = alarms.find((a) => a.Properties!.MetricName === id)!;
    expect(alarm.Properties).toEqual(
      expect.objectContaining({
        Namespace: AUDIT_METRIC_NAMESPACE,
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: spec.threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicRef(`${spec.tier[0].toUpperCase()}${spec.tier.slice(1)}`)],
      }),
    );
  });

  test('THEN the auditor-expected CIS controls are all covered', () => {
    expect(AUDIT_ALARMS.map((a) => a.control)).toEqual(['CIS 1.7 / 4.3', 'CIS 4.1', 'CIS 4.2', 'CIS 4.4', 'CIS 4.5', 'CIS 4.7', 'CIS 4.10', 'CIS 4.11', 'CIS 4.13', 'CIS 4.14']);
  });

  test('THEN every runbook line in docs/runbooks.md matches an alarm, and every alarm has one', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'runbooks.md'), 'utf8');
    for (const spec of AUDIT_ALARMS) {
      expect(doc).toContain(`\`${PLATFORM_PREFIX}-${spec.id}\``);
      expect(doc).toContain(spec.runbook);
    }
  });
});

describe('account baseline: Security Hub', () => {
  test('GIVEN the default THEN Security Hub is on with only the Foundational Security Best Practices standard', () => {
    const { baseline } = baselineOf();
    baseline.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false, AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' });
    baseline.resourceCountIs('AWS::SecurityHub::Standard', 1);
    const standard = Object.values(resourcesOfType(baseline, 'AWS::SecurityHub::Standard'))[0] as any;
    expect(JSON.stringify(standard.Properties.StandardsArn)).toContain('::standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(standard.DependsOn).toEqual([expect.stringMatching(/^SecurityHub/)]);
  });

  test('GIVEN securityHub false (managed elsewhere) THEN nothing of Security Hub is created', () => {
    const { baseline } = baselineOf({ securityHub: false });
    baseline.resourceCountIs('AWS::SecurityHub::Hub', 0);
    baseline.resourceCountIs('AWS::SecurityHub::Standard', 0);
  });

  test('GIVEN a non-boolean THEN the configuration is refused', () => {
    expect(() => validatePlatformConfig({ controlPlane: { cidr: '10.0.0.0/16' }, tenants: [], accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS, securityHub: 'yes' } }, 'c.json')).toThrow(
      `c.json: 'accountBaseline.securityHub' must be true or false, got "yes"`,
    );
  });
});

describe('platform alarms (for the control-plane stack)', () => {
  const app = testApp();
  const stack = new Stack(app, 'ControlPlaneAlarmsTest');
  const topics = AlertTopics.fromParameters(stack);
  new PlatformAlarms(stack, 'Alarms', { topics, apiName: 'control-plane-api' });
  const template = Template.fromStack(stack);
  const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
  const byName = (id: string) => alarms.find((a) => a.Properties!.AlarmName === `${PLATFORM_PREFIX}-${id}`)!.Properties!;
  const paramRef = (name: string) => {
    const params = template.toJSON().Parameters as Record<string, { Default: string }>;
    return { Ref: Object.keys(params).find((k) => params[k].Default === name) };
  };

  test('THEN failed authentication alarms above 50 in 5 minutes on the authorizer metric, to the medium topic', () => {
    expect(byName('FailedAuthentication')).toEqual(
      expect.objectContaining({
        Namespace: PLATFORM_METRICS.failedAuthentication.namespace,
        MetricName: PLATFORM_METRICS.failedAuthentication.name,
        Dimensions: [{ Name: 'service', Value: 'admin-authorizer' }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 50,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [paramRef(ALERT_PARAMETERS.mediumTopicArn)],
      }),
    );
  });

  test('THEN tamper detected alarms above 0 on the heartbeat metric, to the high topic', () => {
    expect(byName('TamperDetected')).toEqual(
      expect.objectContaining({ Namespace: PLATFORM_METRICS.tamperDetected.namespace, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [paramRef(ALERT_PARAMETERS.highTopicArn)] }),
    );
  });

  test('THEN API traffic alarms above 100,000 requests in 5 minutes on the API Gateway Count of the control-plane API', () => {
    expect(byName('ApiTrafficSpike')).toEqual(
      expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiName', Value: 'control-plane-api' }], Statistic: 'Sum', Period: 300, Threshold: 100000, TreatMissingData: 'notBreaching' }),
    );
  });

  test('THEN the account baseline publishes the topic ARNs in SSM for it', () => {
    const { baseline } = baselineOf();
    for (const name of Object.values(ALERT_PARAMETERS)) {
      baseline.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String' });
    }
  });

  test('THEN docs/runbooks.md has a line for each platform alarm', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'runbooks.md'), 'utf8');
    for (const spec of [...Object.values(PLATFORM_ALARMS), SIDECAR_KEY_EXPIRY_ALARM]) {
      expect(doc).toContain(`\`${PLATFORM_PREFIX}-${spec.id}\``);
      expect(doc).toContain(spec.runbook);
    }
  });
});

describe('account baseline: API Gateway logging setting', () => {
  test('THEN the account-level API Gateway CloudWatch role is set, so stages can write execution logs', () => {
    const { baseline } = baselineOf();
    const roleId = Object.entries(resourcesOfType(baseline, 'AWS::IAM::Role')).find(([, r]) => JSON.stringify(r.Properties!.AssumeRolePolicyDocument).includes('apigateway.amazonaws.com'))![0];
    baseline.hasResourceProperties('AWS::ApiGateway::Account', { CloudWatchRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });
});
