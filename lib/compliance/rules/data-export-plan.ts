import { TENANT_EXPORT_ENV } from '../../../contracts/environment';
import { EXPORT_QUEUE_SECONDS, EXPORT_RUN_SECONDS, exportFunctionName } from '../../../contracts/gdpr';
import { tenantPlan } from '../../config/tenant-plan';
import { tenantConfig } from '../topology';
import { remembered } from './memo';
import { RuleContext, TemplateResource } from './rule';
import { asList, exportBuckets, referencedId, referencedResource, tenantDataBucket, text } from './template';

/**
 * What a tenant's data export is (lib/data/tenant-data-export.ts), drawn from the tenant stack's own template, for
 * DataExportAsPlanned and the rules that leave the export's resources to it.
 */

/** The logical id of this tenant's export function: the function named exportFunctionName(tenant), if exactly one. */
export function exportFunction(context: RuleContext): string | undefined {
  return remembered(context, 'export function', () => {
    if (context.role.kind !== 'tenant') return undefined;
    // Called for every role, policy, function and invoke configuration of a tenant stack (and every mutant of it): one
    // pass, no allocation.
    const name = exportFunctionName(context.role.tenantId);
    const resources = context.template.Resources ?? {};
    let found: string | undefined;
    for (const id in resources) {
      const r = resources[id];
      if (r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName === name) {
        if (found !== undefined) return undefined;
        found = id;
      }
    }
    return found;
  });
}

/** Whether an EventInvokeConfig configures this tenant's export function. */
export function isExportInvokeConfig(resource: TemplateResource, context: RuleContext): boolean {
  const fn = exportFunction(context);
  return resource.Type === 'AWS::Lambda::EventInvokeConfig' && fn !== undefined && referencedId(resource.Properties?.FunctionName) === fn;
}

/** The tenant key's logical id: the key the tenant's alias (tenantPlan().keyAlias) targets. */
export function tenantKey(context: RuleContext): string | undefined {
  return remembered(context, 'tenant key', () => {
    if (context.role.kind !== 'tenant') return undefined;
    const alias = tenantPlan(tenantConfig(context.topology, context.role.tenantId)).keyAlias;
    const found = Object.values(context.template.Resources ?? {}).filter((r) => r.Type === 'AWS::KMS::Alias' && r.Properties?.AliasName === alias);
    return found.length === 1 ? referencedId(found[0].Properties?.TargetKeyId) : undefined;
  });
}

/** The one resource of a type in the template, if exactly one. */
function onlyOf(context: RuleContext, type: string): string | undefined {
  const found = Object.entries(context.template.Resources ?? {}).filter(([, r]) => r.Type === type);
  return found.length === 1 ? found[0][0] : undefined;
}

/** A region as a template writes it: the stack's own, or a literal region of a region-pinned stack. */
const REGION = /^(\$\{AWS::Region\}|[a-z]{2}(-[a-z]+)+-\d)$/;

/** The export function's planned environment, as text: its own tenant, table, buckets and key, and nothing else. */
export function plannedEnvironment(context: RuleContext): Record<string, string> | undefined {
  return remembered(context, 'export environment', () => {
    const exportBucket = [...exportBuckets(context.template)];
    const [table, data, key] = [onlyOf(context, 'AWS::DynamoDB::Table'), tenantDataBucket(context.template), tenantKey(context)];
    if (context.role.kind !== 'tenant' || exportBucket.length !== 1 || !table || !data || !key) return undefined;
    const env = TENANT_EXPORT_ENV;
    return {
      POWERTOOLS_SERVICE_NAME: 'export',
      [env.tenantId]: context.role.tenantId,
      [env.tableName]: `\${${table}}`,
      [env.dataBucket]: `\${${data}}`,
      [env.exportBucket]: `\${${exportBucket[0]}}`,
      [env.keyArn]: `\${${key}.Arn}`,
    };
  });
}

