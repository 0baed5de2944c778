/**
 * Who may call what on the control-plane API: identity-provider groups map to roles, and roles to the method/path
 * patterns they may call. One table; the authorizer's policy allows exactly these patterns and nothing else.
 * `*` in a path matches one or more path segments' characters, as in API Gateway's execute-api ARNs.
 */
import { ADMIN_GROUPS } from '../../contracts/admin-identity';

export type Role = 'viewer' | 'deployer' | 'ops' | 'admin' | 'ci-cd';

/**
 * Identity-provider group name -> human role. Groups not listed here grant nothing. The `ci-cd` role is not here: its
 * group is configured per deployment (`CI_CD_GROUP`), and it may never be one of these names.
 */
export const GROUP_ROLES: Readonly<Record<string, Exclude<Role, 'ci-cd'>>> = {
  [ADMIN_GROUPS.viewer]: 'viewer',
  [ADMIN_GROUPS.deployer]: 'deployer',
  [ADMIN_GROUPS.ops]: 'ops',
  [ADMIN_GROUPS.admin]: 'admin',
};

export interface RoutePattern {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | '*';
  /** Path without the leading slash, e.g. `tenants/*`. */
  readonly path: string;
}

const READ: readonly RoutePattern[] = [
  { method: 'GET', path: 'tenants' },
  { method: 'GET', path: 'tenants/*' },
];

/** Role -> allowed routes. Roles do not inherit implicitly; what each may do is spelled out. */
export const ROLE_ROUTES: Readonly<Record<Role, readonly RoutePattern[]>> = {
  viewer: READ,
  deployer: [...READ, { method: 'POST', path: 'tenants/*/plans' }],
  ops: [...READ, { method: 'POST', path: 'tenants/*/sidecars/*/revoke' }, { method: 'GET', path: 'ops/*' }],
  admin: [{ method: '*', path: '*' }],
  /**
   * Automation (a pipeline's client-credentials token): it deploys through CloudFormation with its deploy role, not
   * through this API, and needs the API only to check afterwards that the tenants it deployed are listed and answer.
   * Never plan signing (a plan is what a data plane executes: a human deployer with MFA signs it), never sidecar
   * revocation or ops routes, never admin.
   */
  'ci-cd': READ,
};

/**
 * Reads under `tenants/*` that only an admin may make, denied explicitly to every other role although READ covers
 * them: a GDPR export's status carries a download link to all of a tenant's data. The GDPR handler checks the role
 * too; this keeps one check from being the only one.
 */
export const ADMIN_ONLY_READS: readonly RoutePattern[] = [{ method: 'GET', path: 'tenants/*/exports/*' }];

/** The routes denied to a set of roles despite an allowed pattern: the admin-only reads, unless one role is admin. */
export function deniedRoutesFor(roles: readonly Role[]): readonly RoutePattern[] {
  return roles.includes('admin') ? [] : ADMIN_ONLY_READS;
}

const ROLE_ORDER: readonly Role[] = ['viewer', 'deployer', 'ops', 'admin', 'ci-cd'];

/** The roles a token's groups grant, in a stable order; `ciCdGroup`, if configured, grants `ci-cd`. */
export function rolesFor(groups: readonly string[], ciCdGroup?: string): Role[] {
  const roles = new Set<Role>();
  for (const group of groups) {
    const role = Object.hasOwn(GROUP_ROLES, group) ? GROUP_ROLES[group] : group === ciCdGroup ? 'ci-cd' : undefined;
    if (role) {
      roles.add(role);
    }
  }
  return ROLE_ORDER.filter((r) => roles.has(r));
}

const routeMemo = new Map<string, readonly RoutePattern[]>();

/** The distinct routes a set of roles may call (remembered per set: there are at most 2^5 of them). */
export function routesFor(roles: readonly Role[]): readonly RoutePattern[] {
  const memoKey = roles.join(',');
  const known = routeMemo.get(memoKey);
  if (known) return known;
  const seen = new Map<string, RoutePattern>();
  for (const role of roles) {
    for (const route of ROLE_ROUTES[role]) {
      seen.set(`${route.method} ${route.path}`, route);
    }
  }
  const routes = [...seen.values()];
  routeMemo.set(memoKey, routes);
  return routes;
}
