import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { TENANT_API_KEY_PARAMETERS } from '../../contracts/ssm-parameters';

/** At most this many tenants' key ids are cached (the fleet is at most 156 tenants). */
export const MAX_CACHED_TENANTS = 512;

export interface ApiKeyOwnersOptions {
  readonly ssm: Pick<SSMClient, 'send'>;
  /** How long a tenant's key ids are trusted before they are listed again, in seconds. @default 60 */
  readonly maxAgeSeconds?: number;
  readonly now?: () => number;
}

/**
 * `belongsTo(tenantId, apiKeyId)`: whether the key id is one of the tenant's, read from the parameters each tenant's
 * stack publishes under its own path (`TENANT_API_KEY_PARAMETERS`). The ids of a tenant are listed at most once per
 * `maxAgeSeconds`, hit or miss, so a flood of requests with a stolen key (already held to its tenant's usage plan by
 * API Gateway) costs at most one SSM call per claimed tenant and minute; a key added by a rotation is accepted within
 * that time. A failure to list is thrown (the handler answers 503), never taken as a yes.
 */
export function createApiKeyOwners(options: ApiKeyOwnersOptions) {
  const maxAgeMs = (options.maxAgeSeconds ?? 60) * 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly ids: ReadonlySet<string>; readonly at: number }>();

  async function list(tenantId: string): Promise<ReadonlySet<string>> {
    const ids = new Set<string>();
    let NextToken: string | undefined;
    do {
      const page = await options.ssm.send(new GetParametersByPathCommand({ Path: TENANT_API_KEY_PARAMETERS.path(tenantId), Recursive: false, NextToken }));
      for (const p of page.Parameters ?? []) if (p.Value) ids.add(p.Value);
      NextToken = page.NextToken;
    } while (NextToken);
    return ids;
  }

  return async (tenantId: string, apiKeyId: string): Promise<boolean> => {
    const cached = cache.get(tenantId);
    if (cached && now() - cached.at < maxAgeMs) return cached.ids.has(apiKeyId);
    const ids = await list(tenantId);
    // Bounded: a caller may claim any well-formed tenant id; the oldest entry makes room.
    if (!cached && cache.size >= MAX_CACHED_TENANTS) cache.delete(cache.keys().next().value!);
    cache.set(tenantId, { ids, at: now() });
    return ids.has(apiKeyId);
  };
}
