/**
 * The GDPR handler's environment budget: it carries every tenant id (TENANT_IDS) and, with tenants in other accounts,
 * their positions by account (TENANT_EXPORT_ACCOUNTS); AWS Lambda refuses a function whose variables exceed 4 KB.
 * validate-tenants.ts bounds the ids alone; this bounds both together, once the placement says which tenants live in
 * other accounts.
 */
import { LIST_SEPARATOR, tenantExportAccounts } from '../../contracts/environment';
import { TENANT_IDS_MAX_BYTES } from './limits';
import { Problem } from './problems';
import { PlacementConfig, TenantConfig } from './types';

export function checkEnvironmentBudget(tenants: readonly TenantConfig[], placement: PlacementConfig, problem: Problem): void {
  const ids = tenants.map((t) => t.id);
  const otherAccount = new Map(tenants.filter((t) => t.account !== undefined && t.account !== placement.account).map((t) => [t.id, t.account!]));
  if (otherAccount.size === 0) {
    return;
  }
  // Ids and account ids are ASCII: characters are bytes.
  const idBytes = ids.join(LIST_SEPARATOR).length;
  const accountBytes = tenantExportAccounts(ids, (id) => otherAccount.get(id)).length;
  if (idBytes + accountBytes > TENANT_IDS_MAX_BYTES) {
    problem(
      'tenants',
      `have ids and accounts that fit the GDPR handler's Lambda environment together: at most ${TENANT_IDS_MAX_BYTES} bytes for TENANT_IDS and TENANT_EXPORT_ACCOUNTS (AWS allows 4 KB of variables per function). Shorten the ids, place fewer tenants in other accounts or split the fleet`,
      `${idBytes} + ${accountBytes} bytes (ids + accounts of ${otherAccount.size} tenants)`,
    );
  }
}
