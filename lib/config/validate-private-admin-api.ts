import { RFC1918, TENANT_ADDRESS_SPACE } from './address-plan';
import { cidr, cidrContains, cidrsOverlap, Ipv4Cidr, parseCidr } from './cidr';
import { PrivateAdminApiConfig } from './edge-types';
import { MAX_PRIVATE_ADMIN_CIDRS } from './private-admin-api-plan';
import { checkKeys, isPlainObject, Problem, tracking } from './problems';

const AT = 'controlPlane.privateAdminApi';

/** What the private admin API is checked against: whether there is an API at all, and the WAF's allow list. */
export interface PrivateAdminApiContext {
  readonly hasIdentityProvider: boolean;
  /** `controlPlane.waf.allowList` as validated (empty: no allow list). */
  readonly wafAllowList: readonly string[];
}

/**
 * `controlPlane.privateAdminApi`: the VPN ranges that may reach the private admin API. Each is an RFC 1918 block (a VPN
 * client's address as the VPC sees it), outside the tenant address space (the private subnets' ACL denies that space,
 * and an entry for it would open the control plane to tenants), distinct, at most MAX_PRIVATE_ADMIN_CIDRS; inside the
 * WAF's allow list when there is one, because the same web ACL guards both APIs and would block the VPN otherwise.
 */
export function checkPrivateAdminApi(raw: unknown, context: PrivateAdminApiContext, problem: Problem): PrivateAdminApiConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem(AT, 'be an object with allowedCidrs', raw);
    return undefined;
  }
  checkKeys(raw, `${AT}.`, ['allowedCidrs'], problem);
  const { fail, ok } = tracking(problem);
  if (!context.hasIdentityProvider) {
    fail(AT, 'be set only with controlPlane.identityProvider (without it there is no admin API to make private)', raw);
  }
  const list = raw.allowedCidrs;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_PRIVATE_ADMIN_CIDRS) {
    fail(`${AT}.allowedCidrs`, `be a list of 1..${MAX_PRIVATE_ADMIN_CIDRS} IPv4 CIDR blocks (the VPN's address ranges)`, list);
    return undefined;
  }
  const allowList = context.wafAllowList.map((entry) => parseCidr(entry)).filter((c): c is Ipv4Cidr => typeof c !== 'string');
  list.forEach((entry: unknown, i: number) => {
    const field = `${AT}.allowedCidrs[${i}]`;
    const parsed = typeof entry === 'string' ? parseCidr(entry) : 'be an IPv4 CIDR string like 10.8.0.0/22';
    if (typeof parsed === 'string') {
      fail(field, parsed, entry);
      return;
    }
    if (!RFC1918.some((range) => cidrContains(range, parsed))) {
      fail(field, 'lie inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16', entry);
    }
    if (TENANT_ADDRESS_SPACE.some((block) => cidrsOverlap(cidr(block), parsed))) {
      fail(field, 'lie outside the tenant address space 10.100.0.0 - 10.255.255.255 (the control plane admits nothing from there)', entry);
    }
    if (list.indexOf(entry) !== i) {
      fail(field, 'not repeat an earlier entry', entry);
    }
    if (allowList.length > 0 && !allowList.some((allowed) => cidrContains(allowed, parsed))) {
      fail(field, 'lie inside controlPlane.waf.allowList (the web ACL in front of both APIs would block the VPN otherwise)', entry);
    }
  });
  return ok() ? { allowedCidrs: list as string[] } : undefined;
}
