import { ADMIN_GROUPS, ADMIN_IDENTITY_RANGES, EMAIL_DOMAIN } from '../../contracts/admin-identity';
import { DEFAULT_IDENTITY_CONTROLS } from './defaults';
import { checkKeys, isHttpsUrl, isIntegerIn, isPlainObject, Problem, tracking } from './problems';
import { IdentityProviderConfig } from './types';

const AT = 'controlPlane.identityProvider';
const GROUP_NAME = /^[\w+=,.@ -]{1,128}$/;

/** The `controlPlane.identityProvider` section with its identity controls defaulted; undefined when absent or wrong. */
export function checkIdentityProvider(raw: unknown, problem: Problem): IdentityProviderConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problem(AT, 'be an object with jwksUrl, issuer and audience', raw);
    return undefined;
  }
  checkKeys(raw, `${AT}.`, ['jwksUrl', 'issuer', 'audience', 'requireMfa', 'allowedEmailDomains', 'maxTokenLifetimeSeconds', 'maxAuthAgeSeconds', 'jwksMaxAgeSeconds', 'ciCdGroup'], problem);
  const { fail, ok } = tracking(problem);
  if (typeof raw.jwksUrl !== 'string' || !isHttpsUrl(raw.jwksUrl)) {
    fail(`${AT}.jwksUrl`, 'be an https:// URL', raw.jwksUrl);
  }
  for (const key of ['issuer', 'audience'] as const) {
    if (typeof raw[key] !== 'string' || (raw[key] as string).trim() === '' || (raw[key] as string).length > 512) {
      fail(`${AT}.${key}`, 'be a non-empty string of at most 512 characters', raw[key]);
    }
  }
  const controls = { ...DEFAULT_IDENTITY_CONTROLS, ...raw };
  if (typeof controls.requireMfa !== 'boolean') {
    fail(`${AT}.requireMfa`, 'be true or false', controls.requireMfa);
  }
  const domains = controls.allowedEmailDomains;
  if (!Array.isArray(domains)) {
    fail(`${AT}.allowedEmailDomains`, 'be an array of DNS domain names like example.com', domains);
  } else {
    domains.forEach((d: unknown, i: number) => {
      if (typeof d !== 'string' || !EMAIL_DOMAIN.test(d)) {
        fail(`${AT}.allowedEmailDomains[${i}]`, 'be a DNS domain name like example.com', d);
      }
    });
  }
  for (const key of ['maxTokenLifetimeSeconds', 'maxAuthAgeSeconds', 'jwksMaxAgeSeconds'] as const) {
    const { min, max } = ADMIN_IDENTITY_RANGES[key];
    if (!isIntegerIn(controls[key], min, max)) {
      fail(`${AT}.${key}`, `be an integer number of seconds in ${min}..${max}`, controls[key]);
    }
  }
  const group = raw.ciCdGroup;
  if (group !== undefined && (typeof group !== 'string' || !GROUP_NAME.test(group) || (Object.values(ADMIN_GROUPS) as string[]).includes(group))) {
    fail(`${AT}.ciCdGroup`, `be a group name that grants no human role (not ${Object.values(ADMIN_GROUPS).join(', ')})`, group);
  }
  if (!ok()) {
    return undefined;
  }
  return {
    jwksUrl: raw.jwksUrl as string,
    issuer: raw.issuer as string,
    audience: raw.audience as string,
    requireMfa: controls.requireMfa as boolean,
    allowedEmailDomains: [...(domains as string[])],
    maxTokenLifetimeSeconds: controls.maxTokenLifetimeSeconds as number,
    maxAuthAgeSeconds: controls.maxAuthAgeSeconds as number,
    jwksMaxAgeSeconds: controls.jwksMaxAgeSeconds as number,
    ...(group !== undefined ? { ciCdGroup: group as string } : {}),
  };
}
