import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { HEALTH_CHECK_ENV } from '../../contracts/environment';
import { requiredEnv } from '../shared/env';
import { jsonResponse } from '../shared/http';
import { checkHealth, Probe } from './core';
import { createLogger } from '../shared/logger';

const PROBE_TIMEOUT_MS = 2000;

export interface HealthCheckDependencies {
  readonly probes: Readonly<Record<string, Probe>>;
  readonly logger: Logger;
}

/** GET /health-check: 200 {status: "ok"} or 503 {status: "degraded"}, with per-component status and nothing else. */
export function createHandler(deps: HealthCheckDependencies) {
  return async (): Promise<APIGatewayProxyResult> => {
    const report = await checkHealth(deps.probes, PROBE_TIMEOUT_MS, (component, error) =>
      // The error's name only: messages can carry ARNs, hostnames or request ids.
      deps.logger.warn('health probe failed', { component, error: error instanceof Error ? error.name : typeof error }),
    );
    return jsonResponse(report.status === 'ok' ? 200 : 503, report);
  };
}

/** The probes against the real table and bucket, with SDK clients created once. */
export function awsProbes(tableName: string, bucketName: string, dynamodb = new DynamoDBClient({}), s3 = new S3Client({})): Record<string, Probe> {
  return {
    table: async () => {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus !== 'ACTIVE') {
        throw new Error(`table status ${Table?.TableStatus}`);
      }
    },
    bucket: async () => {
      await s3.send(new HeadBucketCommand({ Bucket: bucketName }));
    },
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = () => {
  instance ??= createHandler({
    probes: awsProbes(requiredEnv(HEALTH_CHECK_ENV.tableName), requiredEnv(HEALTH_CHECK_ENV.bucketName)),
    logger: createLogger(),
  });
  return instance();
};
