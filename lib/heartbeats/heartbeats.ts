import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT } from '../../contracts/environment';
import { HEARTBEAT_WINDOW_SECONDS } from '../../contracts/heartbeat-format';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformFunction, PlatformFunctionPlacement } from '../compute/platform-function';
import { ConstructGroup } from '../core/construct-group';
import { PlatformTable } from '../data/platform-table';
import { acknowledgeInvokePermissions } from '../edge/api-permissions';
import { ControlPlaneApi } from '../edge/control-plane-api';

export interface HeartbeatsProps {
  readonly api: ControlPlaneApi;
  readonly functionPlacement: PlatformFunctionPlacement;
}

/**
 * Heartbeats from the metering sidecars: the sidecar key registry (sidecar id -> Ed25519 public key, tenant, status,
 * last counter and timestamp) and the ingest behind `POST /heartbeats`. Sidecars are not admins: the route has no
 * admin authorizer; each heartbeat is authenticated by its Ed25519 signature under a registered key.
 */
export class Heartbeats extends ConstructGroup {
  public readonly sidecarRegistry: PlatformTable;
  public readonly ingest: PlatformFunction;

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
      environment: { [env.registryTable]: this.sidecarRegistry.table.tableName, [env.windowSeconds]: String(HEARTBEAT_WINDOW_SECONDS) },
    });
    this.ingest.allow('ReadAndAdvanceRegistry', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [this.sidecarRegistry.table.tableArn]);
    this.ingest.allow('UseRegistryKeyThroughDynamoDb', ['kms:Decrypt', 'kms:GenerateDataKey'], [encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` },
    });
    const route = props.api.api.root.addResource('heartbeats').addMethod('POST', new apigw.LambdaIntegration(this.ingest.function), { authorizationType: apigw.AuthorizationType.NONE });
    acknowledge(route, 'signedHeartbeatRoute');
    acknowledgeInvokePermissions(route);
  }
}
