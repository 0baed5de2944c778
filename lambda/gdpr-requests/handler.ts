import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GDPR_REQUESTS_ENV } from '../../contracts/environment';
import { ERASURE_WINDOW_HOURS, EXPORT_RETENTION_DAYS, GDPR_REFUSAL_STATUS } from '../../contracts/gdpr';
import { integerEnv, listEnv, requiredEnv } from '../shared/env';
import { jsonResponse, statusResponse } from '../shared/http';
import { createLogger } from '../shared/logger';
import { createErasureLedger, ErasureLedger, ErasureRequest, GdprRequestRefused } from './erasure';
import { createExportLedger, ExportLedger, ExportRequest, lambdaTenantExports, tenantExportArns } from './exports';

/** The API's resources this function serves (the template's resource paths). */
export const GDPR_ROUTES = {
  requestErasure: 'POST /tenants/{tenantId}/erasure',
  confirmErasure: 'POST /tenants/{tenantId}/erasure/{requestId}/confirm',
  requestExport: 'POST /tenants/{tenantId}/exports',
  exportStatus: 'GET /tenants/{tenantId}/exports/{exportId}',
} as const;

/** Publishes one alert: the erasure's steps are announced on the alert topic, so nobody erases a tenant unseen. */
export type Notify = (subject: string, message: Record<string, unknown>) => Promise<void>;

