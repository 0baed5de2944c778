import { KMSClient } from '@aws-sdk/client-kms';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { requiredEnv } from '../shared/env';
import { SECURITY_HEADERS } from '../../contracts/security-headers';
import { createPlanSigner, PlanRejected, SignedPlan } from './signer';

type Sign = (tenantId: string, plan: unknown) => Promise<SignedPlan>;

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * POST /tenants/{tenantId}/plans with the plan as the JSON body: 200 {token, kid, jti, exp}. A refused plan is a
 * plain 400 whose reason is logged, not returned.
 */
export function createHandler(sign: Sign, logger: Logger) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const tenantId = event.pathParameters?.tenantId ?? '';
    let plan: unknown;
    try {
      plan = JSON.parse(event.body ?? '');
    } catch {
      logger.warn('plan refused', { reason: 'PLAN_NOT_JSON', tenantId });
      return json(400, { message: 'Bad Request' });
    }
    try {
      const signed = await sign(tenantId, plan);
      logger.info('plan signed', { tenantId, jti: signed.jti, kid: signed.kid, principal: event.requestContext?.authorizer?.principalId });
      return json(200, signed);
    } catch (error) {
      if (error instanceof PlanRejected) {
        logger.warn('plan refused', { reason: error.reason, tenantId });
        return json(400, { message: 'Bad Request' });
      }
      logger.error('plan signing failed', { error: error instanceof Error ? error.name : typeof error, tenantId });
      return json(503, { message: 'Service Unavailable' });
    }
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = (event: APIGatewayProxyEvent) => {
  instance ??= createHandler(
    createPlanSigner({
      kms: new KMSClient({}),
      keyId: requiredEnv('SIGNING_KEY_ID'),
      issuer: requiredEnv('PLAN_ISSUER'),
      tenants: new Set(requiredEnv('TENANT_IDS').split(',').filter(Boolean)),
      maxPlanBytes: Number(requiredEnv('MAX_PLAN_BYTES')),
    }),
    new Logger(),
  );
  return instance(event);
};
