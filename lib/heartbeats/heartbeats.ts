import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { HEARTBEAT_WINDOW_SECONDS, SIDECAR_KEY_LIFETIME } from '../../contracts/heartbeat-format';
import { CONTROL_PLANE_PARAMETERS, TENANT_API_KEY_PARAMETERS } from '../../contracts/ssm-parameters';
import { DEFAULT_SIDECAR_KEY_VALIDITY_DAYS, SIDECAR_KEY_EXPIRY_SCHEDULE } from '../config/platform-config';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformFunction, PlatformFunctionPlacement } from '../compute/platform-function';
import { ConstructGroup } from '../core/construct-group';
import { protect } from '../core/protect';
import { PlatformTable } from '../data/platform-table';
import { acknowledgeInvokePermissions } from '../edge/api-permissions';
import { ControlPlaneApi } from '../edge/control-plane-api';

export interface HeartbeatsProps {
  readonly api: ControlPlaneApi;
  readonly functionPlacement: PlatformFunctionPlacement;
  /** How long a sidecar key is valid after its registration (the ingest's cap). @default 90 */
  readonly keyValidityDays?: number;
}

/**
 * Heartbeats from the metering sidecars: the sidecar key registry (sidecar id -> Ed25519 public key, tenant, status,
 * last counter and timestamp) and the ingest behind `POST /heartbeats`. Sidecars are not admins: the route has no
 * admin authorizer; each heartbeat is authenticated by its Ed25519 signature under a registered key.
 */
export class Heartbeats extends ConstructGroup {
  public readonly sidecarRegistry: PlatformTable;
  public readonly ingest: PlatformFunction;
  /** Reports, every hour, the active keys that expire within 14 days without a registered successor. */
  public readonly expiryCheck: PlatformFunction;
  public readonly expirySchedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: HeartbeatsProps) {
    super(scope, id);
    const { encryptionKey } = props.functionPlacement;
    this.sidecarRegistry = new PlatformTable(this, 'SidecarRegistry', {
      encryptionKey,
      partitionKey: { name: 'sidecarId', type: dynamodb.AttributeType.STRING },
      sortKey: null,
    });
    const env = FUNCTION_ENVIRONMENT.heartbeatIngest;
    this.ingest = new PlatformFunction(this, 'HeartbeatIngest', {
      ...props.functionPlacement,
      entry: 'lambda/heartbeat-ingest/handler.ts',
      name: 'heartbeat-ingest',
      description: 'Verifies signed heartbeats from metering sidecars and advances their counters',
      environment: {
        [env.registryTable]: this.sidecarRegistry.table.tableName,
        [env.windowSeconds]: String(HEARTBEAT_WINDOW_SECONDS),
        [env.keyValidityDays]: String(props.keyValidityDays ?? DEFAULT_SIDECAR_KEY_VALIDITY_DAYS),
      },
    });
    this.ingest.allow('ReadAndAdvanceRegistry', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [this.sidecarRegistry.table.tableArn]);
    this.ingest.allow('UseRegistryKeyThroughDynamoDb', ['kms:Decrypt', 'kms:GenerateDataKey'], [encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` },
    });
    ({ check: this.expiryCheck, schedule: this.expirySchedule } = this.keyExpiryCheck(props));
    // The tenant's API key binds the heartbeat to its tenant and holds it to the tenant's usage plan; each tenant's stack
    // publishes its key ids under its own SSM path, which the ingest lists for the tenant a heartbeat claims.
    this.ingest.allow('ListTenantApiKeyIds', ['ssm:GetParametersByPath'], [Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: TENANT_API_KEY_PARAMETERS.path('*').slice(1) })]);
    acknowledge(this.ingest.policy, 'heartbeatIngestListsTenantKeyIds');
    const route = props.api.api.root.addResource('heartbeats').addMethod('POST', new apigw.LambdaIntegration(this.ingest.function), { authorizationType: apigw.AuthorizationType.NONE, apiKeyRequired: true });
    acknowledge(route, 'signedHeartbeatRoute');
    protect(new ssm.StringParameter(this, 'ApiIdParameter', { parameterName: CONTROL_PLANE_PARAMETERS.apiId, stringValue: props.api.api.restApiId, description: "Control-plane REST API id (the tenants' usage plans name its stage)" }));
    acknowledgeInvokePermissions(route);
  }

  /**
   * The expiry check and its schedule. A schedule rather than a metric from the ingest: it sees every active key,
   * including those of a sidecar that is down (whose key would otherwise expire unnoticed), and publishes on every run,
   * so its silence is itself visible (the alarm's insufficient-data action).
   */
  private keyExpiryCheck(props: HeartbeatsProps): { check: PlatformFunction; schedule: scheduler.CfnSchedule } {
    const { encryptionKey } = props.functionPlacement;
    const env = FUNCTION_ENVIRONMENT.sidecarKeyExpiry;
    const check = new PlatformFunction(this, 'KeyExpiryCheck', {
      ...props.functionPlacement,
      entry: 'lambda/sidecar-key-expiry/handler.ts',
      name: 'sidecar-key-expiry',
      description: 'Reports sidecar keys that expire within 14 days without a registered successor',
      timeout: Duration.seconds(60),
      reservedConcurrency: 1,
      environment: {
        [env.registryTable]: this.sidecarRegistry.table.tableName,
        [env.warningDays]: String(SIDECAR_KEY_LIFETIME.warningDays),
        [env.keyValidityDays]: String(props.keyValidityDays ?? DEFAULT_SIDECAR_KEY_VALIDITY_DAYS),
      },
    });
    check.allow('ScanRegistry', ['dynamodb:Scan'], [this.sidecarRegistry.table.tableArn]);
    check.allow('UseRegistryKeyThroughDynamoDb', ['kms:Decrypt'], [encryptionKey.keyArn], { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } });
    const role = new iam.Role(this, 'KeyExpiryScheduleRole', {
      description: 'EventBridge Scheduler: invokes the sidecar key expiry check, nothing else',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    const policy = new iam.ManagedPolicy(this, 'KeyExpirySchedulePolicy', {
      description: 'sidecar-key-expiry schedule: invoke the expiry check only',
      roles: [role],
      statements: [new iam.PolicyStatement({ sid: 'InvokeExpiryCheck', actions: ['lambda:InvokeFunction'], resources: [check.function.functionArn] })],
    });
    const schedule = new scheduler.CfnSchedule(this, 'KeyExpirySchedule', {
      description: 'Hourly sidecar key expiry check',
      scheduleExpression: SIDECAR_KEY_EXPIRY_SCHEDULE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: { arn: check.function.functionArn, roleArn: role.roleArn, retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } },
    });
    schedule.node.addDependency(policy);
    return { check, schedule };
  }
}
