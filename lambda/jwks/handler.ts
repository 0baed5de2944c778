import { KMSClient } from '@aws-sdk/client-kms';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { JWKS_ENV } from '../../contracts/environment';
import { listEnv } from '../shared/env';
import { jsonResponse, statusResponse } from '../shared/http';
import { createJwksProvider } from './jwks';
import { createLogger } from '../shared/logger';

/**
 * How long clients may cache the JWKS. A rotation keeps the old key published for at least this plus a plan's
 * lifetime (300 s), so no cached set can lack the key of a plan that is still valid (docs/signed-plans.md).
 */
export const JWKS_MAX_AGE_SECONDS = 300;

export function createHandler(provider: () => Promise<unknown>, logger: Logger) {
  return async (): Promise<APIGatewayProxyResult> => {
    try {
      return jsonResponse(200, await provider(), { 'Cache-Control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` });
    } catch (error) {
      logger.error('jwks unavailable', { error: error instanceof Error ? error.name : typeof error });
      return statusResponse(503);
    }
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

/** GET /.well-known/jwks.json. `SIGNING_KEY_IDS`: the active key first, then the previous one during a rotation. */
export const handler = () => {
  instance ??= createHandler(createJwksProvider(new KMSClient({}), listEnv(JWKS_ENV.signingKeyIds)), createLogger());
  return instance();
};
