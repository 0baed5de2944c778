/**
 * The control plane's Lambda environment budget. AWS Lambda refuses a function whose variables exceed 4 KB in all;
 * two functions carry lists that grow with the configuration: the plan signer carries every tenant id (TENANT_IDS)
 * and the CORS origins (CORS_ALLOWED_ORIGINS), the GDPR handler every tenant id and, with tenants in other accounts,
 * their positions by account (TENANT_EXPORT_ACCOUNTS). validate-tenants.ts bounds the ids alone; this bounds each
 * function's lists together by the same TENANT_IDS_MAX_BYTES (their other variables take at most ~1 KB:
 * test/config/tenant-id-budget.test.ts measures both functions at the bound).
 */
import { LIST_SEPARATOR, tenantExportAccounts } from '../../contracts/environment';
import { TENANT_IDS_MAX_BYTES } from './limits';
import { Problem } from './problems';
import { CorsConfig, PlacementConfig, TenantConfig } from './types';

export function checkEnvironmentBudget(tenants: readonly TenantConfig[], placement: PlacementConfig | undefined, cors: CorsConfig | undefined, problem: Problem): void {
  const ids = tenants.map((t) => t.id);
  // Ids, origins and account ids are ASCII: characters are bytes.
  const idBytes = ids.join(LIST_SEPARATOR).length;
  const originBytes = (cors?.allowedOrigins ?? []).join(LIST_SEPARATOR).length;
  if (originBytes > 0 && idBytes <= TENANT_IDS_MAX_BYTES && idBytes + originBytes > TENANT_IDS_MAX_BYTES) {
    problem(
      'controlPlane.cors.allowedOrigins',
      `fit the plan signer's Lambda environment together with the tenant ids: at most ${TENANT_IDS_MAX_BYTES} bytes for TENANT_IDS and CORS_ALLOWED_ORIGINS (AWS allows 4 KB of variables per function). Name fewer or shorter origins, or shorten the ids`,
      `${idBytes} + ${originBytes} bytes (ids + origins)`,
    );
  }
  const otherAccount = new Map(tenants.filter((t) => t.account !== undefined && placement?.account !== undefined && t.account !== placement.account).map((t) => [t.id, t.account!]));
  if (otherAccount.size === 0) {
    return;
  }
  const accountBytes = tenantExportAccounts(ids, (id) => otherAccount.get(id)).length;
  if (idBytes <= TENANT_IDS_MAX_BYTES && idBytes + accountBytes > TENANT_IDS_MAX_BYTES) {
    problem(
      'tenants',
      `have ids and accounts that fit the GDPR handler's Lambda environment together: at most ${TENANT_IDS_MAX_BYTES} bytes for TENANT_IDS and TENANT_EXPORT_ACCOUNTS (AWS allows 4 KB of variables per function). Shorten the ids, place fewer tenants in other accounts or split the fleet`,
      `${idBytes} + ${accountBytes} bytes (ids + accounts of ${otherAccount.size} tenants)`,
    );
  }
}
