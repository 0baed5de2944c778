import { EC2Client } from '@aws-sdk/client-ec2';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { ATTACHMENT_ACCEPTOR_ENV, LIST_SEPARATOR } from '../../contracts/environment';
import { PLATFORM_METRICS } from '../../contracts/metrics';
import { tenantVpcCidr } from '../../contracts/platform';
import { ConfigurationError, requiredEnv } from '../shared/env';
import { Action, decide, HubTables, Observation, PlannedAttachment } from './decide';
import { apply, observe } from './hub-api';

const METRIC = PLATFORM_METRICS.attachmentsRefused;
/** Tenant numbers are 0..155 (10.100.0.0/16 .. 10.255.0.0/16); a larger one is no tenant's. */
const TENANT_NUMBER_LIMIT = 155;

/** Parses `<account>=<N>.<N>,...`: anything else is a deployment error, not an attachment to guess about. */
export function parsePlannedAttachments(value: string): PlannedAttachment[] {
  return value.split(LIST_SEPARATOR).flatMap((entry) => {
    const [account, numbers, extra] = entry.split('=');
    const parsed = (numbers ?? '').split('.').map((n) => (/^\d{1,3}$/.test(n) && Number(n) <= TENANT_NUMBER_LIMIT ? Number(n) : undefined));
    if (!/^\d{12}$/.test(account ?? '') || extra !== undefined || parsed.some((n) => n === undefined)) {
      throw new ConfigurationError(`environment: '${ATTACHMENT_ACCEPTOR_ENV.plannedAttachments}' must be <12-digit account>=<tenant numbers joined by .> entries, got ${JSON.stringify(entry)}`);
    }
    return (parsed as number[]).map((tenantNumber) => ({ account, cidr: tenantVpcCidr(tenantNumber), tenantNumber }));
  });
}

/**
 * One run (scheduled): observe the hub, decide, apply every action, log every refusal and publish how many there are,
 * zero included, so a missing datapoint means the acceptor stopped. A failed action fails the run (retried next time).
 */
export function createHandler(deps: { observe: () => Promise<Observation>; apply: (action: Action) => Promise<void> }, plan: readonly PlannedAttachment[], tables: HubTables, logger: Logger, metrics: Metrics) {
  return async (): Promise<{ actions: number; refused: number; waiting: number }> => {
    const decision = decide(plan, tables, await deps.observe());
    for (const action of decision.actions) {
      logger.info('attachment action', { ...action });
      await deps.apply(action);
    }
    for (const refusal of decision.refusals) {
      logger.warn('attachment refused', { ...refusal });
    }
    metrics.addMetric(METRIC.name, MetricUnit.Count, decision.refusals.length);
    metrics.publishStoredMetrics();
    return { actions: decision.actions.length, refused: decision.refusals.length, waiting: decision.waiting.length };
  };
}

let instance: ReturnType<typeof createHandler> | undefined;

export const handler = async (_event: unknown, context: { invokedFunctionArn: string }) => {
  if (!instance) {
    const ec2 = new EC2Client({});
    const env = ATTACHMENT_ACCEPTOR_ENV;
    const tables = { tenant: requiredEnv(env.tenantRouteTableId), controlPlane: requiredEnv(env.controlPlaneRouteTableId), verification: requiredEnv(env.verificationRouteTableId) };
    const transitGatewayId = requiredEnv(env.transitGatewayId);
    // The hub's account is the function's own (arn:<partition>:lambda:<region>:<account>:function:<name>).
    const hubAccount = context.invokedFunctionArn.split(':')[4];
    instance = createHandler(
      { observe: () => observe(ec2, hubAccount, transitGatewayId, tables), apply: (action) => apply(ec2, action) },
      parsePlannedAttachments(requiredEnv(env.plannedAttachments)),
      tables,
      new Logger({ serviceName: METRIC.service }),
      new Metrics({ namespace: METRIC.namespace, serviceName: METRIC.service }),
    );
  }
  return instance();
};