export interface GdprHandlerDependencies {
  readonly ledger: ErasureLedger;
  readonly exports: ExportLedger;
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
 * The GDPR routes (admin only). Erasure: `POST .../erasure` records a request (201); `POST .../erasure/{id}/confirm`
 * by a second admin within the window confirms it (200). Export: `POST .../exports` records and starts one (202);
 * `GET .../exports/{id}` says its state and, once READY, gives a fresh short-lived link. Every call is audited as one
 * log line (who, what, tenant, outcome, reason code); erasure steps and export requests are also announced on the
 * alert topic. A refusal is the status alone. The authorizer already limits POST here to admins, but lets every role
 * read `tenants/*`: the role is checked here, for every route.
 */
export function createHandler(deps: GdprHandlerDependencies) {
  const { ledger, exports, notify, logger } = deps;
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const route = `${event.httpMethod} ${event.resource}`;
    const tenantId = event.pathParameters?.tenantId ?? '';
    const requestId = event.pathParameters?.requestId ?? event.pathParameters?.exportId;
    const who = caller(event);
    const audit = { route, tenantId, requestId, principal: who.sub, sourceIp: event.requestContext?.identity?.sourceIp };
    try {
      if (!who.admin) throw new GdprRequestRefused('NOT_ADMIN');
      switch (route) {
        case GDPR_ROUTES.requestErasure:
        case GDPR_ROUTES.confirmErasure: {
          const result = route === GDPR_ROUTES.requestErasure ? await ledger.request(tenantId, who.sub) : await ledger.confirm(tenantId, requestId ?? '', who.sub);
          logger.info('gdpr audit', { ...audit, requestId: result.requestId, outcome: result.status });
          await announce(notify, logger, erasureAlert(result));
          return jsonResponse(route === GDPR_ROUTES.requestErasure ? 201 : 200, view(result));
        }
        case GDPR_ROUTES.requestExport: {
          const result = await exports.request(tenantId, who.sub);
          logger.info('gdpr audit', { ...audit, requestId: result.exportId, outcome: 'EXPORT_STARTED' });
          await announce(notify, logger, exportAlert(result));
          return jsonResponse(202, { ...exportView(result), state: 'RUNNING', status: `/tenants/${tenantId}/exports/${result.exportId}` });
        }
        case GDPR_ROUTES.exportStatus: {
          const status = await exports.status(tenantId, requestId ?? '');
          // Each link handed out is its own audit line: who got a way to download the tenant's data, and until when.
          logger.info('gdpr audit', { ...audit, outcome: status.state, ...(status.download ? { linkExpiresAt: status.download.expiresAt } : {}) });
          return jsonResponse(200, status);
        }
        default:
          logger.warn('gdpr audit', { ...audit, outcome: 'refused', reason: 'UNKNOWN_ROUTE' });
          return statusResponse(404);
      }
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

const exportView = (r: ExportRequest) => ({ exportId: r.exportId, tenantId: r.tenantId, requestedBy: r.requestedBy, requestedAt: new Date(r.requestedAt * 1000).toISOString() });

interface Alert {
  readonly tenantId: string;
  readonly requestId: string;
  readonly subject: string;
  readonly message: Record<string, unknown>;
}

/** The alert for a recorded or confirmed erasure request, with the next step. */
function erasureAlert(r: ErasureRequest): Alert {
  const confirmed = r.status === 'CONFIRMED';
  const subject = confirmed ? `GDPR erasure confirmed: tenant ${r.tenantId}` : `GDPR erasure requested: tenant ${r.tenantId}`;
  const next = confirmed
    ? `Offboard the tenant: set state "offboarding" and "erasureRequestId": "${r.requestId}" on tenant ${r.tenantId} in the platform configuration and deploy it (docs/data-protection.md, Offboarding).`
    : `A second admin must confirm with POST /tenants/${r.tenantId}/erasure/${r.requestId}/confirm before ${new Date(r.confirmBy * 1000).toISOString()}.`;
  return { tenantId: r.tenantId, requestId: r.requestId, subject, message: { ...view(r), next } };
}

/** The alert for an export: a copy of a tenant's data is about to leave the platform, so it is never made unseen. */
function exportAlert(r: ExportRequest): Alert {
  return {
    tenantId: r.tenantId,
    requestId: r.exportId,
    subject: `GDPR export requested: tenant ${r.tenantId}`,
    message: { ...exportView(r), next: `If ${r.requestedBy} did not mean to export tenant ${r.tenantId}, follow docs/runbooks.md#compromised-admin-account.` },
  };
}

/** Publishes an alert. A failed publish does not undo the ledger's write (the ledger is the record), but is logged as an error. */
async function announce(notify: Notify, logger: Logger, alert: Alert): Promise<void> {
  try {
    await notify(alert.subject, alert.message);
  } catch (error) {
    logger.error('gdpr alert not published', { tenantId: alert.tenantId, requestId: alert.requestId, reason: 'NOTIFY_FAILED', error: error instanceof Error ? error.name : typeof error });
  }
}

/** An SNS publisher for one topic. */
export function snsNotify(sns: SNSClient, topicArn: string): Notify {
  return async (subject, message) => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: JSON.stringify(message, null, 2) }));
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

/** The handler's dependencies from its environment (at the first invocation only). */
function fromEnvironment(): GdprHandlerDependencies {
  const env = GDPR_REQUESTS_ENV;
  const ledgerTable = { dynamodb: new DynamoDBClient({}), tableName: requiredEnv(env.ledgerTable), tenantIds: listEnv(env.tenantIds) };
  // Tenants in other accounts (optional): their export functions by ARN, in the function's own region.
  const crossAccount = process.env[env.tenantExportAccounts];
  return {
    ledger: createErasureLedger({ ...ledgerTable, windowHours: integerEnv(env.erasureWindowHours, ERASURE_WINDOW_HOURS, ERASURE_WINDOW_HOURS.default) }),
    exports: createExportLedger({
      ...ledgerTable,
      retentionDays: integerEnv(env.exportRetentionDays, EXPORT_RETENTION_DAYS, EXPORT_RETENTION_DAYS.default),
      exports: lambdaTenantExports(new LambdaClient({}), tenantExportArns(crossAccount, ledgerTable.tenantIds, crossAccount ? requiredEnv('AWS_REGION') : '')),
    }),
    notify: snsNotify(new SNSClient({}), requiredEnv(env.alertTopicArn)),
    logger: createLogger('gdpr-requests'),
  };
}

export const handler = (event: APIGatewayProxyEvent) => {
  instance ??= createHandler(fromEnvironment());
  return instance(event);
};
