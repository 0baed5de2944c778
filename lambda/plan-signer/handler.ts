import { KMSClient } from '@aws-sdk/client-kms';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PLAN_SIGNER_ENV } from '../../contracts/environment';
import { PLAN_TOKEN } from '../../contracts/plan-token';
import { JsonLimitError, parseBoundedJson } from '../shared/bounded-json';
import { withCors } from '../shared/cors';
import { integerEnv, listEnv, optionalListEnv, requiredEnv } from '../shared/env';
import { jsonResponse, statusResponse } from '../shared/http';
import { createPlanSigner, PlanRejected, SignedPlan } from './signer';
import { createLogger } from '../shared/logger';

type Sign = (tenantId: string, plan: unknown) => Promise<SignedPlan>;

/** `MAX_PLAN_BYTES`: at most Lambda's synchronous payload limit (6 MiB), as no larger body can reach the function. */
const MAX_PLAN_BYTES_RANGE = { min: 1, max: 6 * 1024 * 1024 };

/** Body text read at most (characters): what Lambda's synchronous payload limit lets through anyway. */
const MAX_BODY_LENGTH = MAX_PLAN_BYTES_RANGE.max;
const BODY_REASONS = { TOO_DEEP: 'PLAN_TOO_DEEP', TOO_LARGE: 'PLAN_TOO_LARGE', NOT_JSON: 'PLAN_NOT_JSON' } as const;

/**
 * POST /tenants/{tenantId}/plans with the plan as the JSON body: 200 {token, kid, jti, exp}. A refused plan is a
 * plain 400 whose reason is logged, not returned. The body's size and nesting are checked before it is parsed. Every
 * answer carries CORS headers for `allowedOrigins` only (none by default: lambda/shared/cors.ts).
 */
export function createHandler(sign: Sign, logger: Logger, allowedOrigins: readonly string[] = []) {
  const answer = createAnswer(sign, logger);
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => withCors(await answer(event), event.headers, allowedOrigins);
}

function createAnswer(sign: Sign, logger: Logger) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const tenantId = event.pathParameters?.tenantId ?? '';
    let plan: unknown;
    try {
      plan = parseBoundedJson(event.body ?? '', { maxLength: MAX_BODY_LENGTH, maxDepth: PLAN_TOKEN.maxPlanDepth });
    } catch (error) {
      logger.warn('plan refused', { reason: error instanceof JsonLimitError ? BODY_REASONS[error.reason] : 'PLAN_NOT_JSON', tenantId });
      return statusResponse(400);
    }
    try {
      const signed = await sign(tenantId, plan);
      logger.info('plan signed', { tenantId, jti: signed.jti, kid: signed.kid, principal: event.requestContext?.authorizer?.principalId });
      return jsonResponse(200, signed);
    } catch (error) {
      if (error instanceof PlanRejected) {
        logger.warn('plan refused', { reason: error.reason, tenantId });
        return statusResponse(400);
      }
      logger.error('plan signing failed', { error: error instanceof Error ? error.name : typeof error, tenantId });
      return statusResponse(503);
    }
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = (event: APIGatewayProxyEvent) => {
  instance ??= createHandler(
    createPlanSigner({
      kms: new KMSClient({}),
      keyId: requiredEnv(PLAN_SIGNER_ENV.signingKeyId),
      issuer: requiredEnv(PLAN_SIGNER_ENV.issuer),
      tenants: new Set(listEnv(PLAN_SIGNER_ENV.tenantIds)),
      maxPlanBytes: integerEnv(PLAN_SIGNER_ENV.maxPlanBytes, MAX_PLAN_BYTES_RANGE),
    }),
    createLogger(),
    optionalListEnv(PLAN_SIGNER_ENV.corsAllowedOrigins),
  );
  return instance(event);
};
