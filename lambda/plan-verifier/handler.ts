import { DEFAULT_JWKS_MAX_AGE_SECONDS, JWKS_MAX_AGE_RANGE } from '../../contracts/admin-identity';
import { Logger } from '@aws-lambda-powertools/logger';
import { PLAN_VERIFIER_ENV } from '../../contracts/environment';
import { httpsUrlEnv, integerEnv, requiredEnv } from '../shared/env';
import { createPlanVerifier, PlanVerificationError, VerifiedPlan } from './verifier';
import { createLogger } from '../shared/logger';

export interface VerifyPlanRequest {
  readonly token: string;
  readonly plan: unknown;
}

export type VerifyPlanResponse = { readonly ok: true; readonly plan: unknown; readonly jti: string } | { readonly ok: false; readonly reason: string };


/**
 * Invoked by the tenant's runtime only (`lambda:InvokeFunction` from its role; no URL, no API route): the verified
 * plan, or a typed refusal with its reason code, which this trusted caller may act on (also logged). Never throws
 * for bad input.
 */
export function createHandler(verify: (token: string, plan: unknown) => Promise<VerifiedPlan>, logger: Logger) {
  return async (request: VerifyPlanRequest): Promise<VerifyPlanResponse> => {
    try {
      const verified = await verify(request?.token, request?.plan);
      return { ok: true, plan: verified.plan, jti: verified.jti };
    } catch (error) {
      const reason = error instanceof PlanVerificationError ? error.reason : 'INVALID';
      logger.warn('plan refused', { reason });
      return { ok: false, reason };
    }
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = (request: VerifyPlanRequest) => {
  instance ??= createHandler(
    createPlanVerifier({
      jwksUrl: httpsUrlEnv(PLAN_VERIFIER_ENV.jwksUrl),
      issuer: requiredEnv(PLAN_VERIFIER_ENV.issuer),
      tenantId: requiredEnv(PLAN_VERIFIER_ENV.tenantId),
      jwksMaxAgeSeconds: integerEnv(PLAN_VERIFIER_ENV.jwksMaxAgeSeconds, JWKS_MAX_AGE_RANGE, DEFAULT_JWKS_MAX_AGE_SECONDS),
    }),
    createLogger(),
  );
  return instance(request);
};
