import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { redactEmail } from '../shared/redact';
import { verifierOptionsFromEnv } from './config';
import { deniedRoutesFor, routesFor } from './permissions';
import { allowPolicy, apiStageArn, denyPolicy } from './policy';
import { AdminTokenVerifier, createAdminTokenVerifier, TokenRejected } from './verifier';
import { createLogger } from '../shared/logger';

/** What API Gateway turns into a plain 401 for a TOKEN authorizer. */
export const UNAUTHORIZED = 'Unauthorized';
const BEARER = 'Bearer ';

export interface AuthorizerDependencies {
  readonly verify: AdminTokenVerifier;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The admin authorizer: a valid admin token gets a policy allowing exactly its roles' routes; anything else is a plain
 * 401 (bad or missing token) or 403 (valid identity, no role). The reason is logged as a code with the e-mail redacted
 * and counted in the failed-authentication metric; the caller learns nothing of it.
 */
export function createHandler(deps: AuthorizerDependencies) {
  const { logger, metrics, verify } = deps;
  return async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    let refused = false;
    const refuse = (reason: string, detail: Record<string, unknown> = {}) => {
      refused = true;
      logger.warn('admin token refused', { reason, ...detail });
      metrics.addMetric(PLATFORM_METRICS.failedAuthentication.name, MetricUnit.Count, 1);
    };
    try {
      const stageArn = apiStageArn(event?.methodArn ?? '');
      if (!stageArn) {
        refuse('BAD_METHOD_ARN');
        throw new Error(UNAUTHORIZED);
      }
      const header = typeof event.authorizationToken === 'string' ? event.authorizationToken : '';
      // The scheme, one space, then the token, whose shape (no whitespace, three base64url segments) the verifier checks.
      if (!header.startsWith(BEARER)) {
        refuse(header.length === 0 ? 'MISSING_TOKEN' : 'MALFORMED_TOKEN');
        throw new Error(UNAUTHORIZED);
      }
      let identity;
      try {
        identity = await verify(header.slice(BEARER.length));
      } catch (error) {
        if (error instanceof TokenRejected) {
          refuse(error.reason);
          // Deliberately without `cause`: this is API Gateway's plain 401, nothing more; the reason is logged as a code.
          throw new Error(UNAUTHORIZED);
        }
        throw error;
      }
      const roles = identity.roles;
      if (roles.length === 0) {
        refuse('NO_ROLE', { sub: identity.sub, email: redactEmail(identity.email) });
        return denyPolicy(identity.sub, stageArn);
      }
      // Accepted calls are recorded by the API's access log (principal and route); a log line here would duplicate it.
      return allowPolicy(identity.sub, stageArn, routesFor(roles), { sub: identity.sub, roles: roles.join(',') }, deniedRoutesFor(roles));
    } catch (error) {
      if (error instanceof Error && error.message === UNAUTHORIZED) {
        throw error;
      }
      // Anything unexpected is still a plain 401 for the caller; the log keeps the cause for the operator.
      refuse('INTERNAL_ERROR', { error: error instanceof Error ? error.name : typeof error });
      throw new Error(UNAUTHORIZED);
    } finally {
      // Only refusals are counted; publishing an empty set would log a warning on every accepted token.
      if (refused) {
        metrics.publishStoredMetrics();
      }
    }
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

/** The Lambda entry point. The verifier, its JWKS cache, the logger and metrics are built once per container. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) => {
  instance ??= createHandler({
    verify: createAdminTokenVerifier(verifierOptionsFromEnv()),
    logger: createLogger(PLATFORM_METRICS.failedAuthentication.service),
    metrics: new Metrics({ namespace: PLATFORM_METRICS.failedAuthentication.namespace, serviceName: PLATFORM_METRICS.failedAuthentication.service }),
  });
  return instance(event);
};
