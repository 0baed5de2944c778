import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FUNCTION_ENVIRONMENT, LIST_SEPARATOR, tenantExportAccounts } from '../../contracts/environment';
import { ERASURE_WINDOW_HOURS, EXPORT_RETENTION_DAYS, exportFunctionName, GDPR_LEDGER_KEYS } from '../../contracts/gdpr';
import { acknowledge } from '../acknowledgements/acknowledge';
import { PlatformFunction, PlatformFunctionPlacement } from '../compute/platform-function';
import { PlatformTable } from '../data/platform-table';
import { ALERT_KEY_ALIAS } from '../naming';
import { acknowledgeInvokePermissions } from './api-permissions';
import { ControlPlaneApi } from './control-plane-api';

export interface GdprRequestsProps {
  /** The API of the admin routes (the private admin API when configured). */
  readonly api: ControlPlaneApi;
  readonly functionPlacement: PlatformFunctionPlacement;
  /** The tenants a request may name; any other id is refused before anything is written. */
  readonly tenantIds: readonly string[];
  /** Hours a recorded erasure request waits for a second admin. @default 24 */
  readonly erasureWindowHours?: number;
  /** Days an export's archive is kept (each tenant's export bucket expires it). @default 3 */
  readonly exportRetentionDays?: number;
  /** Where each recorded and confirmed erasure is announced (the high alert tier). */
  readonly alertTopic: sns.ITopic;
  /**
   * Tenants in other accounts, by id: their export functions are called by ARN in that account (each admits this
   * account's principals; lib/data/tenant-data-export.ts). @default - none: every export function is in this account
   */
  readonly tenantAccounts?: ReadonlyMap<string, string>;
}

/**
 * GDPR requests, the control plane's part (docs/data-protection.md): the request ledger (one partition per tenant,
 * under the control-plane key, point-in-time recovery, never deleted from by the function) and the handler behind
 * `POST /tenants/{tenantId}/erasure`, `POST /tenants/{tenantId}/erasure/{requestId}/confirm`,
 * `POST /tenants/{tenantId}/exports` and `GET /tenants/{tenantId}/exports/{exportId}` (admin role; the handler checks
 * the role itself, because the authorizer lets every role read `tenants/*`). The handler records, confirms, starts
 * and announces; it cannot erase or read anything of a tenant: erasure is the tenant's offboarding, deployed through
 * the pipeline, and an export runs in the tenant's own export function (lib/data/tenant-data-export.ts). A plain
 * construct, not a ConstructGroup: its resources are new, so `Gdpr` is part of their logical ids from the start.
 */
export class GdprRequests extends Construct {
  public readonly ledger: PlatformTable;
  public readonly handler: PlatformFunction;

