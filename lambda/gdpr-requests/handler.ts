import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GDPR_REQUESTS_ENV } from '../../contracts/environment';
import { ERASURE_WINDOW_HOURS, GDPR_REFUSAL_STATUS } from '../../contracts/gdpr';
import { integerEnv, listEnv, requiredEnv } from '../shared/env';
import { jsonResponse, statusResponse } from '../shared/http';
import { createLogger } from '../shared/logger';
import { createErasureLedger, ErasureLedger, ErasureRequest, GdprRequestRefused } from './erasure';

/** The API's resources this function serves (the template's resource paths). */
export const GDPR_ROUTES = {
  requestErasure: 'POST /tenants/{tenantId}/erasure',
  confirmErasure: 'POST /tenants/{tenantId}/erasure/{requestId}/confirm',
} as const;

/** Publishes one alert: the erasure's steps are announced on the alert topic, so nobody erases a tenant unseen. */
export type Notify = (subject: string, message: Record<string, unknown>) => Promise<void>;

export interface GdprHandlerDependencies {
  readonly ledger: ErasureLedger;
  readonly notify: Notify;
  readonly logger: Logger;
}

/** The caller's subject and roles, as the admin authorizer put them in the request context. */
function caller(event: APIGatewayProxyEvent): { sub: string; admin: boolean } {
  const authorizer = event.requestContext?.authorizer ?? {};
  const sub = typeof authorizer.principalId === 'string' ? authorizer.principalId : '';
  const roles = typeof authorizer.roles === 'string' ? authorizer.roles.split(',') : [];
  return { sub, admin: sub !== '' && roles.includes('admin') };
}

const view = (r: ErasureRequest) => ({
  requestId: r.requestId,
  tenantId: r.tenantId,
  status: r.status,
  requestedBy: r.requestedBy,
  requestedAt: new Date(r.requestedAt * 1000).toISOString(),
  confirmBy: new Date(r.confirmBy * 1000).toISOString(),
  ...(r.confirmedBy ? { confirmedBy: r.confirmedBy, confirmedAt: new Date(r.confirmedAt! * 1000).toISOString() } : {}),
});

/**
 * The GDPR erasure routes (admin only). `POST .../erasure` records a request (201); `POST .../erasure/{id}/confirm`
 * by a second admin within the window confirms it (200). Every call is audited as one log line (who, what, tenant,
 * outcome, reason code); each accepted step is also announced on the alert topic. A refusal is the status alone.
 * The authorizer already limits POST here to admins; the role is checked again because the route table is not the
 * only thing that could change.
 */
export function createHandler(deps: GdprHandlerDependencies) {
  const { ledger, notify, logger } = deps;
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const route = `${event.httpMethod} ${event.resource}`;
    const tenantId = event.pathParameters?.tenantId ?? '';
    const requestId = event.pathParameters?.requestId;
    const who = caller(event);
    const audit = { route, tenantId, requestId, principal: who.sub, sourceIp: event.requestContext?.identity?.sourceIp };
    try {
      if (!who.admin) throw new GdprRequestRefused('NOT_ADMIN');
      let result: ErasureRequest;
      if (route === GDPR_ROUTES.requestErasure) {
        result = await ledger.request(tenantId, who.sub);
      } else if (route === GDPR_ROUTES.confirmErasure) {
        result = await ledger.confirm(tenantId, requestId ?? '', who.sub);
      } else {
        logger.warn('gdpr audit', { ...audit, outcome: 'refused', reason: 'UNKNOWN_ROUTE' });
        return statusResponse(404);
      }
      logger.info('gdpr audit', { ...audit, requestId: result.requestId, outcome: result.status });
      await announce(notify, logger, result);
      return jsonResponse(route === GDPR_ROUTES.requestErasure ? 201 : 200, view(result));
    } catch (error) {
      if (error instanceof GdprRequestRefused) {
        logger.warn('gdpr audit', { ...audit, outcome: 'refused', reason: error.reason });
        return statusResponse(GDPR_REFUSAL_STATUS[error.reason]);
      }
      logger.error('gdpr audit', { ...audit, outcome: 'failed', error: error instanceof Error ? error.name : typeof error });
      return statusResponse(503);
    }
  };
}

/**
 * The alert for a recorded or confirmed request. A failed publish does not undo the ledger's write (the ledger is the
 * record; the next deploy is checked against it), but it is logged as an error for the operator.
 */
async function announce(notify: Notify, logger: Logger, r: ErasureRequest): Promise<void> {
  const confirmed = r.status === 'CONFIRMED';
  const subject = confirmed ? `GDPR erasure confirmed: tenant ${r.tenantId}` : `GDPR erasure requested: tenant ${r.tenantId}`;
  const next = confirmed
    ? `Offboard the tenant: set state "offboarding" and "erasureRequestId": "${r.requestId}" on tenant ${r.tenantId} in the platform configuration and deploy it (docs/data-protection.md, Offboarding).`
    : `A second admin must confirm with POST /tenants/${r.tenantId}/erasure/${r.requestId}/confirm before ${new Date(r.confirmBy * 1000).toISOString()}.`;
  try {
    await notify(subject, { ...view(r), next });
  } catch (error) {
    logger.error('gdpr alert not published', { tenantId: r.tenantId, requestId: r.requestId, reason: 'NOTIFY_FAILED', error: error instanceof Error ? error.name : typeof error });
  }
}

/** An SNS publisher for one topic. */
export function snsNotify(sns: SNSClient, topicArn: string): Notify {
  return async (subject, message) => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: JSON.stringify(message, null, 2) }));
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = (event: APIGatewayProxyEvent) => {
  instance ??= createHandler({
    ledger: createErasureLedger({
      dynamodb: new DynamoDBClient({}),
      tableName: requiredEnv(GDPR_REQUESTS_ENV.ledgerTable),
      tenantIds: listEnv(GDPR_REQUESTS_ENV.tenantIds),
      windowHours: integerEnv(GDPR_REQUESTS_ENV.erasureWindowHours, ERASURE_WINDOW_HOURS, ERASURE_WINDOW_HOURS.default),
    }),
    notify: snsNotify(new SNSClient({}), requiredEnv(GDPR_REQUESTS_ENV.alertTopicArn)),
    logger: createLogger('gdpr-requests'),
  });
  return instance(event);
};