/** One statement as text: effect, sorted actions, resources, conditions (values rendered by text()). */
export function statementText(s: any): string {
  const conditions = Object.entries(s?.Condition ?? {}).map(([op, kv]) => `${op}:${Object.entries(kv as object).map(([k, v]) => `${k}=${asList(v).map(text).sort().join('|')}`).join(',')}`);
  return `${text(s?.Sid)} ${text(s?.Effect)} ${asList(s?.Action).map(text).sort().join(',')}${s?.NotAction ? ` NOT ${asList(s.NotAction).map(text).join(',')}` : ''} ON ${asList(s?.Resource).map(text).sort().join(',')}${s?.NotResource ? ` NOTON ${asList(s.NotResource).map(text).join(',')}` : ''}${s?.Principal ? ' PRINCIPAL' : ''} IF ${conditions.join(';')}`;
}

/**
 * The export role's planned statements as statementText renders them, sorted: the function baseline (its own log
 * group, VPC networking and tracing) and exactly the export's data access. `via` is the kms:ViaService region form
 * used; a statement naming a region the tenant may not be in matches no plan.
 */
export function plannedStatements(context: RuleContext, logGroup: string | undefined, region: string): string[] | undefined {
  return remembered(context, `export statements ${logGroup} ${region}`, () => {
    const env = plannedEnvironment(context);
    if (!env || !logGroup) return undefined;
    const id = (v: string) => v.slice(2, -1);
    const [table, data, exportBucket, key] = [id(env.TABLE_NAME), id(env.DATA_BUCKET), id(env.EXPORT_BUCKET), id(env.TENANT_KEY_ARN).replace(/\.Arn$/, '')];
    const s = (Sid: string, Action: string[], Resource: string[], Condition?: object) => statementText({ Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
    return [
      s('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [`\${${logGroup}.Arn}`]),
      s('VpcNetworking', ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'], ['*']),
      s('Tracing', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']),
      s('ScanTenantTable', ['dynamodb:Scan'], [`\${${table}.Arn}`]),
      s('ReadTenantObjects', ['s3:ListBucket'], [`\${${data}.Arn}`]),
      s('ReadTenantObjectsContent', ['s3:GetObject'], [`\${${data}.Arn}/*`]),
      s('FindExports', ['s3:ListBucket'], [`\${${exportBucket}.Arn}`]),
      s('WriteAndSignExports', ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], [`\${${exportBucket}.Arn}/exports/*`]),
      s('UseTenantKeyThroughDataServices', ['kms:Decrypt', 'kms:GenerateDataKey'], [`\${${key}.Arn}`], { StringEquals: { 'kms:ViaService': [`s3.${region}.amazonaws.com`, `dynamodb.${region}.amazonaws.com`] } }),
    ].sort();
  });
}

/** The region a statement list's kms:ViaService names (the stack's own, or a pinned stack's literal), for choosing the plan to compare with. */
export function viaRegion(statements: unknown[]): string {
  const via = statements.flatMap((st: any) => asList(st?.Condition?.StringEquals?.['kms:ViaService']).map(text));
  const found = via.map((v) => /^s3\.(.+)\.amazonaws\.com$/.exec(v)?.[1]).find((r) => r !== undefined);
  return found !== undefined && REGION.test(found) ? found : '${AWS::Region}';
}

/** The export function's one-attempt invoke configuration, as planned. */
export const PLANNED_INVOKE_CONFIG = { Qualifier: '$LATEST', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: EXPORT_QUEUE_SECONDS } as const;
export const PLANNED_TIMEOUT = EXPORT_RUN_SECONDS;

/** The log group a function writes to (LoggingConfig.LogGroup), as a logical id. */
export function functionLogGroup(context: RuleContext, fn: string): string | undefined {
  return referencedResource(context.template, context.template.Resources?.[fn]?.Properties?.LoggingConfig?.LogGroup)?.logicalId;
}
