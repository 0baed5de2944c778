import { numericDate } from '../shared/jwt-claims';
import { Role, rolesFor } from './permissions';

/**
 * Who may act as an administrator (SOC 2 CC6.1), judged on a token whose signature and registered claims are already
 * verified. Human roles need: a verified e-mail (on an allowed domain, if a list is configured), a second factor in
 * `amr`, and a recent authentication (`auth_time`). The `ci-cd` role is a machine identity (a client-credentials token
 * has no e-mail, amr or auth_time); it is exempt from those three checks only when it is the token's sole role, and
 * its routes are read-only (permissions.ts).
 */
export type IdentityReason =
  | 'MISSING_CLAIM'
  | 'MALFORMED_CLAIM'
  | 'BAD_GROUPS'
  | 'EMAIL_NOT_VERIFIED'
  | 'EMAIL_DOMAIN_NOT_ALLOWED'
  | 'MFA_REQUIRED'
  | 'AUTH_TIME_MISSING'
  | 'AUTH_TIME_IN_FUTURE'
  | 'AUTH_TOO_OLD'
  | 'CI_CD_ROLE_MIXED';

export class IdentityRefused extends Error {
  constructor(public readonly reason: IdentityReason, options?: ErrorOptions) {
    super(`identity refused: ${reason}`, options);
    this.name = 'IdentityRefused';
  }
}

export interface IdentityPolicy {
  readonly requireMfa: boolean;
  /** Lower-case domains; empty: any domain. */
  readonly allowedEmailDomains: ReadonlySet<string>;
  readonly maxAuthAgeSeconds: number;
  readonly ciCdGroup?: string;
  readonly toleranceSeconds: number;
}

export interface AdminIdentity {
  readonly sub: string;
  /** Absent only for a ci-cd machine identity. */
  readonly email?: string;
  readonly groups: readonly string[];
  readonly roles: readonly Role[];
}

/**
 * RFC 8176 method values by authentication factor. `mfa` is the provider's own statement that several factors were
 * used; otherwise two values from different factors must appear. Not counted as a factor: `sms` and `tel` (NIST SP
 * 800-63B 5.1.3.3 restricts them: SIM swap, number porting), `mca` (several channels, not several factors), `user`,
 * `geo`, `rba`, `wia` (context signals, not factors).
 */
const FACTOR: Readonly<Record<string, 'knowledge' | 'possession' | 'inherence'>> = {
  pwd: 'knowledge', pin: 'knowledge', kba: 'knowledge',
  hwk: 'possession', swk: 'possession', otp: 'possession', sc: 'possession', pop: 'possession',
  fpt: 'inherence', face: 'inherence', iris: 'inherence', retina: 'inherence', vbm: 'inherence',
};
const MAX_AMR_VALUES = 32;

export function showsSecondFactor(amr: readonly string[]): boolean {
  if (amr.includes('mfa')) return true;
  return new Set(amr.filter((m) => Object.hasOwn(FACTOR, m)).map((m) => FACTOR[m])).size >= 2;
}

/** The domain of an address with exactly one `@` and both parts non-empty, lower-cased; otherwise undefined. */
export function emailDomain(email: string): string | undefined {
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || at === email.length - 1) return undefined;
  return email.slice(at + 1).toLowerCase();
}

function checkEmail(payload: Record<string, unknown>, policy: IdentityPolicy): string {
  if (typeof payload.email !== 'string' || !('email_verified' in payload)) throw new IdentityRefused('MISSING_CLAIM');
  if (payload.email_verified !== true) throw new IdentityRefused('EMAIL_NOT_VERIFIED');
  if (policy.allowedEmailDomains.size > 0 && !policy.allowedEmailDomains.has(emailDomain(payload.email) ?? '')) {
    throw new IdentityRefused('EMAIL_DOMAIN_NOT_ALLOWED');
  }
  return payload.email;
}

function checkHumanFactors(payload: Record<string, unknown>, policy: IdentityPolicy, nowSeconds: number): void {
  if (policy.requireMfa) {
    const amr = payload.amr;
    if (amr === undefined) throw new IdentityRefused('MFA_REQUIRED');
    if (!Array.isArray(amr) || amr.length > MAX_AMR_VALUES || amr.some((m) => typeof m !== 'string')) throw new IdentityRefused('MALFORMED_CLAIM');
    if (!showsSecondFactor(amr)) throw new IdentityRefused('MFA_REQUIRED');
  }
  let authTime: number | undefined;
  try {
    authTime = numericDate(payload, 'auth_time');
  } catch {
    throw new IdentityRefused('MALFORMED_CLAIM');
  }
  if (authTime === undefined) throw new IdentityRefused('AUTH_TIME_MISSING');
  if (authTime > nowSeconds + policy.toleranceSeconds) throw new IdentityRefused('AUTH_TIME_IN_FUTURE');
  if (nowSeconds - authTime > policy.maxAuthAgeSeconds) throw new IdentityRefused('AUTH_TOO_OLD');
}

/** The identity of a verified payload under `policy`, or IdentityRefused with the first rule it breaks. */
export function identityFrom(payload: Record<string, unknown>, policy: IdentityPolicy, nowSeconds: number): AdminIdentity {
  if (typeof payload.sub !== 'string' || payload.sub === '' || !('user_groups' in payload)) throw new IdentityRefused('MISSING_CLAIM');
  const groups = payload.user_groups;
  if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) throw new IdentityRefused('BAD_GROUPS');
  const roles = rolesFor(groups as string[], policy.ciCdGroup);
  if (roles.includes('ci-cd')) {
    if (roles.length > 1) throw new IdentityRefused('CI_CD_ROLE_MIXED');
    const email = 'email' in payload ? checkEmail(payload, policy) : undefined;
    return { sub: payload.sub, email, groups: groups as string[], roles };
  }
  const email = checkEmail(payload, policy);
  checkHumanFactors(payload, policy, nowSeconds);
  return { sub: payload.sub, email, groups: groups as string[], roles };
}