  constructor(scope: Construct, id: string, props: GdprRequestsProps) {
    super(scope, id);
    const { api } = props;
    const { encryptionKey } = props.functionPlacement;
    const stack = Stack.of(this);
    const crossAccount = [...(props.tenantAccounts ?? new Map<string, string>())];
    const exportArn = (account: string, name: string) => stack.formatArn({ service: 'lambda', account, resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.ledger = new PlatformTable(this, 'Ledger', {
      encryptionKey,
      partitionKey: { name: GDPR_LEDGER_KEYS.partition, type: dynamodb.AttributeType.STRING },
      sortKey: { name: GDPR_LEDGER_KEYS.sort, type: dynamodb.AttributeType.STRING },
    });
    const env = FUNCTION_ENVIRONMENT.gdprRequests;
    this.handler = new PlatformFunction(this, 'Handler', {
      ...props.functionPlacement,
      entry: 'lambda/gdpr-requests/handler.ts',
      name: 'gdpr-requests',
      description: 'Records GDPR erasure requests and their confirmation by a second admin, starts tenant exports; announces each step',
      environment: {
        [env.ledgerTable]: this.ledger.table.tableName,
        [env.tenantIds]: props.tenantIds.join(LIST_SEPARATOR),
        [env.erasureWindowHours]: String(props.erasureWindowHours ?? ERASURE_WINDOW_HOURS.default),
        [env.exportRetentionDays]: String(props.exportRetentionDays ?? EXPORT_RETENTION_DAYS.default),
        [env.alertTopicArn]: props.alertTopic.topicArn,
        ...(crossAccount.length > 0 ? { [env.tenantExportAccounts]: tenantExportAccounts(props.tenantIds, (id) => props.tenantAccounts!.get(id)) } : {}),
      },
    });
    // Record, confirm, read back: no Delete, no Scan, no other table.
    this.handler.allow('RecordAndConfirmRequests', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [this.ledger.table.tableArn]);
    this.handler.allow('UseLedgerKeyThroughDynamoDb', ['kms:Decrypt', 'kms:GenerateDataKey'], [encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` },
    });
    // The tenants' export functions, by their fixed names: the handler starts an export and asks for its link; it has
    // no right on any tenant's data. (One ARN per tenant would outgrow a managed policy's 6,144 characters.)
    this.handler.allow('InvokeTenantExports', ['lambda:InvokeFunction'], [stack.formatArn({ service: 'lambda', resource: 'function', resourceName: exportFunctionName('*'), arnFormat: ArnFormat.COLON_RESOURCE_NAME })]);
    acknowledge(this.handler.policy, 'gdprTenantExportFunctionsByName');
    if (crossAccount.length > 0) {
      // One ARN per other account (not per tenant): the policy stays within a managed policy's size at any fleet size.
      const accounts = [...new Set(crossAccount.map(([, account]) => account))];
      this.handler.allow('InvokeTenantExportsInTheirAccounts', ['lambda:InvokeFunction'], accounts.map((account) => exportArn(account, exportFunctionName('*'))));
      accounts.forEach((account) => acknowledge(this.handler.policy, 'gdprTenantExportFunctionsInTheirAccounts', { account: { account } }));
    }
    this.handler.allow('AnnounceOnAlertTopic', ['sns:Publish'], [props.alertTopic.topicArn]);
    // The topic is encrypted under the alerts key (the account baseline's; its ARN is not published): SNS uses it on
    // the publisher's behalf, so the grant names the key by its alias, only through SNS.
    this.handler.allow('UseAlertKeyThroughSns', ['kms:Decrypt', 'kms:GenerateDataKey'], [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })], {
      StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ALERT_KEY_ALIAS },
    });
    acknowledge(this.handler.policy, 'gdprAlertKeyByAlias');

    const tenants = api.adminRouteRoot();
    const tenant = tenants.getResource('{tenantId}') ?? tenants.addResource('{tenantId}');
    const integration = new apigw.LambdaIntegration(this.handler.function);
    const erasure = tenant.addResource('erasure');
    const request = erasure.addMethod('POST', integration, { requestValidator: api.bodyValidator, requestParameters: { 'method.request.path.tenantId': true } });
    const confirm = erasure
      .addResource('{requestId}')
      .addResource('confirm')
      .addMethod('POST', integration, { requestValidator: api.bodyValidator, requestParameters: { 'method.request.path.tenantId': true, 'method.request.path.requestId': true } });
    const exports = tenant.addResource('exports');
    const requestExport = exports.addMethod('POST', integration, { requestValidator: api.bodyValidator, requestParameters: { 'method.request.path.tenantId': true } });
    const exportStatus = exports
      .addResource('{exportId}')
      .addMethod('GET', integration, { requestValidator: api.bodyValidator, requestParameters: { 'method.request.path.tenantId': true, 'method.request.path.exportId': true } });
    for (const method of [request, confirm, requestExport, exportStatus]) {
      acknowledge(method, 'customAuthorizerNotCognito');
      acknowledgeInvokePermissions(method);
    }
  }
}

